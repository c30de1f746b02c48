import Foundation
import SQLKit
import ShopDeskCore

extension SQLStore {
    // MARK: - Service-level policies

    /// The policy of a channel account in the workspace (the default when none was set).
    public func serviceLevelPolicy(for channel: ChannelAccount.ID, workspace: Workspace.ID) async throws -> ServiceLevelPolicy {
        let row = try await self.engine.read { db in
            try await db.raw(
                """
                SELECT p.first_response_seconds, p.next_response_seconds, p.calendar
                FROM channel_accounts c LEFT JOIN service_level_policies p ON p.channel_account_id = c.id
                WHERE c.id = \(bind: channel.rawValue) AND c.workspace_id = \(bind: workspace.rawValue) AND c.archived_at IS NULL
                """
            ).first()
        }
        guard let row else { throw StoreError.notFound("channel account \(channel)") }
        return try Self.policy(from: row)
    }

    /// Sets (or, with nil, resets to the default) a channel account's policy, and moves the deadlines of
    /// its waiting conversations to match, in one transaction. Returns the conversations whose deadline
    /// moved, for the deadline scheduler.
    @discardableResult
    public func setServiceLevelPolicy(
        _ policy: ServiceLevelPolicy?, for channel: ChannelAccount.ID, workspace: Workspace.ID, now: Date
    ) async throws -> [Conversation.ID] {
        let policy = try policy?.validated()
        _ = try await self.channelAccount(channel, workspace: workspace)
        let calendar = try policy?.calendar.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        let kind = self.engine.kind
        return try await self.engine.transaction { db in
            if let policy {
                try await db.raw(
                    """
                    INSERT INTO service_level_policies (channel_account_id, workspace_id, first_response_seconds,
                        next_response_seconds, calendar, updated_at)
                    VALUES (\(bind: channel.rawValue), \(bind: workspace.rawValue), \(bind: Int64(policy.firstResponse)),
                        \(bind: Int64(policy.nextResponse)), \(bind: calendar), \(bind: now.storeMillis))
                    ON CONFLICT (channel_account_id) DO UPDATE SET first_response_seconds = excluded.first_response_seconds,
                        next_response_seconds = excluded.next_response_seconds, calendar = excluded.calendar,
                        updated_at = excluded.updated_at
                    """
                ).run()
            } else {
                try await db.raw("DELETE FROM service_level_policies WHERE channel_account_id = \(bind: channel.rawValue)").run()
            }
            return try await Self.recomputeDeadlines(workspace: workspace, channels: [channel], kind: kind, in: db)
        }
    }

    /// Reads a policy from `first_response_seconds`, `next_response_seconds` and `calendar`; a row from
    /// an outer join without a policy (NULL targets) is the default policy.
    static func policy(from row: any SQLRow) throws -> ServiceLevelPolicy {
        guard try !row.decodeNil(column: "first_response_seconds") else { return .default }
        let calendar = try row.optionalString("calendar").map {
            try JSONDecoder().decode(BusinessCalendar.self, from: Data($0.utf8))
        }
        return ServiceLevelPolicy(
            firstResponse: TimeInterval(try row.int("first_response_seconds")),
            nextResponse: TimeInterval(try row.int("next_response_seconds")), calendar: calendar
        )
    }

    // MARK: - Alert settings

    /// The workspace's alert settings, with the webhook secret decrypted (the defaults when none were set).
    public func alertSettings(workspace: Workspace.ID) async throws -> AlertSettings {
        let row = try await self.engine.read { db in
            try await db.raw(
                """
                SELECT webhook_url, webhook_secret, lead_times FROM alert_settings WHERE workspace_id = \(bind: workspace.rawValue)
                """
            ).first()
        }
        guard let row else { return .default }
        var secret: String?
        if try !row.decodeNil(column: "webhook_secret") {
            secret = String(decoding: try self.secrets.open(try row.decode(column: "webhook_secret", as: Data.self)), as: UTF8.self)
        }
        return AlertSettings(
            webhookURL: try row.optionalString("webhook_url").flatMap(URL.init(string:)), webhookSecret: secret,
            leadTimes: Self.leadTimes(try row.string("lead_times"))
        )
    }

