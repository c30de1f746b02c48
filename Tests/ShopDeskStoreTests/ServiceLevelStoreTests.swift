import Foundation
import SQLKit
import Testing

@testable import ShopDeskCore
@testable import ShopDeskStore

@Suite("Service levels in the store")
struct ServiceLevelStoreTests {
    static let hour: TimeInterval = 3600

    /// Opening hours on Mondays only, in Bangkok.
    static let mondayMornings = BusinessCalendar(timeZone: "Asia/Bangkok", hours: [.monday: [.init("09:00-10:00")!]])

    @Test("a channel account's policy is one hour around the clock until set, and reads back as set", arguments: TestEngine.available)
    func policyRoundTrip(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            #expect(try await store.serviceLevelPolicy(for: fixture.channel.id, workspace: fixture.workspace.id) == .default)
            let policy = ServiceLevelPolicy(firstResponse: 3 * Self.hour, nextResponse: 1800, calendar: Self.mondayMornings)
            try await store.setServiceLevelPolicy(policy, for: fixture.channel.id, workspace: fixture.workspace.id, now: .fixture(0))
            #expect(try await store.serviceLevelPolicy(for: fixture.channel.id, workspace: fixture.workspace.id) == policy)
            let changed = ServiceLevelPolicy(firstResponse: 600, nextResponse: 600)
            try await store.setServiceLevelPolicy(changed, for: fixture.channel.id, workspace: fixture.workspace.id, now: .fixture(1))
            #expect(try await store.serviceLevelPolicy(for: fixture.channel.id, workspace: fixture.workspace.id) == changed)
            try await store.setServiceLevelPolicy(nil, for: fixture.channel.id, workspace: fixture.workspace.id, now: .fixture(2))
            #expect(try await store.serviceLevelPolicy(for: fixture.channel.id, workspace: fixture.workspace.id) == .default)
        }
    }

    @Test("another workspace's channel account has no policy to read or set", arguments: TestEngine.available)
    func policyIsolation(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let mine = try await Fixture.make(store, name: "Mine")
            let theirs = try await Fixture.make(store, name: "Theirs")
            await #expect(throws: StoreError.notFound("channel account \(theirs.channel.id)")) {
                try await store.serviceLevelPolicy(for: theirs.channel.id, workspace: mine.workspace.id)
            }
            await #expect(throws: StoreError.self) {
                try await store.setServiceLevelPolicy(.default, for: theirs.channel.id, workspace: mine.workspace.id, now: .fixture(0))
            }
            await #expect(throws: ValidationError.self) {
                try await store.setServiceLevelPolicy(
                    ServiceLevelPolicy(firstResponse: 10, nextResponse: 3600), for: mine.channel.id, workspace: mine.workspace.id, now: .fixture(0)
                )
            }
        }
    }

    @Test("ingest sets deadlines by the channel's policy and business calendar", arguments: TestEngine.available)
    func ingestUsesPolicy(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            let policy = ServiceLevelPolicy(firstResponse: 1800, nextResponse: 1800, calendar: Self.mondayMornings)
            try await store.setServiceLevelPolicy(policy, for: fixture.channel.id, workspace: fixture.workspace.id, now: .fixture(0))
            // 1_760_000_000 is Thursday 9 October 2025, 15:53 in Bangkok: counting starts on Monday at 09:00.
            let outcome = try await store.ingest([fixture.message("m1", at: 0)], receivedAt: .fixture(1))[0].get()
            #expect(outcome.workspaceID == fixture.workspace.id)
            let state = try await store.conversation(outcome.conversationID, for: fixture.owner).state
            #expect(state.nextDeadline == ISO8601DateFormatter().date(from: "2025-10-13T02:30:00Z"))
        }
    }

    @Test("setting a policy moves the deadlines of that channel's waiting conversations only", arguments: TestEngine.available)
    func policyChangeMovesDeadlines(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            let other = try await store.createChannelAccount(
                workspace: fixture.workspace.id, platform: .custom, name: "Other", market: "VN", timeZone: nil,
                credentials: ChannelCredentials(["signing_secret": "s3cret-other-channel"]), now: .fixture(0)
            )
            var elsewhere = fixture.message("x1", thread: "elsewhere", at: 0)
            elsewhere.channelAccountID = other.id
            let outcomes = try await store.ingest(
                [
                    fixture.message("m1", thread: "waiting", at: 0), fixture.message("m2", thread: "answered", at: 0),
                    fixture.message("m3", thread: "answered", at: 60, sender: .agent), elsewhere,
                ],
                receivedAt: .fixture(100)
            ).map { try $0.get() }
            let waiting = outcomes[0].conversationID
            let moved = try await store.setServiceLevelPolicy(
                ServiceLevelPolicy(firstResponse: 3 * Self.hour, nextResponse: Self.hour), for: fixture.channel.id,
                workspace: fixture.workspace.id, now: .fixture(200)
            )
            #expect(moved == [waiting])
            #expect(try await store.conversation(waiting, for: fixture.owner).state.nextDeadline == .fixture(3 * Self.hour))
            #expect(try await store.conversation(outcomes[1].conversationID, for: fixture.owner).state.nextDeadline == nil)
            #expect(try await store.conversation(outcomes[3].conversationID, for: fixture.owner).state.nextDeadline == .fixture(Self.hour))
            // An ordered inbox follows the moved deadline.
            var query = ConversationQuery()
            query.channelAccountID = fixture.channel.id
            #expect(try await store.listConversations(for: fixture.owner, query: query).items.first?.id == waiting)
        }
    }

    @Test("replies and status changes follow the channel's policy", arguments: TestEngine.available)
    func repliesFollowPolicy(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            try await store.setServiceLevelPolicy(
                ServiceLevelPolicy(firstResponse: 3 * Self.hour, nextResponse: 2 * Self.hour), for: fixture.channel.id,
                workspace: fixture.workspace.id, now: .fixture(0)
            )
            let conversation = try await store.ingest([fixture.message("m1", at: 0)], receivedAt: .fixture(1))[0].get().conversationID
            _ = try await store.recordReply(to: conversation, text: "hello!", clientID: nil, by: fixture.owner, now: .fixture(60))
            #expect(try await store.conversation(conversation, for: fixture.owner).state.nextDeadline == nil)
            _ = try await store.ingest([fixture.message("m2", at: 120)], receivedAt: .fixture(121))
            #expect(try await store.conversation(conversation, for: fixture.owner).state.nextDeadline == .fixture(120 + 2 * Self.hour))
            let snoozed = try await store.setStatus(conversation, to: .snoozed, snoozedUntil: .fixture(9000), by: fixture.owner, now: .fixture(130))
            #expect(snoozed.state.nextDeadline == nil)
            let reopened = try await store.setStatus(conversation, to: .open, snoozedUntil: nil, by: fixture.owner, now: .fixture(140))
            #expect(reopened.state.nextDeadline == .fixture(120 + 2 * Self.hour))
        }
    }

    @Test("alert settings default to warnings 2 hours and 30 minutes ahead; the webhook secret is stored sealed", arguments: TestEngine.available)
    func alertSettings(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            #expect(try await store.alertSettings(workspace: fixture.workspace.id) == AlertSettings(leadTimes: [7200, 1800]))
            let secret = "a-webhook-secret-of-some-length"
            let settings = AlertSettings(
                webhookURL: URL(string: "https://hooks.example.com/shopdesk")!, webhookSecret: secret, leadTimes: [600, 3600])
            let stored = try await store.setAlertSettings(settings, workspace: fixture.workspace.id, now: .fixture(0))
            #expect(stored.leadTimes == [3600, 600])
            #expect(try await store.alertSettings(workspace: fixture.workspace.id) == stored)
            let raw = try await store.engine.read { db in
                try await db.raw("SELECT webhook_secret FROM alert_settings WHERE workspace_id = \(bind: fixture.workspace.id.rawValue)").first()!
                    .decode(column: "webhook_secret", as: Data.self)
            }
            #expect(!String(decoding: raw, as: UTF8.self).contains(secret))
            // Only breaches, and no webhook.
            try await store.setAlertSettings(AlertSettings(leadTimes: []), workspace: fixture.workspace.id, now: .fixture(1))
            #expect(try await store.alertSettings(workspace: fixture.workspace.id) == AlertSettings(leadTimes: []))
        }
    }

    @Test("a webhook URL without a secret gets a generated one; unusable settings are refused", arguments: TestEngine.available)
    func generatedSecret(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            let stored = try await store.setAlertSettings(
                AlertSettings(webhookURL: URL(string: "http://127.0.0.1:9/hook")!), workspace: fixture.workspace.id, now: .fixture(0))
            let secret = try #require(stored.webhookSecret)
            #expect(secret.hasPrefix("whsec_"))
            #expect(try await store.alertSettings(workspace: fixture.workspace.id).webhookSecret == secret)
            await #expect(throws: ValidationError.self) {
                try await store.setAlertSettings(
                    AlertSettings(webhookURL: URL(string: "javascript:alert(1)")!), workspace: fixture.workspace.id, now: .fixture(1))
            }
            await #expect(throws: ValidationError.self) {
                try await store.setAlertSettings(AlertSettings(leadTimes: [-1800]), workspace: fixture.workspace.id, now: .fixture(1))
            }
        }
    }

    @Test("conversations with deadlines come with their workspace's lead times and the alerts already fired", arguments: TestEngine.available)
    func deadlinesForTheQueue(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let first = try await Fixture.make(store, name: "First")
            let second = try await Fixture.make(store, name: "Second")
            try await store.setAlertSettings(AlertSettings(leadTimes: [900]), workspace: second.workspace.id, now: .fixture(0))
            let a = try await store.ingest([first.message("a", thread: "a", at: 0)], receivedAt: .fixture(1))[0].get().conversationID
            let old = try await store.ingest([first.message("old", thread: "old", at: -3 * 86400)], receivedAt: .fixture(1))[0].get().conversationID
            let b = try await store.ingest([second.message("b", thread: "b", at: 60)], receivedAt: .fixture(61))[0].get().conversationID
            #expect(try await store.claimAlert(.preBreach(lead: 1800), conversation: a, deadline: .fixture(Self.hour), now: .fixture(1800)))

            let all = try await store.conversationsWithDeadlines(notBefore: .fixture(-86400))
            #expect(Set(all.map(\.conversationID)) == [a, b])
            let forA = try #require(all.first { $0.conversationID == a })
            #expect(
                forA
                    == ConversationDeadline(
                        conversationID: a, workspaceID: first.workspace.id, channelAccountID: first.channel.id, deadline: .fixture(Self.hour),
                        waitingSince: .fixture(0), leadTimes: [7200, 1800], fired: [.preBreach(lead: 1800)]
                    ))
            #expect(all.first { $0.conversationID == b }?.leadTimes == [900])

            let some = try await store.conversationDeadlines([a, old, b])
            #expect(Set(some.map(\.conversationID)) == [a, old, b])
            _ = try await store.recordReply(to: a, text: "on it", clientID: nil, by: first.owner, now: .fixture(120))
            #expect(try await store.conversationDeadlines([a]).isEmpty)
            let workspace = try await store.conversationDeadlines(workspace: second.workspace.id, notBefore: .fixture(0))
            #expect(workspace.map(\.conversationID) == [b])
        }
    }

    @Test(
        "an alert is claimed once, even by racing nodes, and never for a deadline the conversation no longer has",
        arguments: TestEngine.available)
    func claimOnce(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            let conversation = try await store.ingest([fixture.message("m1", at: 0)], receivedAt: .fixture(1))[0].get().conversationID
            let deadline = Date.fixture(Self.hour)
            let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await store.claimAlert(.breach, conversation: conversation, deadline: deadline, now: .fixture(Self.hour)) }
                }
                return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
            }
            #expect(wins == 1)
            #expect(try await store.claimAlert(.preBreach(lead: 1800), conversation: conversation, deadline: deadline, now: .fixture(1800)))
            #expect(try await !store.claimAlert(.preBreach(lead: 1800), conversation: conversation, deadline: deadline, now: .fixture(1801)))
            #expect(try await !store.claimAlert(.breach, conversation: conversation, deadline: .fixture(2 * Self.hour), now: .fixture(1801)))
            let fired = try await store.firedAlerts(in: conversation, workspace: fixture.workspace.id)
            #expect(fired.map(\.alert) == [.preBreach(lead: 1800), .breach])
            #expect(fired.allSatisfy { $0.deadline == deadline && $0.channelAccountID == fixture.channel.id })

            _ = try await store.recordReply(
                to: conversation, text: "sorry for the wait", clientID: nil, by: fixture.owner, now: .fixture(2 * Self.hour))
            _ = try await store.ingest([fixture.message("m2", at: 3 * Self.hour)], receivedAt: .fixture(3 * Self.hour))
            #expect(try await !store.claimAlert(.breach, conversation: conversation, deadline: deadline, now: .fixture(4 * Self.hour)))
            let other = try await Fixture.make(store, name: "Other")
            #expect(try await store.firedAlerts(in: conversation, workspace: other.workspace.id).isEmpty)
        }
    }
}

