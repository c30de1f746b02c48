import Foundation
import SQLKit
import ShopDeskCore

/// A reply claimed for delivery, with what the platform's send API and the messaging-window check need.
public struct OutboxItem: Sendable, Hashable {
    public var id: String
    public var workspaceID: Workspace.ID
    public var messageID: Message.ID
    public var conversationID: Conversation.ID
    public var channelAccountID: ChannelAccount.ID
    public var platform: Platform
    /// Attempts so far, this one included.
    public var attempts: Int
    /// A previous attempt began and never ended (the process died mid-send): whether the platform got
    /// it is unknown until checked.
    public var inDoubt: Bool
    /// When the first attempt began: a reply in doubt is looked for on the platform from then on.
    public var attemptStartedAt: Date
    public var text: String
    public var conversationKind: Conversation.Kind
    public var conversationExternalID: String
    public var buyerPlatformUserID: String?
    /// The buyer's latest message or comment on the platform (comments are answered under it).
    public var latestBuyerMessageID: String?
    /// Platform time of the buyer's latest message, for the messaging windows.
    public var lastBuyerMessageAt: Date?
    /// The WhatsApp template the reply goes out as, when it is one.
    public var template: TemplateMessage?
}

extension SQLStore {
    /// Claims up to `limit` replies that are due (new, or waiting to retry) or whose previous attempt's
    /// lease ran out, and leases them to the caller until `now + lease`.
    ///
    /// The claim is committed before anything is sent: this is the record-before-send that lets a
    /// restarted server know which replies may already have reached the platform. On PostgreSQL
    /// `FOR UPDATE SKIP LOCKED` lets several nodes claim side by side without taking the same reply.
    public func claimOutbox(now: Date, lease: TimeInterval, limit: Int = 50) async throws -> [OutboxItem] {
        let skipLocked = self.engine.kind == .postgres ? " FOR UPDATE OF o SKIP LOCKED" : ""
        let nowMillis = now.storeMillis
        let leaseUntil = now.addingTimeInterval(lease).storeMillis
        return try await self.engine.transaction { db in
            let rows = try await db.raw(
                SQLQueryString(
                    """
                    SELECT o.id AS outbox_id, o.workspace_id, o.message_id, o.channel_account_id, o.status, o.attempts,
                        o.attempt_started_at, m.text, m.template, m.conversation_id, c.platform, c.kind, c.external_id, c.last_inbound_at,
                        (SELECT bi.platform_user_id FROM buyer_identities bi
                            WHERE bi.buyer_id = c.buyer_id AND bi.channel_account_id = c.channel_account_id
                            ORDER BY bi.created_at LIMIT 1) AS buyer_user_id,
                        (SELECT i.platform_message_id FROM messages i WHERE i.conversation_id = c.id AND i.direction = 'inbound'
                            ORDER BY i.platform_at DESC, i.id DESC LIMIT 1) AS latest_buyer_message
                    FROM outbox o JOIN messages m ON m.id = o.message_id JOIN conversations c ON c.id = m.conversation_id
                    WHERE (o.status = 'pending' AND o.next_attempt_at <= \(bind: nowMillis))
                        OR (o.status = 'sending' AND o.lease_until <= \(bind: nowMillis))
                    ORDER BY o.next_attempt_at, o.id LIMIT \(bind: limit)
                    """) + SQLQueryString(skipLocked)
            ).all()
            guard !rows.isEmpty else { return [] }
            let items = try rows.map { row in
                let inDoubt = try row.string("status") == "sending"
                return OutboxItem(
                    id: try row.string("outbox_id"), workspaceID: try row.id("workspace_id"), messageID: try row.id("message_id"),
                    conversationID: try row.id("conversation_id"), channelAccountID: try row.id("channel_account_id"),
                    platform: try row.enumValue("platform"), attempts: try row.int("attempts") + 1, inDoubt: inDoubt,
                    attemptStartedAt: try row.optionalDate("attempt_started_at") ?? now, text: try row.optionalString("text") ?? "",
                    conversationKind: try row.enumValue("kind"), conversationExternalID: try row.string("external_id"),
                    buyerPlatformUserID: try row.optionalString("buyer_user_id"),
                    latestBuyerMessageID: try row.optionalString("latest_buyer_message"),
                    lastBuyerMessageAt: try row.optionalDate("last_inbound_at"),
                    template: try row.optionalString("template").map { try JSONDecoder().decode(TemplateMessage.self, from: Data($0.utf8)) }
                )
            }
            let outboxIDs = Self.bindList(items.map(\.id))
            try await db.raw(
                SQLQueryString(
                    """
                    UPDATE outbox SET status = 'sending', lease_until = \(bind: leaseUntil), attempts = attempts + 1,
                        attempt_started_at = COALESCE(attempt_started_at, \(bind: nowMillis))
                    WHERE id IN (
                    """) + outboxIDs + SQLQueryString(")")
            ).run()
            try await db.raw(
                SQLQueryString(
                    """
                    UPDATE messages SET delivery_status = 'sending' WHERE delivery_status IN ('queued', 'sending') AND id IN (
                    """) + Self.bindList(items.map(\.messageID.rawValue)) + SQLQueryString(")")
            ).run()
            return items
        }
    }

