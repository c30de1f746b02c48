import Foundation
import SQLKit
import ShopDeskCore

/// What an erasure removed.
public struct ErasureReport: Sendable, Hashable {
    public var buyerID: Buyer.ID
    public var identities: Int
    public var conversations: Int
    /// Messages whose text and attachments were removed.
    public var messages: Int
    /// Raw platform pushes that named the buyer, deleted.
    public var webhookEvents: Int
    /// Replies still waiting to be sent, cancelled.
    public var cancelledReplies: Int
    /// Orders whose shipping address and buyer id were removed (the orders stay, for stock and metrics).
    public var orders = 0
}

/// What one retention run purged.
public struct RetentionReport: Sendable, Hashable {
    public var messages: Int
    public var webhookEvents: Int
    /// Orders last changed before the cutoff whose shipping address was removed.
    public var orders = 0
}

extension SQLStore {
    // MARK: Export

    /// Everything held about `buyer`: the buyer, every identity, every conversation with all its
    /// messages and notes. Recorded in the audit log as `buyer_exported` by `actor`.
    public func exportBuyer(_ id: Buyer.ID, workspace: Workspace.ID, by actor: AuditEntry.Actor, now: Date) async throws -> BuyerExport {
        let (buyerRow, identityRows, conversationRows, messageRows) = try await self.engine.read { db in
            let buyer = try await db.raw(
                """
                SELECT * FROM buyers WHERE id = \(bind: id.rawValue) AND workspace_id = \(bind: workspace.rawValue)
                """
            ).first()
            let identities = try await db.raw(
                """
                SELECT i.*, a.name AS channel_account_name FROM buyer_identities i
                JOIN channel_accounts a ON a.id = i.channel_account_id
                WHERE i.buyer_id = \(bind: id.rawValue) AND i.workspace_id = \(bind: workspace.rawValue)
                ORDER BY i.created_at, i.id
                """
            ).all()
            let conversations = try await db.raw(
                """
                SELECT * FROM conversations WHERE buyer_id = \(bind: id.rawValue) AND workspace_id = \(bind: workspace.rawValue)
                ORDER BY created_at, id
                """
            ).all()
            let messages = try await db.raw(
                """
                SELECT m.* FROM messages m JOIN conversations c ON c.id = m.conversation_id
                WHERE c.buyer_id = \(bind: id.rawValue) AND c.workspace_id = \(bind: workspace.rawValue)
                ORDER BY m.conversation_id, m.platform_at, m.id
                """
            ).all()
            return (buyer, identities, conversations, messages)
        }
        guard let buyerRow else { throw StoreError.notFound("buyer \(id)") }
        var messagesByConversation: [Conversation.ID: [BuyerExport.MessageRecord]] = [:]
        for row in messageRows {
            let message = try Self.message(from: row)
            messagesByConversation[message.conversationID, default: []].append(
                BuyerExport.MessageRecord(message, redacted: try row.optionalString("redacted"))
            )
        }
        let orders = try await self.listOrders(workspace: workspace, channels: nil, filter: OrderFilter(buyer: id), cursor: nil, limit: 200, now: now)
            .items
        let export = BuyerExport(
            exportedAt: now,
            buyer: BuyerExport.BuyerRecord(
                id: id.rawValue, displayName: try buyerRow.optionalString("display_name"), createdAt: try buyerRow.date("created_at"),
                erasedAt: try buyerRow.optionalDate("erased_at")
            ),
            identities: try identityRows.map { row in
                BuyerExport.IdentityRecord(
                    try Self.identity(from: row), channelAccountName: try row.string("channel_account_name"),
                    blockedAt: try row.optionalDate("blocked_at")
                )
            },
            conversations: try conversationRows.map { row in
                let conversation = try Self.conversation(from: row)
                return BuyerExport.ConversationRecord(conversation, messages: messagesByConversation[conversation.id] ?? [])
            },
            orders: orders.map(BuyerExport.OrderRecord.init)
        )
        try await self.recordAudit(.buyerExported, by: actor, workspace: workspace, subject: ("buyer", id.rawValue), now: now)
        return export
    }

    // MARK: Erasure