    /// Replaces the workspace's alert settings and returns them as stored. A webhook URL given without a
    /// secret gets a new random one (`whsec_…`), which the caller shows to the seller.
    @discardableResult
    public func setAlertSettings(_ settings: AlertSettings, workspace: Workspace.ID, now: Date) async throws -> AlertSettings {
        var settings = try settings.validated()
        if settings.webhookURL != nil, settings.webhookSecret == nil {
            settings.webhookSecret = TokenHasher.makeToken(prefix: "whsec_")
        }
        let sealed = try settings.webhookSecret.map { try self.secrets.seal(Data($0.utf8)) }
        let url = settings.webhookURL?.absoluteString
        let leads = settings.leadTimes.map { String(Int($0)) }.joined(separator: ",")
        try await self.engine.transaction { db in
            try await db.raw(
                """
                INSERT INTO alert_settings (workspace_id, webhook_url, webhook_secret, lead_times, updated_at)
                VALUES (\(bind: workspace.rawValue), \(bind: url), \(bind: sealed), \(bind: leads), \(bind: now.storeMillis))
                ON CONFLICT (workspace_id) DO UPDATE SET webhook_url = excluded.webhook_url,
                    webhook_secret = excluded.webhook_secret, lead_times = excluded.lead_times, updated_at = excluded.updated_at
                """
            ).run()
        }
        return settings
    }

    static func leadTimes(_ stored: String?) -> [TimeInterval] {
        guard let stored else { return AlertSettings.defaultLeadTimes }
        return stored.split(separator: ",").compactMap { Int($0).map(TimeInterval.init) }
    }

    // MARK: - Deadlines and alerts

    /// Every conversation whose deadline is at or after `cutoff`, across workspaces: what the deadline
    /// queue is rebuilt from at start-up (older deadlines' alerts would be stale anyway).
    public func conversationsWithDeadlines(notBefore cutoff: Date) async throws -> [ConversationDeadline] {
        try await self.engine.read { db in
            let rows = try await db.raw(
                """
                SELECT c.id, c.workspace_id, c.channel_account_id, c.next_deadline, c.waiting_since, a.lead_times
                FROM conversations c LEFT JOIN alert_settings a ON a.workspace_id = c.workspace_id
                WHERE c.next_deadline IS NOT NULL AND c.next_deadline >= \(bind: cutoff.storeMillis)
                """
            ).all()
            let fired = try await db.raw(
                """
                SELECT conversation_id, deadline, kind, lead_seconds FROM sla_alerts WHERE deadline >= \(bind: cutoff.storeMillis)
                """
            ).all()
            return try Self.deadlines(rows, fired: fired)
        }
    }

    /// The current deadlines of some conversations; those without one are absent from the result.
    public func conversationDeadlines(_ ids: some Collection<Conversation.ID>) async throws -> [ConversationDeadline] {
        let all = Array(Set(ids.map(\.rawValue))).sorted()
        var result: [ConversationDeadline] = []
        var start = 0
        while start < all.count {
            let chunk = Array(all[start..<min(start + 500, all.count)])
            start += 500
            result += try await self.engine.read { db in
                let rows = try await db.raw(
                    SQLQueryString(
                        """
                        SELECT c.id, c.workspace_id, c.channel_account_id, c.next_deadline, c.waiting_since, a.lead_times
                        FROM conversations c LEFT JOIN alert_settings a ON a.workspace_id = c.workspace_id
                        WHERE c.next_deadline IS NOT NULL AND c.id IN (
                        """) + Self.bindList(chunk) + SQLQueryString(")")
                ).all()
                let fired = try await db.raw(
                    SQLQueryString(
                        """
                        SELECT conversation_id, deadline, kind, lead_seconds FROM sla_alerts WHERE conversation_id IN (
                        """) + Self.bindList(chunk) + SQLQueryString(")")
                ).all()
                return try Self.deadlines(rows, fired: fired)
            }
        }
        return result
    }

    /// The deadlines of a workspace's conversations at or after `cutoff` (after its settings changed).
    public func conversationDeadlines(workspace: Workspace.ID, notBefore cutoff: Date) async throws -> [ConversationDeadline] {
        try await self.engine.read { db in
            let rows = try await db.raw(
                """
                SELECT c.id, c.workspace_id, c.channel_account_id, c.next_deadline, c.waiting_since, a.lead_times
                FROM conversations c LEFT JOIN alert_settings a ON a.workspace_id = c.workspace_id
                WHERE c.workspace_id = \(bind: workspace.rawValue) AND c.next_deadline IS NOT NULL
                AND c.next_deadline >= \(bind: cutoff.storeMillis)
                """
            ).all()
            let fired = try await db.raw(
                """
                SELECT conversation_id, deadline, kind, lead_seconds FROM sla_alerts
                WHERE workspace_id = \(bind: workspace.rawValue) AND deadline >= \(bind: cutoff.storeMillis)
                """
            ).all()
            return try Self.deadlines(rows, fired: fired)
        }
    }

