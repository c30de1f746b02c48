import Foundation
import SQLKit
import ShopDeskCore

extension SQLStore {
    /// When the next snoozed conversation is due back in the queue (nil when none is snoozed).
    public func nextSnoozeWake() async throws -> Date? {
        try await self.engine.read { db in
            try await db.raw(
                "SELECT MIN(snoozed_until) AS t FROM conversations WHERE status = 'snoozed' AND snoozed_until IS NOT NULL"
            ).first()?.optionalDate("t")
        }
    }

    /// Puts back in the queue, open and with their full deadline, up to `limit` snoozed conversations
    /// whose time has come (at or before `now`), and returns them. Safe on several nodes at once: on
    /// PostgreSQL a conversation another node woke first no longer matches once its lock is released.
    public func wakeSnoozed(now: Date, limit: Int = 500) async throws -> [Conversation] {
        let kind = self.engine.kind
        return try await self.engine.transaction { db in
            let due = try await db.raw(
                SQLQueryString(
                    """
                    SELECT * FROM conversations WHERE status = 'snoozed' AND snoozed_until <= \(bind: now.storeMillis)
                    ORDER BY snoozed_until LIMIT \(bind: limit)
                    """) + SQLQueryString(kind == .postgres ? " FOR UPDATE" : "")
            ).all().map(Self.conversation(from:))
            guard !due.isEmpty else { return [] }
            let rules = try await Self.channelsWithRules(Set(due.map(\.channelAccountID.rawValue)).sorted(), includingArchived: true, in: db)
            var woken: [Conversation] = []
            for var conversation in due {
                guard let channel = rules[conversation.channelAccountID] else { continue }
                conversation.state = conversation.state.woken(rules: channel.rules)
                try await Self.saveState(conversation.state, of: conversation.id, now: now, in: db)
                woken.append(conversation)
            }
            return woken
        }
    }
}
