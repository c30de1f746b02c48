import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import ShopDeskCore
@testable import ShopDeskServer
@testable import ShopDeskStore

/// Platform deadlines and snoozes on a test clock, through restarts (issue 15, parts 1 and 2).
@Suite("Live deadlines, end to end")
struct LiveDeadlineAlertTests {
    static let hour: TimeInterval = 3600

    /// A TikTok Shop account in Thailand under `policy` and one buyer message written at the clock's start,
    /// stored before the server starts (as if it came in before a restart); returns the conversation and
    /// an owner's API token.
    static func tiktokBuyerWaiting(_ harness: AlertHarness, policy: ServiceLevelPolicy) async throws -> (Conversation.ID, String) {
        try await Self.buyerWaiting(harness, platform: .tiktokShop, policy: policy, writtenAt: harness.clock.wallTime)
    }

    /// The same on `platform` (TikTok Shop or Lazada, in Thailand), the message written at `writtenAt`.
    static func buyerWaiting(
        _ harness: AlertHarness, platform: Platform, policy: ServiceLevelPolicy, writtenAt: Date
    ) async throws -> (Conversation.ID, String) {
        let settings = harness.settings
        let secrets = try SecretBox.load(environmentKey: nil, dataDirectory: settings.dataDirectory)
        let conversation = try await SQLStore.withStore(try settings.databaseLocation(), secrets: secrets, logger: TestApp.logger) { store in
            let credentials: [String: String] =
                platform == .tiktokShop
                ? ["app_key": "tts-key", "app_secret": "tts-secret-\(UUID().uuidString)", "shop_id": "7495540735365777507", "access_token": "t"]
                : ["app_key": "laz-key", "app_secret": "laz-secret-\(UUID().uuidString)", "access_token": "t"]
            let account = try await store.createChannelAccount(
                workspace: harness.workspace, platform: platform, name: "\(platform.rawValue) TH", market: "TH", timeZone: nil,
                credentials: ChannelCredentials(credentials), now: harness.clock.wallTime
            )
            try await store.setServiceLevelPolicy(policy, for: account.id, workspace: harness.workspace, now: harness.clock.wallTime)
            let message = IncomingMessage(
                channelAccountID: account.id, conversationExternalID: "tts-conv-1", conversationKind: .direct,
                buyer: BuyerProfile(platformUserID: "tts-buyer-1", displayName: "Nok", language: "th"), platformMessageID: "tts-m1",
                senderKind: .buyer, text: "มีไซซ์ M ไหมคะ", platformAt: writtenAt
            )
            return try await store.ingest([message], receivedAt: harness.clock.wallTime)[0].get().conversationID
        }
        let token = try await Administration.createToken(settings, name: "deadline tests", logger: TestApp.logger)
        return (conversation, token)
    }

    /// The conversation as the API shows it.
    static func read(_ id: Conversation.ID, token: String, client: any TestClientProtocol) async throws -> [String: Any] {
        try await client.json(.get, "/api/v1/conversations/\(id)", token: token)["conversation"] as? [String: Any] ?? [:]
    }

    @Test("a TikTok Shop conversation under a 24-hour policy is due in the platform's 12 hours; its warnings fire on it, across a restart")
    func platformDeadlineAlerts() async throws {
        try await WebhookReceiver().run { hookURL in
            try await AlertHarness.run(hookURL: hookURL) { harness in
                let day = ServiceLevelPolicy(firstResponse: 24 * Self.hour, nextResponse: 24 * Self.hour)
                let (conversation, token) = try await Self.tiktokBuyerWaiting(harness, policy: day)
                let deadline = harness.clock.wallTime.addingTimeInterval(12 * Self.hour)
                try await harness.withApp { client, collector in
                    let read = try await Self.read(conversation, token: token, client: client)
                    #expect(read["deadline_rule"] as? String == "tiktok-shop/TH@2025-08-15 response_rate_12h")
                    #expect(read["next_deadline"] as? String == ISO8601DateFormatter().string(from: deadline))
                    harness.advance(to: 10 * Self.hour + 1)
                    #expect(await eventually { collector.all.map(\.alert) == [.preBreach(lead: 7200)] })
                    #expect(collector.all.first?.deadline == deadline)
                }
                harness.advance(to: 11.5 * Self.hour + 1)
                try await harness.withApp { _, collector in
                    #expect(await eventually { collector.all.map(\.alert) == [.preBreach(lead: 1800)] })
                    harness.advance(to: 12 * Self.hour + 1)
                    #expect(await eventually { collector.all.map(\.alert) == [.preBreach(lead: 1800), .breach] })
                    #expect(collector.all.allSatisfy { $0.conversationID == conversation && $0.deadline == deadline })
                }
            }
        }
    }

