import Crypto
import Foundation
import SQLKit
import ShopDeskCore

extension SQLStore {
    /// Splits the message results by push and stores each push's other events in the current
    /// transaction: order events, nudges to fetch a conversation, delivery receipts, and (for pushes
    /// ShopDesk does not use) the raw body. Redeliveries change nothing.
    static func recordEvents(
        of pushes: [InboundPush], messageResults: [Result<IngestOutcome, IngestError>], receivedAt: Date, ids: IDGenerator,
        in db: any SQLDatabase
    ) async throws -> [PushReceipt] {
        let withEvents = pushes.filter { $0.events.count > $0.messages.count }
        let channels = try await Self.channelsWithRules(Set(withEvents.map(\.channelAccountID.rawValue)).sorted(), in: db)
        var receipts: [PushReceipt] = []
        var offset = 0
        for push in pushes {
            let count = push.messages.count
            let results = Array(messageResults[offset..<offset + count])
            offset += count
            var changes = Changes()
            for (message, result) in zip(push.messages, results) {
                guard case .success(let outcome) = result, !outcome.duplicate else { continue }
                changes.conversations[outcome.conversationID] = Changes.Scope(workspace: outcome.workspaceID, channel: message.channelAccountID)
            }
            // An account archived since the push was checked takes its other events with it.
            if let workspace = channels[push.channelAccountID]?.workspace {
                let touched = try await Self.recordEvents(of: push, workspace: workspace, now: receivedAt, ids: ids, in: db)
                for conversation in touched {
                    changes.conversations[conversation] = Changes.Scope(workspace: workspace, channel: push.channelAccountID)
                }
                changes.fetchesRequested = push.events.contains { if case .fetchConversation = $0 { true } else { false } }
                changes.ordersRequested = push.events.contains { if case .order = $0 { true } else { false } }
            }
            receipts.append(PushReceipt(messages: results, changes: changes))
        }
        return receipts
    }

    /// One push's events besides messages; returns the conversations whose messages' delivery status moved.
    private static func recordEvents(
        of push: InboundPush, workspace: Workspace.ID, now: Date, ids: IDGenerator, in db: any SQLDatabase
    ) async throws -> [Conversation.ID] {
        let channel = push.channelAccountID
        var touched: [Conversation.ID] = []
        // A push is kept raw once, whatever number of events in it ShopDesk does not use.
        var unusedKinds: [String] = []
        for event in push.events {
            switch event {
            case .message:
                continue
            case .order(let order):
                let id: Identifier<OrderEvent> = ids.make()
                try await db.raw(
                    """
                    INSERT INTO order_events (id, workspace_id, channel_account_id, order_id, status, event_at, received_at)
                    VALUES (\(bind: id.rawValue), \(bind: workspace.rawValue), \(bind: channel.rawValue), \(bind: order.orderID),
                        \(bind: order.status), \(bind: order.at.storeMillis), \(bind: now.storeMillis))
                    ON CONFLICT DO NOTHING
                    """
                ).run()
                // The push is a hint: the order itself is fetched.
                try await SQLStore.queueOrderFetch(
                    order.orderID, channel: channel, workspace: workspace, afterSales: order.isAfterSale, now: now, in: db)
            case .fetchConversation(let fetch):
                try await db.raw(
                    """
                    INSERT INTO conversation_fetches (workspace_id, channel_account_id, conversation_external_id, requested_at)
                    VALUES (\(bind: workspace.rawValue), \(bind: channel.rawValue), \(bind: fetch.conversationExternalID), \(bind: now.storeMillis))
                    ON CONFLICT (channel_account_id, conversation_external_id) DO UPDATE SET requested_at = excluded.requested_at, fetched_at = NULL
                    """
                ).run()
            case .delivery(let update):
                // Statuses only move forward (sent → delivered → read); a failure is kept with its reason.
                let row = try await db.raw(
                    """
                    SELECT id, conversation_id, delivery_status FROM messages
                    WHERE channel_account_id = \(bind: channel.rawValue) AND platform_message_id = \(bind: update.platformMessageID)
                    """
                ).first()
                guard let row else { continue }
                let current = try row.optionalString("delivery_status").flatMap(Message.DeliveryStatus.init(rawValue:))
                guard update.status.advances(from: current) else { continue }
                try await db.raw(
                    """
                    UPDATE messages SET delivery_status = \(bind: update.status.rawValue), delivery_error = \(bind: update.error)
                    WHERE id = \(bind: try row.string("id"))
                    """
                ).run()
                touched.append(try row.id("conversation_id"))
            case .unrecognized(let kind):
                unusedKinds.append(kind)
            }
        }
        if !unusedKinds.isEmpty {
            let id: Identifier<InboundEvent> = ids.make()
            let bodyHash = SHA256.hash(data: push.rawBody).map { String(format: "%02x", $0) }.joined()
            try await db.raw(
                """
                INSERT INTO webhook_events (id, workspace_id, channel_account_id, kind, body_hash, body, received_at)
                VALUES (\(bind: id.rawValue), \(bind: workspace.rawValue), \(bind: channel.rawValue),
                    \(bind: Set(unusedKinds).sorted().joined(separator: ",")), \(bind: bodyHash),
                    \(bind: String(decoding: push.rawBody, as: UTF8.self)), \(bind: now.storeMillis))
                ON CONFLICT DO NOTHING
                """
            ).run()
        }
        return touched
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

    /// The platform message ids stored for a channel account (load tests check every acknowledged one is there).
    public func platformMessageIDs(channel: ChannelAccount.ID) async throws -> Set<String> {
        try await self.engine.read { db in
            let rows = try await db.raw(
                "SELECT platform_message_id FROM messages WHERE channel_account_id = \(bind: channel.rawValue) AND platform_message_id IS NOT NULL"
            ).all()
            return Set(try rows.map { try $0.string("platform_message_id") })
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
