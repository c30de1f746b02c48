import Foundation
import SQLKit
import ShopDeskCore

extension SQLStore {
    /// A live channel account with what its conversations' deadlines follow.
    struct ChannelRules: Sendable {
        var workspace: Workspace.ID
        var platform: Platform
        var rules: DeadlineRules
    }

    /// Each live channel account among `ids` (and each archived one too, with `includingArchived`, for the
    /// conversations it leaves behind) with its deadline rules: the workspace's policy and, where a
    /// platform grades the account, the platform's rule sets for its market with the calendar facts they
    /// read (holiday mode, the market's public holidays, the account's time zone). At most three queries,
    /// read in the caller's transaction so that a change made concurrently cannot leave deadlines computed
    /// from the old rules.
    static func channelsWithRules(
        _ ids: [String], includingArchived: Bool = false, in db: any SQLDatabase
    ) async throws -> [ChannelAccount.ID: ChannelRules] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await db.raw(
            SQLQueryString(
                """
                SELECT c.id, c.workspace_id, c.platform, c.market, c.time_zone, p.first_response_seconds, p.next_response_seconds,
                    p.calendar
                FROM channel_accounts c LEFT JOIN service_level_policies p ON p.channel_account_id = c.id
                WHERE (c.archived_at IS NULL OR \(bind: includingArchived)) AND c.id IN (
                """) + Self.bindList(ids) + SQLQueryString(")")
        ).all()
        var found: [ChannelAccount.ID: ChannelRules] = [:]
        var graded: [(id: ChannelAccount.ID, market: String, zone: TimeZone)] = []
        for row in rows {
            let id: ChannelAccount.ID = try row.id("id")
            let platform: Platform = try row.enumValue("platform")
            let market = try row.string("market")
            found[id] = ChannelRules(
                workspace: try row.id("workspace_id"), platform: platform, rules: DeadlineRules(policy: try Self.policy(from: row)))
            if !PlatformClock.versions(platform: platform, market: market).isEmpty {
                graded.append((id, market, TimeZone(identifier: try row.string("time_zone")) ?? TimeZone(identifier: "UTC")!))
            }
        }
        guard !graded.isEmpty else { return found }
        var holidayMode: [ChannelAccount.ID: [SLAContext.Period]] = [:]
        let periods = try await db.raw(
            SQLQueryString("SELECT channel_account_id, started_at, ended_at FROM holiday_mode_periods WHERE channel_account_id IN (")
                + Self.bindList(graded.map(\.id.rawValue)) + SQLQueryString(")")
        ).all()
        for row in periods {
            holidayMode[try row.id("channel_account_id"), default: []].append(
                SLAContext.Period(start: try row.date("started_at"), end: try row.optionalDate("ended_at")))
        }
        var holidays: [String: Set<SLADate>] = [:]
        let workspaces = Set(graded.compactMap { found[$0.id]?.workspace.rawValue }).sorted()
        let dates = try await db.raw(
            SQLQueryString("SELECT workspace_id, market, holiday_date FROM public_holidays WHERE workspace_id IN (")
                + Self.bindList(workspaces) + SQLQueryString(") AND market IN (") + Self.bindList(Set(graded.map(\.market)).sorted())
                + SQLQueryString(")")
        ).all()
        for row in dates {
            guard let date = SLADate(try row.string("holiday_date")) else { continue }
            holidays["\(try row.string("workspace_id")) \(try row.string("market"))", default: []].insert(date)
        }
        for account in graded {
            guard var channel = found[account.id] else { continue }
            let context = SLAContext(
                timeZone: account.zone, holidayMode: holidayMode[account.id] ?? [],
                publicHolidays: holidays["\(channel.workspace.rawValue) \(account.market)"] ?? []
            )
            channel.rules.platform = PlatformClock(platform: channel.platform, market: account.market, context: context)
            found[account.id] = channel
        }
        return found
    }

    /// Recomputes the deadlines of the waiting conversations of the workspace's channel accounts named by
    /// `channels` (every account when nil; one conversation with `only`), after their rules changed: the policy, the market or time
    /// zone, holiday mode or public holidays. Only the deadline moves; a change of rules is not activity in
    /// the conversation. Returns the conversations whose deadline moved, for the deadline scheduler.
    static func recomputeDeadlines(
        workspace: Workspace.ID, channels: [ChannelAccount.ID]?, only conversation: Conversation.ID? = nil, kind: EngineKind,
        in db: any SQLDatabase
    ) async throws -> [Conversation.ID] {
        var sql = SQLQueryString("SELECT * FROM conversations WHERE workspace_id = \(bind: workspace.rawValue) AND waiting_since IS NOT NULL")
        if let conversation { sql = sql + " AND id = \(bind: conversation.rawValue)" }
        if let channels {
            guard !channels.isEmpty else { return [] }
            sql = sql + SQLQueryString(" AND channel_account_id IN (") + Self.bindList(channels.map(\.rawValue)) + SQLQueryString(")")
        }
        if kind == .postgres { sql = sql + " FOR UPDATE" }
        let waiting = try await db.raw(sql).all().map(Self.conversation(from:))
        let rules = try await Self.channelsWithRules(Set(waiting.map(\.channelAccountID.rawValue)).sorted(), includingArchived: true, in: db)
        var moved: [Conversation.ID] = []
        for conversation in waiting {
            guard let channel = rules[conversation.channelAccountID] else { continue }
            let state = conversation.state.withDeadline(rules: channel.rules)
            guard state.nextDeadline != conversation.state.nextDeadline || state.deadlineRule != conversation.state.deadlineRule else { continue }
            try await db.raw(
                """
                UPDATE conversations SET next_deadline = \(bind: state.nextDeadline?.storeMillis),
                    deadline_key = \(bind: state.nextDeadline?.storeMillis ?? Self.noDeadlineKey),
                    deadline_rule = \(bind: state.deadlineRule?.description)
                WHERE id = \(bind: conversation.id.rawValue)
                """
            ).run()
            moved.append(conversation.id)
        }
        return moved
    }

    /// Recomputes deadlines in a transaction of their own (after a change of rules made elsewhere).
    public func recomputeDeadlines(workspace: Workspace.ID, channels: [ChannelAccount.ID]?) async throws -> [Conversation.ID] {
        let kind = self.engine.kind
        return try await self.engine.transaction { db in
            try await Self.recomputeDeadlines(workspace: workspace, channels: channels, kind: kind, in: db)
        }
    }
}