@Suite("Alert webhooks in the store")
struct AlertWebhookStoreTests {
    @Test("a fired alert's webhook is pending until finished, and only recent ones are resumed", arguments: TestEngine.available)
    func pendingWebhooks(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            let conversation = try await store.ingest([fixture.message("m1", at: 0)], receivedAt: .fixture(1))[0].get().conversationID
            let deadline = Date.fixture(3600)
            #expect(try await store.claimAlert(.preBreach(lead: 1800), conversation: conversation, deadline: deadline, now: .fixture(1800)))
            #expect(try await store.claimAlert(.breach, conversation: conversation, deadline: deadline, now: .fixture(3600)))
            let pending = try await store.alertsAwaitingWebhook(notBefore: .fixture(0))
            #expect(pending.map(\.alert) == [.preBreach(lead: 1800), .breach])
            #expect(
                pending.first
                    == FiredAlert(
                        alert: .preBreach(lead: 1800), conversationID: conversation, workspaceID: fixture.workspace.id,
                        channelAccountID: fixture.channel.id, deadline: deadline, firedAt: .fixture(1800)
                    ))
            try await store.finishAlertWebhook(pending[0], at: .fixture(1801))
            #expect(try await store.alertsAwaitingWebhook(notBefore: .fixture(0)).map(\.alert) == [.breach])
            #expect(try await store.alertsAwaitingWebhook(notBefore: .fixture(3601)).isEmpty)
        }
    }
}