    /// Records that `alert` fires for the conversation's `deadline`, if it was not recorded before and the
    /// conversation still has that deadline. True means the caller is the one to announce it: every node
    /// and every restart asks here first, so each alert is announced once.
    public func claimAlert(
        _ alert: DeadlineAlert, conversation: Conversation.ID, deadline: Date, now: Date
    ) async throws -> Bool {
        try await self.engine.transaction { db in
            try await db.raw(
                """
                INSERT INTO sla_alerts (workspace_id, conversation_id, deadline, kind, lead_seconds, fired_at)
                SELECT workspace_id, id, next_deadline, \(bind: alert.kind), \(bind: Int64(alert.leadSeconds)), \(bind: now.storeMillis)
                FROM conversations WHERE id = \(bind: conversation.rawValue) AND next_deadline = \(bind: deadline.storeMillis)
                ON CONFLICT DO NOTHING RETURNING conversation_id
                """
            ).first() != nil
        }
    }

    /// Records that an alert's webhook needs nothing more: delivered, refused, given up, or not configured.
    public func finishAlertWebhook(_ alert: FiredAlert, at now: Date) async throws {
        try await self.engine.transaction { db in
            try await db.raw(
                """
                UPDATE sla_alerts SET webhook_done_at = \(bind: now.storeMillis)
                WHERE conversation_id = \(bind: alert.conversationID.rawValue) AND deadline = \(bind: alert.deadline.storeMillis)
                AND kind = \(bind: alert.alert.kind) AND lead_seconds = \(bind: Int64(alert.alert.leadSeconds))
                """
            ).run()
        }
    }

    /// Alerts fired at or after `cutoff` whose webhook was not finished (the server stopped while it was
    /// being sent or waiting to be retried), oldest first: sent again at start-up.
    public func alertsAwaitingWebhook(notBefore cutoff: Date) async throws -> [FiredAlert] {
        try await self.engine.read { db in
            try await db.raw(
                """
                SELECT a.workspace_id, a.conversation_id, a.kind, a.lead_seconds, a.deadline, a.fired_at, c.channel_account_id
                FROM sla_alerts a JOIN conversations c ON c.id = a.conversation_id
                WHERE a.webhook_done_at IS NULL AND a.fired_at >= \(bind: cutoff.storeMillis)
                ORDER BY a.fired_at, a.conversation_id
                """
            ).all().compactMap { row in
                guard let alert = DeadlineAlert(kind: try row.string("kind"), leadSeconds: try row.int("lead_seconds")) else { return nil }
                return FiredAlert(
                    alert: alert, conversationID: try row.id("conversation_id"), workspaceID: try row.id("workspace_id"),
                    channelAccountID: try row.id("channel_account_id"), deadline: try row.date("deadline"), firedAt: try row.date("fired_at")
                )
            }
        }
    }

    /// The alerts fired for a conversation in the workspace, oldest first.
    public func firedAlerts(in conversation: Conversation.ID, workspace: Workspace.ID) async throws -> [FiredAlert] {
        try await self.engine.read { db in
            try await db.raw(
                """
                SELECT a.kind, a.lead_seconds, a.deadline, a.fired_at, c.channel_account_id
                FROM sla_alerts a JOIN conversations c ON c.id = a.conversation_id
                WHERE a.conversation_id = \(bind: conversation.rawValue) AND a.workspace_id = \(bind: workspace.rawValue)
                ORDER BY a.fired_at, a.deadline, a.lead_seconds DESC
                """
            ).all().compactMap { row in
                guard let alert = DeadlineAlert(kind: try row.string("kind"), leadSeconds: try row.int("lead_seconds")) else { return nil }
                return FiredAlert(
                    alert: alert, conversationID: conversation, workspaceID: workspace,
                    channelAccountID: try row.id("channel_account_id"), deadline: try row.date("deadline"), firedAt: try row.date("fired_at")
                )
            }
        }
    }

    private static func deadlines(_ rows: [any SQLRow], fired: [any SQLRow]) throws -> [ConversationDeadline] {
        struct Key: Hashable {
            var conversation: String
            var deadline: Int64
        }
        var firedByKey: [Key: Set<DeadlineAlert>] = [:]
        for row in fired {
            guard let alert = DeadlineAlert(kind: try row.string("kind"), leadSeconds: try row.int("lead_seconds")) else { continue }
            let key = Key(conversation: try row.string("conversation_id"), deadline: try row.decode(column: "deadline", as: Int64.self))
            firedByKey[key, default: []].insert(alert)
        }
        return try rows.map { row in
            let id: Conversation.ID = try row.id("id")
            let deadline = try row.decode(column: "next_deadline", as: Int64.self)
            return ConversationDeadline(
                conversationID: id, workspaceID: try row.id("workspace_id"), channelAccountID: try row.id("channel_account_id"),
                deadline: Date(storeMillis: deadline), waitingSince: try row.optionalDate("waiting_since"),
                leadTimes: Self.leadTimes(try row.optionalString("lead_times")),
                fired: firedByKey[Key(conversation: id.rawValue, deadline: deadline)] ?? []
            )
        }
    }
}
