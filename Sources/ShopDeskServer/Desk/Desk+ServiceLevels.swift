import Foundation
import ShopDeskCore
import ShopDeskStore

/// First response times of one group (an agent, a channel account or a platform), on the clock and in
/// business hours.
struct ResponseTimeGroup: Sendable {
    var key: String
    var calendar: DurationSummary
    var business: DurationSummary
}

/// How first responses are grouped in a report.
enum ResponseTimeGrouping: String, Sendable {
    case agent
    case channelAccount = "channel_account"
    case platform
}

extension Desk {
    /// The conversations whose deadline falls within `within` seconds (or has passed), most urgent first.
    func atRiskConversations(within: Int?, limit: Int?, by signedIn: AuthenticatedAgent) async throws -> [Conversation] {
        let within = within ?? Int(ConversationDeadline.atRiskWithin)
        let limit = limit ?? 50
        guard (1...2_592_000).contains(within) else { throw DeskError.malformed("within_seconds must be between 1 and 2592000") }
        guard (1...200).contains(limit) else { throw DeskError.malformed("limit must be between 1 and 200") }
        var query = ConversationQuery()
        query.deadlineBefore = self.now.addingTimeInterval(TimeInterval(within))
        query.limit = limit
        return try await self.conversations(query, by: signedIn).items
    }

    /// First response times from `from` to `to`, grouped, on the clock and in each account's business hours.
    func firstResponseTimes(
        from: Date, to: Date, groupBy: ResponseTimeGrouping, by signedIn: AuthenticatedAgent
    ) async throws -> [ResponseTimeGroup] {
        guard from < to else { throw DeskError.malformed("from must be before to") }
        let records = try await self.store.firstResponses(for: signedIn.agent, from: from, to: to)
        var policies: [ChannelAccount.ID: ServiceLevelPolicy] = [:]
        var groups: [String: (calendar: [Double], business: [Double])] = [:]
        for record in records {
            if policies[record.channelAccountID] == nil {
                policies[record.channelAccountID] = try await self.store.serviceLevelPolicy(
                    for: record.channelAccountID, workspace: signedIn.workspaceID
                )
            }
            let key: String =
                switch groupBy {
                case .agent: record.agentID?.rawValue ?? "unattributed"
                case .channelAccount: record.channelAccountID.rawValue
                case .platform: record.platform.rawValue
                }
            let calendarSeconds = record.firstResponseAt.timeIntervalSince(record.firstInboundAt)
            let businessSeconds =
                policies[record.channelAccountID]!.calendar?.businessSeconds(from: record.firstInboundAt, to: record.firstResponseAt)
                ?? calendarSeconds
            groups[key, default: ([], [])].calendar.append(calendarSeconds)
            groups[key, default: ([], [])].business.append(businessSeconds)
        }
        return groups.keys.sorted().map { key in
            ResponseTimeGroup(key: key, calendar: DurationSummary(groups[key]!.calendar), business: DurationSummary(groups[key]!.business))
        }
    }

    /// Seconds from each first buyer message to its first response over the last `days` days (the dashboard's histogram).
    func firstResponseSeconds(days: Int, by signedIn: AuthenticatedAgent) async throws -> [TimeInterval] {
        let now = self.now
        return try await self.store.firstResponses(for: signedIn.agent, from: now.addingTimeInterval(-Double(days) * 86_400), to: now)
            .map { $0.firstResponseAt.timeIntervalSince($0.firstInboundAt) }
    }

    /// Holiday mode on or off; platforms that leave such chats out move the deadlines it changes.
    func setHolidayMode(_ on: Bool, channel: ChannelAccount.ID, by signedIn: AuthenticatedAgent) async throws {
        try signedIn.require(.admin)
        let moved = try await self.store.setHolidayMode(on, channel: channel, workspace: signedIn.workspaceID, now: self.now)
        self.finish((), self.deadlinesMoved(moved, in: signedIn.workspaceID, channel: channel))
    }