    @Test("a Lazada message at 18:30 Bangkok time is due at 19:00 the next day (the same-day cycle), before and after a restart")
    func lazadaCycle() async throws {
        try await WebhookReceiver().run { hookURL in
            try await AlertHarness.run(hookURL: hookURL) { harness in
                // The clock starts at 03:26 on 29 May 2026 in Bangkok; the buyer wrote at 18:30 the evening before.
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = TimeZone(identifier: "Asia/Bangkok")!
                let written = try #require(calendar.date(from: DateComponents(year: 2026, month: 5, day: 28, hour: 18, minute: 30)))
                let due = try #require(calendar.date(from: DateComponents(year: 2026, month: 5, day: 29, hour: 19)))
                #expect(written < harness.clock.wallTime)
                let twoDays = ServiceLevelPolicy(firstResponse: 48 * Self.hour, nextResponse: 48 * Self.hour)
                let (conversation, token) = try await Self.buyerWaiting(harness, platform: .lazada, policy: twoDays, writtenAt: written)
                for _ in 0..<2 {
                    try await harness.withApp { client, _ in
                        let read = try await Self.read(conversation, token: token, client: client)
                        #expect(read["next_deadline"] as? String == ISO8601DateFormatter().string(from: due))
                        #expect(read["deadline_rule"] as? String == "lazada/TH@2020-06-25 chat_response_rate")
                    }
                }
                // Its two-hour warning fires on the cycle's deadline.
                harness.advance(to: due.timeIntervalSince(harness.clock.start) - 2 * Self.hour + 1)
                try await harness.withApp { _, collector in
                    #expect(await eventually { collector.all.map(\.alert) == [.preBreach(lead: 7200)] })
                    #expect(collector.all.first?.deadline == due)
                }
            }
        }
    }

    @Test("a snoozed conversation leaves the queue, its platform deadline still warns, and it comes back on time, also after a restart")
    func snoozeWakesUp() async throws {
        try await WebhookReceiver().run { hookURL in
            try await AlertHarness.run(hookURL: hookURL) { harness in
                let (conversation, token) = try await Self.tiktokBuyerWaiting(harness, policy: .default)
                let start = harness.clock.wallTime
                try await harness.withApp { client, collector in
                    // Snoozed until 11 h: the workspace's one-hour clock pauses, the platform's 12 hours do not.
                    let snoozed = try await client.json(
                        .post, "/api/v1/conversations/\(conversation)/status", token: token,
                        body: ["status": "snoozed", "snoozed_until": ISO8601DateFormatter().string(from: start.addingTimeInterval(11 * Self.hour))])
                    #expect(snoozed.status == .ok, "\(snoozed.raw)")
                    #expect(snoozed["next_deadline"] as? String == ISO8601DateFormatter().string(from: start.addingTimeInterval(12 * Self.hour)))
                    let queue = try await client.json(.get, "/api/v1/conversations?status=open", token: token)
                    #expect((queue["items"] as? [[String: Any]])?.contains { $0["id"] as? String == conversation.rawValue } == false)

                    harness.advance(to: 10 * Self.hour + 1)
                    #expect(await eventually { collector.all.map(\.alert) == [.preBreach(lead: 7200)] })
                    let stillSnoozed = try await Self.read(conversation, token: token, client: client)
                    #expect(stillSnoozed["status"] as? String == "snoozed")
                }
                // The snooze ends while the server is down: it wakes the conversation as it starts.
                harness.advance(to: 11 * Self.hour + 1)
                try await harness.withApp { client, collector in
                    #expect(
                        try await eventually {
                            try await Self.read(conversation, token: token, client: client)["status"] as? String == "open"
                        })
                    let woken = try await Self.read(conversation, token: token, client: client)
                    #expect(woken["snoozed_until"] == nil || woken["snoozed_until"] is NSNull)
                    #expect(woken["deadline_rule"] as? String == "workspace")
                    // Back in the queue with the workspace's deadline, long past: the breach is told at once.
                    #expect(await eventually { collector.all.contains { $0.alert == .breach && $0.conversationID == conversation } })
                }
                try await harness.withApp { client, _ in
                    // A snooze set and ended while the server runs.
                    let again = try await client.json(
                        .post, "/api/v1/conversations/\(conversation)/status", token: token,
                        body: [
                            "status": "snoozed",
                            "snoozed_until": ISO8601DateFormatter().string(from: harness.clock.wallTime.addingTimeInterval(Self.hour)),
                        ])
                    #expect(again.status == .ok)
                    harness.advance(to: 12 * Self.hour + 2)
                    #expect(
                        try await eventually {
                            try await Self.read(conversation, token: token, client: client)["status"] as? String == "open"
                        })
                }
            }
        }
    }
}