    /// Erases a buyer (GDPR art. 17, CCPA deletion, LGPD art. 18 VI): their name and platform ids on
    /// every identity and conversation, the text and attachments of every message in their
    /// conversations (the agents' replies and notes quote them), and raw platform pushes that name
    /// them. What the service levels are computed from stays: message times, directions and senders,
    /// conversation timestamps, and whether a removed seller message was small talk only; so rates
    /// and reports are the same before and after. Replies not yet sent are cancelled (there is no
    /// one to send them to). One transaction, recorded in the audit log as `buyer_erased`.
    ///
    /// The erased identities keep their rows with the platform id replaced, so a redelivered old push
    /// is still recognised as a duplicate (messages keep their platform message ids); a new message
    /// from the same person later starts a new buyer.
    public func eraseBuyer(_ id: Buyer.ID, workspace: Workspace.ID, by actor: AuditEntry.Actor, now: Date) async throws -> ErasureReport {
        let audit = self.auditEntry(.buyerErased, by: actor, workspace: workspace, subject: ("buyer", id.rawValue), detail: nil, now: now)
        let kind = self.engine.kind
        return try await self.engine.transaction { db in
            guard
                try await db.raw(
                    """
                    SELECT id FROM buyers WHERE id = \(bind: id.rawValue) AND workspace_id = \(bind: workspace.rawValue)
                    """
                ).first() != nil
            else {
                throw StoreError.notFound("buyer \(id)")
            }
            let identities = try await db.raw(
                """
                SELECT id, channel_account_id, platform_user_id FROM buyer_identities WHERE buyer_id = \(bind: id.rawValue)
                """
            ).all().map { (id: try $0.string("id"), channel: try $0.string("channel_account_id"), userID: try $0.string("platform_user_id")) }
            let conversations = try await db.raw(
                """
                SELECT id, channel_account_id, external_id FROM conversations WHERE buyer_id = \(bind: id.rawValue)
                """
            ).all().map { (id: try $0.string("id"), channel: try $0.string("channel_account_id"), external: try $0.string("external_id")) }
            var report = ErasureReport(
                buyerID: id, identities: identities.count, conversations: conversations.count, messages: 0, webhookEvents: 0,
                cancelledReplies: 0
            )
            if !conversations.isEmpty {
                let ids = Self.bindList(conversations.map(\.id))
                report.cancelledReplies = try await Self.cancelPendingReplies(in: ids, reason: "the buyer's data was erased", now: now, db: db)
                report.messages = try await Self.redactMessages(
                    SQLQueryString("conversation_id IN (") + ids + SQLQueryString(")"), reason: "erasure", kind: kind, db: db
                )
                try await Self.removeBuyerNamesFromSearch(ids, kind: kind, in: db)
                for conversation in conversations {
                    try await db.raw(
                        """
                        DELETE FROM conversation_fetches WHERE channel_account_id = \(bind: conversation.channel)
                        AND conversation_external_id = \(bind: conversation.external)
                        """
                    ).run()
                }
                try await db.raw(
                    SQLQueryString(
                        """
                        UPDATE conversations SET buyer_name = NULL, subject = NULL, last_message_preview = NULL,
                        external_id = \(unsafeRaw: Self.concat(kind, "'erased:'", "id"))
                        WHERE id IN (
                        """) + ids + SQLQueryString(")")
                ).run()
            }
            // Their orders keep their lines and money (stock and metrics count them) but not who or where.
            for identity in identities {
                report.orders += try await db.raw(
                    """
                    UPDATE channel_orders SET shipping_address = NULL, buyer_user_id = NULL
                    WHERE channel_account_id = \(bind: identity.channel) AND buyer_user_id = \(bind: identity.userID) RETURNING order_id
                    """
                ).all().count
            }
            try await db.raw(
                SQLQueryString(
                    """
                    UPDATE buyer_identities SET platform_user_id = \(unsafeRaw: Self.concat(kind, "'erased:'", "id")),
                    display_name = NULL, language = NULL WHERE buyer_id = \(bind: id.rawValue)
                    """)
            ).run()
            try await db.raw(
                """
                UPDATE buyers SET display_name = NULL, erased_at = \(bind: now.storeMillis) WHERE id = \(bind: id.rawValue)
                """
            ).run()
            // Raw pushes kept for later use may carry the buyer's id, name or address: any that name one
            // of their platform ids or conversations goes.
            for needle in Set(identities.map(\.userID) + conversations.map(\.external)) where needle.count >= 4 {
                let deleted = try await db.raw(
                    """
                    DELETE FROM webhook_events WHERE workspace_id = \(bind: workspace.rawValue)
                    AND body LIKE \(bind: likePattern(containing: needle)) ESCAPE '\\' RETURNING id
                    """
                ).all()
                report.webhookEvents += deleted.count
            }
            try await Self.insert(audit, in: db)
            return report
        }
    }

