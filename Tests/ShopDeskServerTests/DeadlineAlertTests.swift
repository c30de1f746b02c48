import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import ShopDeskChannels
import Synchronization
import Testing

@testable import ShopDeskCore
@testable import ShopDeskServer
@testable import ShopDeskStore

/// A seller's webhook endpoint on loopback: records every request, and answers with the statuses it is
/// given (then 204).
final class WebhookReceiver: Sendable {
    struct Delivery: Sendable {
        var headers: HTTPFields
        var body: [UInt8]

        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(self.body))) as? [String: Any] ?? [:] }
        var signature: String? { self.headers[HTTPField.Name("X-ShopDesk-Signature")!] }
        var deliveryID: String? { self.headers[HTTPField.Name("X-ShopDesk-Delivery")!] }
    }

    private let received = Mutex<[Delivery]>([])
    private let statuses: Mutex<[HTTPResponse.Status]>

    init(answering statuses: [HTTPResponse.Status] = []) {
        self.statuses = Mutex(statuses)
    }

    var deliveries: [Delivery] { self.received.withLock { $0 } }

    /// Runs a live server for `body`, which gets the URL to configure.
    func run<R: Sendable>(_ body: @Sendable (URL) async throws -> R) async throws -> R {
        let router = Router()
        router.post("/hook") { request, context -> Response in
            let bytes = try await request.body.collect(upTo: 1 << 20)
            self.received.withLock { $0.append(Delivery(headers: request.headers, body: Array(buffer: bytes))) }
            let status = self.statuses.withLock { $0.isEmpty ? .noContent : $0.removeFirst() }
            return Response(status: status)
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: TestApp.logger)
        return try await app.test(.live) { client in
            let port = try #require(client.port)
            return try await body(URL(string: "http://127.0.0.1:\(port)/hook")!)
        }
    }
}

/// Collects a workspace's deadline alerts from the realtime hub.
final class AlertCollector: Sendable {
    private let alerts = Mutex<[FiredAlert]>([])

    var all: [FiredAlert] { self.alerts.withLock { $0 } }

    func collect(_ stream: AsyncStream<WorkspaceEvent>) async {
        for await event in stream {
            if case .slaAlert(let alert) = event { self.alerts.withLock { $0.append(alert) } }
        }
    }
}

/// A data directory with an owner, a custom channel with a 3-hour first-response target and a webhook,
/// and a test clock; `withApp` runs the application on it with the hub subscribed.
struct AlertHarness: Sendable {
    static let hour: TimeInterval = 3600

    var settings: AppSettings
    var clock: TestClock
    var workspace: Workspace.ID
    var channel: ChannelAccount.ID
    var channelSecret: String
    var hookSecret: String

    static func run<R: Sendable>(hookURL: URL, _ body: @Sendable (AlertHarness) async throws -> R) async throws -> R {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("shopdesk-alerts-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var settings = AppSettings(dataDirectory: directory.path, logLevel: .warning, bcryptCost: 4, callPlatforms: false)
        settings.port = 0
        _ = try await Administration.createAdmin(
            settings, email: "owner@example.com", password: "correct horse battery", name: "Owner", logger: TestApp.logger)
        let clock = TestClock(start: Date(timeIntervalSince1970: 1_780_000_000))
        let channelSecret = "site-secret-\(UUID().uuidString)"
        let hookSecret = "hook-secret-\(UUID().uuidString)"
        let secrets = try SecretBox.load(environmentKey: nil, dataDirectory: settings.dataDirectory)
        let (workspace, channel) = try await SQLStore.withStore(try settings.databaseLocation(), secrets: secrets, logger: TestApp.logger) { store in
            let workspace = try #require(try await store.firstWorkspace())
            let channel = try await store.createChannelAccount(
                workspace: workspace.id, platform: .custom, name: "Site", market: "TH", timeZone: nil,
                credentials: ChannelCredentials(["signing_secret": channelSecret]), now: clock.wallTime
            )
            try await store.setServiceLevelPolicy(
                ServiceLevelPolicy(firstResponse: 3 * Self.hour, nextResponse: Self.hour), for: channel.id, workspace: workspace.id,
                now: clock.wallTime
            )
            try await store.setAlertSettings(
                AlertSettings(webhookURL: hookURL, webhookSecret: hookSecret), workspace: workspace.id, now: clock.wallTime)
            return (workspace.id, channel.id)
        }
        return try await body(
            AlertHarness(
                settings: settings, clock: clock, workspace: workspace, channel: channel, channelSecret: channelSecret, hookSecret: hookSecret
            ))
    }

    /// Runs the application (its services included) with the test clock, collecting the workspace's alerts.
    func withApp<R: Sendable>(_ body: @Sendable (any TestClientProtocol, AlertCollector) async throws -> R) async throws -> R {
        let hub = EventHub()
        let clock = self.clock
        let app = try await buildApplication(self.settings, logger: TestApp.logger, now: { clock.wallTime }, clock: clock, events: hub)
        return try await app.test(.router) { client in
            let collector = AlertCollector()
            let events = hub.subscribe(workspace: self.workspace)
            return try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await collector.collect(events) }
                defer { group.cancelAll() }
                return try await body(client, collector)
            }
        }
    }

    /// A buyer message sent now through the signed custom-channel API; returns its conversation.
    func buyerWrites(_ id: String, thread: String, client: any TestClientProtocol) async throws -> Conversation.ID {
        let sentAt = ISO8601DateFormatter().string(from: self.clock.wallTime)
        let body =
            #"{"message_id":"\#(id)","conversation_id":"\#(thread)","buyer":{"id":"buyer-\#(thread)"},"text":"còn hàng không?","sent_at":"\#(sentAt)"}"#
        var headers = HTTPFields()
        headers[HTTPField.Name("X-ShopDesk-Signature")!] = PlatformSignature.custom(signingSecret: self.channelSecret, body: Array(body.utf8))
        let response = try await client.json(.post, "/api/v1/channels/\(self.channel)/messages", rawBody: body, headers: headers)
        #expect(response.status == .accepted)
        return Conversation.ID(try #require(response["conversation_id"] as? String))
    }

    /// Moves the clock (and wall time) to `seconds` after the clock's start.
    func advance(to seconds: TimeInterval) {
        self.clock.advance(by: .seconds(self.clock.start.addingTimeInterval(seconds).timeIntervalSince(self.clock.wallTime)))
    }
}

