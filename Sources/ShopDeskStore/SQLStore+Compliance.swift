import Foundation
import SQLKit
import ShopDeskCore

/// The stored facts the compliance guard's spam counters need for one draft.
public struct SendHistory: Sendable {
    /// A seller message already sent or queued.
    public struct Send: Sendable, Hashable {
        public var at: Date
        public var buyer: Buyer.ID
        public var text: String
        /// The buyer had not written in the 24 hours before it.
        public var unsolicited: Bool
    }

    /// In time order: sends on the channel account within the duplicate window, and this buyer's
    /// sends within the last 24 hours.
    public var sends: [Send]
    /// When the draft's buyer last wrote, on any of their conversations.
    public var buyerLastWrote: Date?
}

extension SQLStore {
    // MARK: Workspace rule extensions

    /// The workspace admins' additions to the compliance rules, as stored (JSON), or nil.
    public func complianceRules(workspace: Workspace.ID) async throws -> String? {
        let row = try await self.engine.read { db in
            try await db.raw("SELECT compliance_rules FROM workspaces WHERE id = \(bind: workspace.rawValue)").first()
        }
        guard let row else { throw StoreError.notFound("workspace \(workspace)") }
        return try row.optionalString("compliance_rules")
    }

    /// Stores the additions (already validated by the caller), recorded in the audit log.
    public func setComplianceRules(_ json: String?, workspace: Workspace.ID, by actor: AuditEntry.Actor, detail: String, now: Date) async throws {
        let audit = self.auditEntry(.complianceRulesChanged, by: actor, workspace: workspace, subject: nil, detail: detail, now: now)
        try await self.engine.transaction { db in
            try await db.raw("UPDATE workspaces SET compliance_rules = \(bind: json) WHERE id = \(bind: workspace.rawValue)").run()
            try await Self.insert(audit, in: db)
        }
    }

    // MARK: Spam counters

    /// Recent sends that bear on a draft to `buyer` on `channel` at `now`: every seller message on the
    /// channel account within `duplicateWindow` (for near-duplicates to other buyers), this buyer's
    /// within `unansweredPeriod`, and when the buyer last wrote. Agent replies, automations and
    /// templates all count: what the platform sees is the shop's messages, whoever typed them.
    /// Reads the partial index of outbound messages, so the cost follows the shop's recent sends.
    public func sendHistory(
        channel: ChannelAccount.ID, buyer: Buyer.ID, workspace: Workspace.ID, now: Date, duplicateWindow: TimeInterval,
        unansweredPeriod: TimeInterval
    ) async throws -> SendHistory {
        let duplicateSince = now.addingTimeInterval(-duplicateWindow).storeMillis
        let unansweredSince = now.addingTimeInterval(-unansweredPeriod).storeMillis
        let day = Int64(RecentOutboundLog.unansweredPeriod * 1000)
        let (rows, lastWrote) = try await self.engine.read { db in
            // Whether the buyer wrote in the day before each send decides whether it was a reply.
            let answered = """
                CASE WHEN EXISTS (SELECT 1 FROM conversations bc JOIN messages bm ON bm.conversation_id = bc.id
                    WHERE bc.buyer_id = c.buyer_id AND bm.direction = 'inbound'
                    AND bm.platform_at <= m.platform_at AND bm.platform_at >= m.platform_at - \(day)) THEN 1 ELSE 0 END
                """
            let rows = try await db.raw(
                """
                SELECT m.platform_at, c.buyer_id, m.text, \(unsafeRaw: answered) AS answered
                FROM messages m JOIN conversations c ON c.id = m.conversation_id
                WHERE m.workspace_id = \(bind: workspace.rawValue) AND m.direction = 'outbound'
                AND m.platform_at >= \(bind: min(duplicateSince, unansweredSince)) AND m.platform_at <= \(bind: now.storeMillis)
                AND m.channel_account_id = \(bind: channel.rawValue) AND m.text IS NOT NULL
                AND (m.platform_at >= \(bind: duplicateSince) OR c.buyer_id = \(bind: buyer.rawValue))
                ORDER BY m.platform_at DESC LIMIT 5000
                """
            ).all()
            let lastWrote = try await db.raw(
                """
                SELECT MAX(last_inbound_at) AS at FROM conversations WHERE buyer_id = \(bind: buyer.rawValue)
                AND workspace_id = \(bind: workspace.rawValue)
                """
            ).first()
            return (rows, lastWrote)
        }
        let sends = try rows.reversed().map { row in
            SendHistory.Send(
                at: try row.date("platform_at"), buyer: try row.id("buyer_id"), text: try row.string("text"),
                unsolicited: try row.int("answered") == 0
            )
        }
        return SendHistory(sends: sends, buyerLastWrote: try lastWrote?.optionalDate("at"))
    }
}