    /// `left || right` in the engine's dialect.
    static func concat(_ kind: EngineKind, _ left: String, _ right: String) -> String {
        "(\(left) || \(right))"
    }

    /// Removes the text and attachments of the messages matching `condition`, keeping whether each
    /// seller message was small talk only (the service levels need that, not the words). Returns how
    /// many messages lost content.
    static func redactMessages(_ condition: SQLQueryString, reason: String, kind: EngineKind, db: any SQLDatabase) async throws -> Int {
        let rows = try await db.raw(
            SQLQueryString("SELECT id, direction, text FROM messages WHERE ") + condition
                + SQLQueryString(" AND redacted IS NULL")
        ).all()
        guard !rows.isEmpty else { return 0 }
        var smallTalk: [String] = []
        var all: [String] = []
        for row in rows {
            let id = try row.string("id")
            all.append(id)
            if try row.string("direction") == Message.Direction.outbound.rawValue, let text = try row.optionalString("text"),
                SmallTalk.isSmallTalkOnly(text)
            {
                smallTalk.append(id)
            }
        }
        // The words leave the search index with the text.
        try await Self.removeFromSearch(messages: all, kind: kind, in: db)
        for chunk in stride(from: 0, to: all.count, by: 500).map({ Array(all[$0..<min($0 + 500, all.count)]) }) {
            try await db.raw(
                SQLQueryString(
                    """
                    UPDATE messages SET text = NULL, attachments = '[]', small_talk_only = 0, \(unsafeRaw: Self.searchColumn(kind)) = NULL,
                    redacted = \(bind: reason) WHERE id IN (
                    """)
                    + Self.bindList(chunk) + SQLQueryString(")")
            ).run()
        }
        for chunk in stride(from: 0, to: smallTalk.count, by: 500).map({ Array(smallTalk[$0..<min($0 + 500, smallTalk.count)]) }) {
            try await db.raw(
                SQLQueryString("UPDATE messages SET small_talk_only = 1 WHERE id IN (") + Self.bindList(chunk) + SQLQueryString(")")
            ).run()
        }
        return all.count
    }

    /// Fails the replies in `conversations` that are still waiting to be sent. One being sent right now
    /// is failed too: if the platform took it, recording the send still marks it sent.
    static func cancelPendingReplies(in conversations: SQLQueryString, reason: String, now: Date, db: any SQLDatabase) async throws -> Int {
        let pending = try await db.raw(
            SQLQueryString(
                """
                SELECT o.id, o.message_id FROM outbox o JOIN messages m ON m.id = o.message_id
                WHERE o.status IN ('pending', 'sending') AND m.conversation_id IN (
                """) + conversations + SQLQueryString(")")
        ).all()
        for row in pending {
            try await db.raw(
                """
                UPDATE outbox SET status = 'failed', last_error = \(bind: reason), finished_at = \(bind: now.storeMillis)
                WHERE id = \(bind: try row.string("id"))
                """
            ).run()
            try await db.raw(
                """
                UPDATE messages SET delivery_status = 'failed', delivery_error = \(bind: reason) WHERE id = \(bind: try row.string("message_id"))
                """
            ).run()
        }
        return pending.count
    }

    // MARK: Retention

    /// The workspace's retention period in days; nil keeps message text for ever.
    public func retentionDays(workspace: Workspace.ID) async throws -> Int? {
        let row = try await self.engine.read { db in
            try await db.raw("SELECT retention_days FROM workspaces WHERE id = \(bind: workspace.rawValue)").first()
        }
        guard let row else { throw StoreError.notFound("workspace \(workspace)") }
        return try row.decodeNil(column: "retention_days") ? nil : try row.int("retention_days")
    }

    /// Sets the retention period (1 to 3650 days, or nil for none), recorded in the audit log.
    public func setRetentionDays(_ days: Int?, workspace: Workspace.ID, by actor: AuditEntry.Actor, now: Date) async throws {
        if let days, !(1...3650).contains(days) {
            throw StoreError.invalid(field: "retention_days", message: "retention_days must be 1 to 3650, or null to keep message text")
        }
        let audit = self.auditEntry(
            .retentionChanged, by: actor, workspace: workspace, subject: nil,
            detail: days.map { "message text kept \($0) days" } ?? "message text kept until deleted", now: now
        )
        try await self.engine.transaction { db in
            try await db.raw(
                """
                UPDATE workspaces SET retention_days = \(bind: days.map(Int64.init)) WHERE id = \(bind: workspace.rawValue)
                """
            ).run()
            try await Self.insert(audit, in: db)
        }
    }

