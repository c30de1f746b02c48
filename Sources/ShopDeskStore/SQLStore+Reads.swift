import Foundation
import SQLKit
import ShopDeskCore

extension SQLStore {
    /// Marks a conversation read by `agent` now.
    public func markRead(_ conversation: Conversation.ID, by agent: Agent, now: Date) async throws {
        try await self.engine.transaction { db in
            try await db.raw(
                """
                INSERT INTO conversation_reads (agent_id, conversation_id, workspace_id, read_at)
                VALUES (\(bind: agent.id.rawValue), \(bind: conversation.rawValue), \(bind: agent.workspaceID.rawValue), \(bind: now.storeMillis))
                ON CONFLICT (agent_id, conversation_id) DO UPDATE SET read_at = excluded.read_at
                """
            ).run()
        }
    }

    /// Which of `conversations` have a buyer message `agent` has not seen.
    public func unread(_ conversations: [Conversation], for agent: Agent) async throws -> Set<Conversation.ID> {
        guard !conversations.isEmpty else { return [] }
        let rows = try await self.engine.read { db in
            try await db.raw(
                SQLQueryString(
                    "SELECT conversation_id, read_at FROM conversation_reads WHERE agent_id = \(bind: agent.id.rawValue) AND conversation_id IN (")
                    + Self.bindList(conversations.map(\.id.rawValue)) + SQLQueryString(")")
            ).all()
        }
        var read: [Conversation.ID: Date] = [:]
        for row in rows { read[try row.id("conversation_id")] = try row.date("read_at") }
        return Set(
            conversations.filter { conversation in
                guard let inbound = conversation.state.lastInboundAt else { return false }
                return read[conversation.id].map { $0 < inbound } ?? true
            }.map(\.id))
    }

    /// Open conversations waiting for an answer with a buyer message `agent` has not seen, counted up
    /// to `cap` (the inbox shows "99+"), reading the deadline index.
    public func unreadCount(for agent: Agent, cap: Int = 100) async throws -> Int {
        var sql = SQLQueryString(
            """
            SELECT COUNT(*) AS n FROM (SELECT 1 FROM conversations c
            LEFT JOIN conversation_reads r ON r.conversation_id = c.id AND r.agent_id = \(bind: agent.id.rawValue)
            WHERE c.workspace_id = \(bind: agent.workspaceID.rawValue) AND c.deadline_key < \(bind: Self.noDeadlineKey)
            AND c.last_inbound_at IS NOT NULL AND (r.read_at IS NULL OR r.read_at < c.last_inbound_at)
            """)
        if case .only(let channels) = agent.effectiveChannelAccess {
            guard !channels.isEmpty else { return 0 }
            sql = sql + SQLQueryString(" AND c.channel_account_id IN (") + Self.bindList(channels.map(\.rawValue).sorted()) + SQLQueryString(")")
        }
        sql = sql + " LIMIT \(bind: Int64(cap))) AS unread"
        let query = sql
        return try await self.engine.read { db in try await db.raw(query).first()?.decode(column: "n", as: Int.self) ?? 0 }
    }

    public func setUILanguage(_ language: String?, of agent: Agent.ID) async throws {
        try await self.engine.transaction { db in
            try await db.raw("UPDATE agents SET ui_language = \(bind: language) WHERE id = \(bind: agent.rawValue)").run()
        }
    }
}