    /// Records that the platform has the reply. When the platform's copy was already stored as a message
    /// of its own (an echo brought by polling or a push while the send was in doubt), that copy is
    /// dropped: the reply and its echo are one message.
    public func recordSent(_ item: OutboxItem, platformMessageID: String?, now: Date) async throws {
        try await self.engine.transaction { db in
            if let platformMessageID {
                let echo = try await db.raw(
                    """
                    SELECT id, conversation_id FROM messages WHERE channel_account_id = \(bind: item.channelAccountID.rawValue)
                    AND platform_message_id = \(bind: platformMessageID) AND id <> \(bind: item.messageID.rawValue)
                    """
                ).first()
                if let echo {
                    try await db.raw("DELETE FROM messages WHERE id = \(bind: try echo.string("id"))").run()
                    try await db.raw(
                        """
                        UPDATE conversations SET message_count = message_count - 1 WHERE id = \(bind: try echo.string("conversation_id"))
                        """
                    ).run()
                }
            }
            try await db.raw(
                """
                UPDATE messages SET platform_message_id = COALESCE(\(bind: platformMessageID), platform_message_id),
                    delivery_status = CASE WHEN delivery_status IN ('queued', 'sending', 'failed') THEN 'sent' ELSE delivery_status END,
                    delivery_error = NULL
                WHERE id = \(bind: item.messageID.rawValue)
                """
            ).run()
            try await Self.finishOutbox(item, status: "sent", error: nil, now: now, in: db)
        }
    }

    /// Puts the reply back in line for another attempt at `at`; the message stays `sending`, with the
    /// reason shown beside it.
    public func scheduleRetry(_ item: OutboxItem, at: Date, reason: String) async throws {
        try await self.engine.transaction { db in
            try await db.raw(
                """
                UPDATE outbox SET status = 'pending', next_attempt_at = \(bind: at.storeMillis), lease_until = NULL,
                    last_error = \(bind: reason)
                WHERE id = \(bind: item.id)
                """
            ).run()
            try await db.raw(
                """
                UPDATE messages SET delivery_error = \(bind: "retrying: " + reason) WHERE id = \(bind: item.messageID.rawValue)
                """
            ).run()
        }
    }

    /// Records that the reply will not be delivered, with the platform's reason for the agent.
    public func recordFailure(_ item: OutboxItem, reason: String, now: Date) async throws {
        try await self.engine.transaction { db in
            try await db.raw(
                """
                UPDATE messages SET delivery_status = 'failed', delivery_error = \(bind: reason) WHERE id = \(bind: item.messageID.rawValue)
                """
            ).run()
            try await Self.finishOutbox(item, status: "failed", error: reason, now: now, in: db)
        }
    }

    /// Queues a failed reply again (the agent's retry button). Its earlier attempts may have reached
    /// nobody, so it starts afresh.
    public func retryDelivery(of messageID: Message.ID, for agent: Agent, now: Date) async throws -> Message {
        try await self.engine.transaction { db in
            guard
                let row = try await db.raw(
                    """
                    SELECT m.*, c.channel_account_id AS conversation_channel FROM messages m JOIN conversations c ON c.id = m.conversation_id
                    WHERE m.id = \(bind: messageID.rawValue) AND m.workspace_id = \(bind: agent.workspaceID.rawValue)
                    """
                ).first(), agent.canAccess(try row.id("conversation_channel"))
            else {
                throw StoreError.notFound("message \(messageID)")
            }
            var message = try Self.message(from: row)
            guard message.direction == .outbound, message.deliveryStatus == .failed else {
                throw StoreError.conflict("only a reply whose delivery failed can be retried")
            }
            try await db.raw(
                """
                UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = \(bind: now.storeMillis), lease_until = NULL,
                    attempt_started_at = NULL, finished_at = NULL, last_error = NULL
                WHERE message_id = \(bind: messageID.rawValue)
                """
            ).run()
            try await db.raw(
                """
                UPDATE messages SET delivery_status = 'queued', delivery_error = NULL WHERE id = \(bind: messageID.rawValue)
                """
            ).run()
            message.deliveryStatus = .queued
            message.deliveryError = nil
            return message
        }
    }

    /// The platform message ids already stored in a conversation (a reply in doubt is not one of them).
    public func platformMessageIDs(in conversation: Conversation.ID) async throws -> Set<String> {
        try await self.engine.read { db in
            Set(
                try await db.raw(
                    """
                    SELECT platform_message_id FROM messages WHERE conversation_id = \(bind: conversation.rawValue)
                    AND platform_message_id IS NOT NULL
                    """
                ).all().map { try $0.string("platform_message_id") })
        }
    }

    /// The earliest time a reply is due, for the delivery service to sleep until (nil: nothing queued).
    public func nextOutboxWake() async throws -> Date? {
        try await self.engine.read { db in
            let row = try await db.raw(
                """
                SELECT MIN(t) AS t FROM (
                    SELECT MIN(next_attempt_at) AS t FROM outbox WHERE status = 'pending'
                    UNION ALL SELECT MIN(lease_until) AS t FROM outbox WHERE status = 'sending') AS due
                """
            ).first()
            return try row?.optionalDate("t")
        }
    }

    private static func finishOutbox(_ item: OutboxItem, status: String, error: String?, now: Date, in db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE outbox SET status = \(bind: status), lease_until = NULL, finished_at = \(bind: now.storeMillis),
                last_error = \(bind: error)
            WHERE id = \(bind: item.id)
            """
        ).run()
    }
}