@Suite("Deadline alerts, end to end")
struct DeadlineAlertTests {
    static let hour: TimeInterval = 3600

    @Test("advancing the clock past T-2h, T-30m and the deadline fires each alert once, in the app and on the signed webhook")
    func alertsFireOnceEach() async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { hookURL in
            try await AlertHarness.run(hookURL: hookURL) { harness in
                try await harness.withApp { client, collector in
                    @Sendable func alerts(for conversation: Conversation.ID) -> [DeadlineAlert] {
                        collector.all.filter { $0.conversationID == conversation }.map(\.alert)
                    }
                    @Sendable func deliveries(for conversation: Conversation.ID) -> [WebhookReceiver.Delivery] {
                        receiver.deliveries.filter { $0.json["conversation_id"] as? String == conversation.rawValue }
                    }

                    let start = harness.clock.wallTime
                    let conversation = try await harness.buyerWrites("m1", thread: "t1", client: client)
                    let deadline = start.addingTimeInterval(3 * Self.hour)

                    let expected: [(advanceTo: TimeInterval, alert: DeadlineAlert)] = [
                        (1 * Self.hour + 1, .preBreach(lead: 7200)),
                        (2.5 * Self.hour + 1, .preBreach(lead: 1800)),
                        (3 * Self.hour + 1, .breach),
                    ]
                    for (index, step) in expected.enumerated() {
                        harness.advance(to: step.advanceTo)
                        let soFar = expected[...index].map(\.alert)
                        #expect(
                            await eventually { alerts(for: conversation) == soFar && deliveries(for: conversation).count == soFar.count },
                            "after \(step.advanceTo) s: in app \(alerts(for: conversation)), on the webhook \(deliveries(for: conversation).count)")
                    }

                    // Much later nothing more fires for it. A second conversation's first warning, seen on both
                    // sides, shows that the scheduler and the sender have passed that point.
                    harness.advance(to: 13 * Self.hour)
                    let later = try await harness.buyerWrites("m2", thread: "t2", client: client)
                    harness.advance(to: 14 * Self.hour + 1)
                    #expect(await eventually { alerts(for: later) == [.preBreach(lead: 7200)] && deliveries(for: later).count == 1 })
                    #expect(alerts(for: conversation) == expected.map(\.alert))

                    let received = deliveries(for: conversation)
                    #expect(received.count == 3)
                    for (delivery, step) in zip(received, expected) {
                        let signature = try #require(delivery.signature)
                        #expect(
                            PlatformSignature.matches(
                                signature, expected: PlatformSignature.custom(signingSecret: harness.hookSecret, body: delivery.body)))
                        #expect(delivery.json["type"] as? String == step.alert.type)
                        #expect(delivery.json["lead_seconds"] as? Int == step.alert.leadSeconds)
                        #expect(delivery.json["channel_account_id"] as? String == harness.channel.rawValue)
                        #expect(delivery.json["workspace_id"] as? String == harness.workspace.rawValue)
                        #expect(delivery.json["deadline"] as? String == Self.iso(deadline))
                        #expect(delivery.deliveryID == delivery.json["id"] as? String)
                    }
                    let inApp = collector.all.filter { $0.conversationID == conversation }
                    #expect(
                        inApp.allSatisfy { $0.deadline == deadline && $0.channelAccountID == harness.channel && $0.workspaceID == harness.workspace })
                    #expect(zip(inApp, expected).allSatisfy { alert, step in alert.firedAt >= start.addingTimeInterval(step.advanceTo) })
                }
            }
        }
    }

    @Test("after a restart the queue is rebuilt from the store: alerts fired before do not fire again, a webhook left pending is sent")
    func rebuiltAfterRestart() async throws {
        // The first webhook is answered 503: the server stops while it waits to retry.
        let receiver = WebhookReceiver(answering: [.serviceUnavailable])
        try await receiver.run { hookURL in
            try await AlertHarness.run(hookURL: hookURL) { harness in
                let conversation = try await harness.withApp { client, collector in
                    let conversation = try await harness.buyerWrites("m1", thread: "t1", client: client)
                    harness.advance(to: Self.hour + 1)
                    #expect(await eventually { collector.all.map(\.alert) == [.preBreach(lead: 7200)] && receiver.deliveries.count == 1 })
                    return conversation
                }
                harness.advance(to: 2.5 * Self.hour + 1)
                try await harness.withApp { _, collector in
                    // The 30-minute warning fell due while the server was down: it fires on start-up, once;
                    // the 2-hour warning's webhook is sent again, the in-app alert is not.
                    #expect(await eventually { collector.all.map(\.alert) == [.preBreach(lead: 1800)] && receiver.deliveries.count == 3 })
                    harness.advance(to: 3 * Self.hour + 1)
                    #expect(await eventually { collector.all.map(\.alert) == [.preBreach(lead: 1800), .breach] && receiver.deliveries.count == 4 })
                    #expect(collector.all.allSatisfy { $0.conversationID == conversation })
                }
                let deliveries = receiver.deliveries
                let twoHours = deliveries.filter { $0.json["lead_seconds"] as? Int == 7200 }
                #expect(twoHours.count == 2)
                #expect(Set(twoHours.map(\.deliveryID)).count == 1)
                #expect(deliveries.filter { $0.json["lead_seconds"] as? Int == 1800 }.count == 1)
                #expect(deliveries.last?.json["type"] as? String == "sla.breach")
            }
        }
    }

    @Test("an agent limited to some channel accounts hears only of their conversations (and of those whose channel is unknown)")
    func channelRestrictedSubscribers() async throws {
        let hub = EventHub()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await hub.run() }
            defer { group.cancelAll() }
            let workspace = Workspace.ID("w1")
            let limited = hub.subscribe(workspace: workspace, channels: [ChannelAccount.ID("shopee-my")])
            let everyone = hub.subscribe(workspace: workspace)
            hub.publish(.conversationChanged(Conversation.ID("on-line")), workspace: workspace, channel: ChannelAccount.ID("line-th"))
            hub.publish(.conversationChanged(Conversation.ID("on-shopee")), workspace: workspace, channel: ChannelAccount.ID("shopee-my"))
            hub.publish(.conversationChanged(Conversation.ID("unknown")), workspace: workspace)
            var heard = limited.makeAsyncIterator()
            #expect(await heard.next() == .conversationChanged(Conversation.ID("on-shopee")))
            #expect(await heard.next() == .conversationChanged(Conversation.ID("unknown")))
            var all = everyone.makeAsyncIterator()
            #expect(await all.next() == .conversationChanged(Conversation.ID("on-line")))
            #expect(await all.next() == .conversationChanged(Conversation.ID("on-shopee")))
        }
    }

    @Test("the realtime hub tells a workspace's subscribers, and only them, which conversations changed")
    func conversationChanges() async throws {
        let hub = EventHub()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await hub.run() }
            defer { group.cancelAll() }
            let mine = hub.subscribe(workspace: Workspace.ID("w1"))
            let theirs = hub.subscribe(workspace: Workspace.ID("w2"))
            hub.publish(.conversationChanged(Conversation.ID("c1")), workspace: Workspace.ID("w1"))
            hub.publish(.conversationChanged(Conversation.ID("c2")), workspace: Workspace.ID("w2"))
            var iterator = mine.makeAsyncIterator()
            #expect(await iterator.next() == .conversationChanged(Conversation.ID("c1")))
            var other = theirs.makeAsyncIterator()
            #expect(await other.next() == .conversationChanged(Conversation.ID("c2")))
        }
    }

    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