    /// Conversations whose deadline a change of rules moved, on `channel` (or on several, when nil).
    func deadlinesMoved(_ moved: [Conversation.ID], in workspace: Workspace.ID, channel: ChannelAccount.ID?) -> Changes {
        var changes = Changes()
        for conversation in moved { changes.conversations[conversation] = Changes.Scope(workspace: workspace, channel: channel) }
        return changes
    }

    func publicHolidays(market: String, by signedIn: AuthenticatedAgent) async throws -> (market: String, dates: [SLADate]) {
        let market = try Self.market(market)
        return (market, try await self.store.publicHolidays(market: market, workspace: signedIn.workspaceID))
    }

    /// Replaces a market's public holidays; returns them sorted, each once.
    func setPublicHolidays(_ texts: [String], market: String, by signedIn: AuthenticatedAgent) async throws -> (market: String, dates: [SLADate]) {
        try signedIn.require(.admin)
        let market = try Self.market(market)
        let dates = try texts.map { text in
            guard let date = SLADate(text) else { throw DeskError.invalid("'\(text)' is not a date in the form YYYY-MM-DD") }
            return date
        }
        let moved = try await self.store.setPublicHolidays(dates, market: market, workspace: signedIn.workspaceID)
        return self.finish((market, Set(dates).sorted()), self.deadlinesMoved(moved, in: signedIn.workspaceID, channel: nil))
    }

    func serviceLevelPolicy(channel: ChannelAccount.ID, by signedIn: AuthenticatedAgent) async throws -> ServiceLevelPolicy {
        try signedIn.requireAccess(to: channel)
        return try await self.store.serviceLevelPolicy(for: channel, workspace: signedIn.workspaceID)
    }

    /// Sets a channel account's own deadlines; the conversations whose deadline moved are re-queued.
    /// Returns the policy as stored.
    func setServiceLevelPolicy(
        _ policy: ServiceLevelPolicy, channel: ChannelAccount.ID, by signedIn: AuthenticatedAgent
    ) async throws -> ServiceLevelPolicy {
        try signedIn.require(.admin)
        let policy = try policy.validated()
        let moved = try await self.store.setServiceLevelPolicy(policy, for: channel, workspace: signedIn.workspaceID, now: self.now)
        return self.finish(policy, self.deadlinesMoved(moved, in: signedIn.workspaceID, channel: channel))
    }

    func alertSettings(by signedIn: AuthenticatedAgent) async throws -> AlertSettings {
        try signedIn.require(.admin)
        return try await self.store.alertSettings(workspace: signedIn.workspaceID)
    }

    /// Changes where deadline alerts go and how early they fire. Returns the saved settings and, when
    /// the store generated the signing secret just now, that secret (shown this once).
    func setAlertSettings(
        webhookURL: String?, secret: String?, leadTimes: [TimeInterval]?, by signedIn: AuthenticatedAgent
    ) async throws -> (settings: AlertSettings, generatedSecret: String?) {
        try signedIn.require(.admin)
        var settings = try await self.store.alertSettings(workspace: signedIn.workspaceID)
        let hadSecret = settings.webhookSecret != nil
        if let webhookURL {
            guard let parsed = URL(string: webhookURL) else { throw DeskError.invalid("'\(webhookURL)' is not a URL") }
            settings.webhookURL = parsed
        } else {
            settings.webhookURL = nil
        }
        if let secret { settings.webhookSecret = secret }
        if let leadTimes { settings.leadTimes = leadTimes }
        let saved = try await self.store.setAlertSettings(settings, workspace: signedIn.workspaceID, now: self.now)
        var changes = Changes()
        changes.serviceLevels = [signedIn.workspaceID]
        // A secret the store generated is shown once; one the seller chose never is.
        return self.finish((saved, !hadSecret && secret == nil ? saved.webhookSecret : nil), changes)
    }

    static func market(_ code: String) throws(DeskError) -> String {
        do {
            return try Market.validatedCode(code)
        } catch {
            throw .malformed(error.message)
        }
    }
}
