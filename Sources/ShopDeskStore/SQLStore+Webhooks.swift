import Crypto
import Foundation
import SQLKit
import ShopDeskCore

extension SQLStore {
    /// Stores what a verified push brought besides messages, in one transaction: order events, nudges to
    /// fetch a conversation, delivery receipts, and (for pushes ShopDesk does not use) the raw body.
    /// Redeliveries change nothing. Returns the conversations whose messages' delivery status moved.
    @discardableResult
    public func recordWebhookEvents(
        _ events: [InboundEvent], rawBody: [UInt8], channel: ChannelAccount.ID, workspace: Workspace.ID, now: Date
    ) async throws -> [Conversation.ID] {
        let ids = self.ids
        // A push is kept raw once, whatever number of events in it ShopDesk does not use.
        let unusedKinds = events.compactMap { event -> String? in
            if case .unrecognized(let kind) = event { return kind }
            return nil
        }
        return try await self.engine.transaction { db in
            var touched: [Conversation.ID] = []
            for event in events {
                switch event {
                case .message:
                    continue
                case .order(let order):
                    let id: Identifier<OrderEvent> = ids.make()
                    try await db.raw("""
                        INSERT INTO order_events (id, workspace_id, channel_account_id, order_id, status, event_at, received_at)
                        VALUES (\(bind: id.rawValue), \(bind: workspace.rawValue), \(bind: channel.rawValue), \(bind: order.orderID),
                            \(bind: order.status), \(bind: order.at.storeMillis), \(bind: now.storeMillis))
                        ON CONFLICT DO NOTHING
                        """).run()
                case .fetchConversation(let fetch):
                    try await db.raw("""
                        INSERT INTO conversation_fetches (workspace_id, channel_account_id, conversation_external_id, requested_at)
                        VALUES (\(bind: workspace.rawValue), \(bind: channel.rawValue), \(bind: fetch.conversationExternalID), \(bind: now.storeMillis))
                        ON CONFLICT (channel_account_id, conversation_external_id) DO UPDATE SET requested_at = excluded.requested_at, fetched_at = NULL
                        """).run()
                case .delivery(let update):
                    // Statuses only move forward (sent → delivered → read); a failure is kept with its reason.
                    let row = try await db.raw("""
                        SELECT id, conversation_id, delivery_status FROM messages
                        WHERE channel_account_id = \(bind: channel.rawValue) AND platform_message_id = \(bind: update.platformMessageID)
                        """).first()
                    guard let row else { continue }
                    let current = try row.optionalString("delivery_status").flatMap(Message.DeliveryStatus.init(rawValue:))
                    guard update.status.advances(from: current) else { continue }
                    try await db.raw("""
                        UPDATE messages SET delivery_status = \(bind: update.status.rawValue), delivery_error = \(bind: update.error)
                        WHERE id = \(bind: try row.string("id"))
                        """).run()
                    touched.append(try row.id("conversation_id"))
                case .unrecognized:
                    continue
                }
            }
            if !unusedKinds.isEmpty {
                let id: Identifier<InboundEvent> = ids.make()
                let bodyHash = SHA256.hash(data: rawBody).map { String(format: "%02x", $0) }.joined()
                try await db.raw("""
                    INSERT INTO webhook_events (id, workspace_id, channel_account_id, kind, body_hash, body, received_at)
                    VALUES (\(bind: id.rawValue), \(bind: workspace.rawValue), \(bind: channel.rawValue),
                        \(bind: Set(unusedKinds).sorted().joined(separator: ",")), \(bind: bodyHash),
                        \(bind: String(decoding: rawBody, as: UTF8.self)), \(bind: now.storeMillis))
                    ON CONFLICT DO NOTHING
                    """).run()
            }
            return touched
        }
    }

    /// Counts of what pushes stored for a channel account (for tests and diagnostics).
    public func webhookEventCounts(channel: ChannelAccount.ID) async throws -> (messages: Int, orders: Int, fetches: Int, raw: Int) {
        try await self.engine.read { db in
            func count(_ table: String) async throws -> Int {
                try await db.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table) WHERE channel_account_id = \(bind: channel.rawValue)")
                    .first()!.decode(column: "n", as: Int.self)
            }
            return (
                try await count("messages"), try await count("order_events"), try await count("conversation_fetches"),
                try await count("webhook_events")
            )
        }
    }

    /// Messages and conversations stored for a channel account (load tests compare them with what they sent).
    public func messageCounts(channel: ChannelAccount.ID) async throws -> (messages: Int, conversations: Int) {
        try await self.engine.read { db in
            let messages = try await db.raw("SELECT COUNT(*) AS n FROM messages WHERE channel_account_id = \(bind: channel.rawValue)")
                .first()!.decode(column: "n", as: Int.self)
            let conversations = try await db.raw("SELECT COUNT(*) AS n FROM conversations WHERE channel_account_id = \(bind: channel.rawValue)")
                .first()!.decode(column: "n", as: Int.self)
            return (messages, conversations)
        }
    }
}
