import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import ShopDeskChannels
import ShopDeskCore
import ShopDeskSimulator
import Synchronization
import Testing

@testable import ShopDeskServer

/// ShopDesk and the platform simulator, both really listening on loopback, in one service group.
struct LiveStack {
    var settings: AppSettings
    var shopDesk: String
    var ownerToken: String
    var simulator: Simulator
    var transport: HTTPClientTransport

    /// Starts both, runs `body`, and stops both with a graceful shutdown. Without `callPlatforms` the
    /// server sends no replies and fetches nothing: the test drives delivery itself.
    static func run(
        callPlatforms: Bool = true, pollInterval: TimeInterval? = nil, orderPollInterval: TimeInterval? = nil,
        _ body: @Sendable (LiveStack) async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("shopdesk-e2e-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var settings = AppSettings(
            dataDirectory: directory.path, logLevel: .warning, bcryptCost: 4, pollInterval: pollInterval, callPlatforms: callPlatforms
        )
        settings.port = 0
        settings.orderPollInterval = orderPollInterval
        let logger = TestApp.logger
        _ = try await Administration.createAdmin(
            settings, email: "owner@example.com", password: "correct horse battery", name: "Owner", logger: logger)
        let token = try await Administration.createToken(settings, name: "e2e", logger: logger)
        let port = PortBox()
        let app = try await buildApplication(
            settings, logger: logger,
            onServerRunning: { channel in
                port.set(channel.localAddress?.port ?? 0)
            })
        let simulator = try Simulator(options: SimulatorOptions(scenario: try Scenario.bundled("quiet"), failureRate: 0), logger: logger)
        let group = ServiceGroup(services: [app, simulator.server()], logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let shopDeskPort = await port.value()
            _ = await simulator.port()
            try await HTTPClientTransport.withLive { transport in
                try await body(
                    LiveStack(
                        settings: settings, shopDesk: "http://127.0.0.1:\(shopDeskPort)", ownerToken: token, simulator: simulator,
                        transport: transport))
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// Calls ShopDesk's API as the owner.
    func api(
        _ method: PlatformRequest.Method, _ path: String, body: [String: Any]? = nil, headers: [String: String] = [:]
    ) async throws -> (status: Int, json: [String: Any]) {
        let request = PlatformRequest(
            method: method, baseURL: self.shopDesk + path, path: "",
            headers: headers.merging(["authorization": "Bearer \(self.ownerToken)", "content-type": "application/json"]) { $1 },
            body: try body.map { Array(try JSONSerialization.data(withJSONObject: $0)) } ?? []
        )
        let response = try await self.transport.perform(request)
        return (response.status, (try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]) ?? [:])
    }

    /// Polls until `check` gives a value (ShopDesk works in the background: fetches, deliveries).
    func eventually<T: Sendable>(
        _ what: String, timeout: Duration = .seconds(30), _ check: @Sendable () async throws -> T?
    ) async throws -> T {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let value = try await check() { return value }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("timed out waiting for \(what)")
        throw CancellationError()
    }

    /// The conversation of `channel` holding a message with `text`, once it is there.
    func conversation(channel: String, containing text: String) async throws -> String {
        try await self.eventually("'\(text)' in the inbox") {
            let list = try await self.api(.get, "/api/v1/conversations?channel_account_id=\(channel)&limit=100").json
            for item in list["items"] as? [[String: Any]] ?? [] {
                guard let id = item["id"] as? String else { continue }
                let messages = try await self.api(.get, "/api/v1/conversations/\(id)").json["messages"] as? [[String: Any]] ?? []
                if messages.contains(where: { $0["text"] as? String == text }) { return id }
            }
            return nil
        }
    }

    struct Delivery: Sendable, Hashable {
        var status: String
        var platformMessageID: String?
        var error: String?
    }

    /// The delivery status of the reply `messageID` in `conversation` now.
    func currentDeliveryStatus(of messageID: String, in conversation: String) async throws -> String? {
        let messages = try await self.api(.get, "/api/v1/conversations/\(conversation)").json["messages"] as? [[String: Any]] ?? []
        return messages.first { $0["id"] as? String == messageID }?["delivery_status"] as? String
    }

    /// The delivery of the reply `messageID` in `conversation`, once it is final (sent or failed).
    func finalDelivery(of messageID: String, in conversation: String) async throws -> Delivery {
        try await self.eventually("delivery of \(messageID)") {
            let messages = try await self.api(.get, "/api/v1/conversations/\(conversation)").json["messages"] as? [[String: Any]] ?? []
            guard let message = messages.first(where: { $0["id"] as? String == messageID }),
                let status = message["delivery_status"] as? String, ["sent", "delivered", "read", "failed"].contains(status)
            else { return nil }
            return Delivery(status: status, platformMessageID: message["platform_message_id"] as? String, error: message["delivery_error"] as? String)
        }
    }
}

/// A port learnt once the server listens.
final class PortBox: Sendable {
    private let state = Mutex<(port: Int?, waiters: [CheckedContinuation<Int, Never>])>((nil, []))

    func set(_ port: Int) {
        let waiters = self.state.withLock { state in
            state.port = port
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: port) }
    }

    func value() async -> Int {
        await withCheckedContinuation { continuation in
            let port = self.state.withLock { state -> Int? in
                if state.port == nil { state.waiters.append(continuation) }
                return state.port
            }
            if let port { continuation.resume(returning: port) }
        }
    }
}

@Suite("Server and simulator, end to end")
struct SimulatorEndToEndTests {
    @Test(
        "on every platform a simulated buyer message reaches the inbox, and the agent's reply reaches the platform's send API, signed, after two 429s"
    )
    func everyPlatformRoundTrip() async throws {
        try await LiveStack.run { stack in
            let accounts = try await stack.simulator.connect(shopDesk: stack.shopDesk, token: stack.ownerToken, transport: stack.transport)
            #expect(Set(accounts.map(\.platform)) == Set(SimulatorOptions.allPlatforms))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for account in accounts {
                    group.addTask {
                        let question = "Còn size M không shop? (\(account.platform.rawValue))"
                        try await stack.simulator.sendBuyerMessage(question, to: account, transport: stack.transport)
                        let conversation = try await stack.conversation(channel: account.channelAccountID, containing: question)

                        await stack.simulator.world.failNextSends([429, 429], account: account.channelAccountID)
                        let answer = "Dạ còn ạ, shop gửi trong hôm nay (\(account.platform.rawValue))"
                        let reply = try await stack.api(.post, "/api/v1/conversations/\(conversation)/replies", body: ["text": answer])
                        #expect(reply.status == 201)
                        let messageID = try #require(reply.json["id"] as? String)
                        let delivered = try await stack.finalDelivery(of: messageID, in: conversation)
                        #expect(delivered.status == "sent", "\(account.platform): \(delivered)")

                        let received = await stack.simulator.world.replies(to: account.channelAccountID)
                        #expect(received.map(\.text) == [answer], "\(account.platform)")
                        #expect(delivered.platformMessageID == received.first?.platformMessageID, "\(account.platform)")
                    }
                }
                try await group.waitForAll()
            }
            #expect(await stack.simulator.world.refusedSignatures == 0)
            #expect(await stack.simulator.world.injectedFailures == 2 * accounts.count)
        }
    }

    @Test("the simulator refuses a request signed with the wrong secret, as the platform would")
    func wrongSignatureRefused() async throws {
        try await LiveStack.run { stack in
            let accounts = try await stack.simulator.connect(
                shopDesk: stack.shopDesk, token: stack.ownerToken, transport: stack.transport
            )
            for account in accounts {
                var credentials = account.credentials
                for key in ["app_secret", "partner_key", "page_access_token", "access_token", "channel_access_token"] where credentials[key] != nil {
                    credentials[key] = "not-the-secret"
                }
                let channel = ChannelAccount(
                    id: .init(rawValue: account.channelAccountID), workspaceID: .init(rawValue: "w"), platform: account.platform,
                    name: account.name, market: account.market, timeZone: "UTC", credentialFields: [], createdAt: Date()
                )
                let reply = OutboundReply(
                    messageID: .init(rawValue: UUID().uuidString.lowercased()), text: "hello", conversationKind: .direct,
                    conversationExternalID: "1", buyerPlatformUserID: "1"
                )
                let result = try await PlatformClient(transport: stack.transport).send(
                    reply, account: channel, credentials: ChannelCredentials(credentials))
                guard case .rejected(let reason) = result else {
                    Issue.record("\(account.platform): \(result)")
                    continue
                }
                #expect(reason.hasPrefix("HTTP 401"), "\(account.platform): \(reason)")
            }
            #expect(await stack.simulator.world.refusedSignatures == accounts.count)
            #expect(await stack.simulator.world.received.isEmpty)
        }
    }

    @Test("with pushes switched off, polling brings the marketplaces' messages in; a late push of the same message stores nothing more")
    func pollingWithoutPushes() async throws {
        try await LiveStack.run(pollInterval: 0.3) { stack in
            let accounts = try await stack.simulator.connect(shopDesk: stack.shopDesk, token: stack.ownerToken, transport: stack.transport)
            for account in accounts where ReconciliationPoller.pollablePlatforms.contains(account.platform) {
                let question = "Kapan pesanan saya dikirim? (\(account.platform.rawValue))"
                let sent = try await stack.simulator.sendBuyerMessage(question, to: account, push: false, transport: stack.transport)
                let conversation = try await stack.conversation(channel: account.channelAccountID, containing: question)
                try await stack.simulator.redeliver(sent, transport: stack.transport)
                try await stack.simulator.redeliver(sent, transport: stack.transport)
                // Whatever the push brings (the message itself, or a nudge to fetch it) lands on the same row.
                try await Task.sleep(for: .milliseconds(500))
                let messages = try await stack.api(.get, "/api/v1/conversations/\(conversation)").json["messages"] as? [[String: Any]] ?? []
                #expect(messages.filter { $0["text"] as? String == question }.count == 1, "\(account.platform)")
            }
        }
    }
}