    /// Workspaces with a retention period, and the period.
    public func retentionPolicies() async throws -> [(workspace: Workspace.ID, days: Int)] {
        let rows = try await self.engine.read { db in
            try await db.raw("SELECT id, retention_days FROM workspaces WHERE retention_days IS NOT NULL").all()
        }
        return try rows.map { (try $0.id("id"), try $0.int("retention_days")) }
    }

    /// Purges, in batches of `batchSize`, the text and attachments of messages stored before
    /// `cutoff` in `workspace` (a message's age counts from when ShopDesk stored it), the previews
    /// quoting them, raw pushes received before it, and the shipping addresses of orders last changed
    /// before it. Messages are walked in id order (ids are time-ordered) from where the last
    /// run stopped, so a run costs what it purges, not what is already gone. Each batch is its own
    /// transaction, so ingest is never held up for long; returns when nothing older is left.
    @discardableResult
    public func purgeExpiredContent(workspace: Workspace.ID, before cutoff: Date, batchSize: Int = 500) async throws -> RetentionReport {
        var report = RetentionReport(messages: 0, webhookEvents: 0)
        let bound = IDGenerator.lowestID(at: cutoff)
        let kind = self.engine.kind
        while true {
            let purged = try await self.engine.transaction { db -> (rows: Int, purged: Int) in
                let cursor =
                    try await db.raw("SELECT retention_cursor FROM workspaces WHERE id = \(bind: workspace.rawValue)").first()
                    .flatMap { try $0.optionalString("retention_cursor") } ?? ""
                let rows = try await db.raw(
                    """
                    SELECT id, conversation_id FROM messages WHERE id > \(bind: cursor) AND id < \(bind: bound)
                    AND workspace_id = \(bind: workspace.rawValue) ORDER BY id LIMIT \(bind: Int64(batchSize))
                    """
                ).all().map { (id: try $0.string("id"), conversation: try $0.string("conversation_id")) }
                guard let last = rows.last else { return (0, 0) }
                let purged = try await Self.redactMessages(
                    SQLQueryString("id IN (") + Self.bindList(rows.map(\.id)) + SQLQueryString(")")
                        + SQLQueryString(" AND (text IS NOT NULL OR attachments <> '[]')"),
                    reason: "retention", kind: kind, db: db
                )
                // A conversation whose latest message is now purged loses the preview quoting it.
                try await db.raw(
                    SQLQueryString(
                        """
                        UPDATE conversations SET last_message_preview = NULL WHERE id IN (
                        """) + Self.bindList(Array(Set(rows.map(\.conversation))))
                        + SQLQueryString(
                            """
                            ) AND (SELECT m.redacted FROM messages m WHERE m.conversation_id = conversations.id
                            ORDER BY m.platform_at DESC, m.id DESC LIMIT 1) IS NOT NULL
                            """)
                ).run()
                try await db.raw("UPDATE workspaces SET retention_cursor = \(bind: last.id) WHERE id = \(bind: workspace.rawValue)").run()
                return (rows.count, purged)
            }
            report.messages += purged.purged
            if purged.rows < batchSize { break }
        }
        report.webhookEvents = try await self.engine.transaction { db in
            try await db.raw(
                """
                DELETE FROM webhook_events WHERE workspace_id = \(bind: workspace.rawValue) AND received_at < \(bind: cutoff.storeMillis)
                RETURNING id
                """
            ).all().count
        }
        report.orders = try await self.engine.transaction { db in
            try await db.raw(
                """
                UPDATE channel_orders SET shipping_address = NULL WHERE workspace_id = \(bind: workspace.rawValue)
                AND updated_at < \(bind: cutoff.storeMillis) AND shipping_address IS NOT NULL RETURNING order_id
                """
            ).all().count
        }
        return report
    }
}

extension IDGenerator {
    /// The smallest id `make()` could return at `time`: every id made before it sorts lower.
    static func lowestID(at time: Date) -> String {
        Self.text(Self.bytes(millis: UInt64(max(0, time.timeIntervalSince1970 * 1000)), rest: [UInt8](repeating: 0, count: 10)))
    }
}
