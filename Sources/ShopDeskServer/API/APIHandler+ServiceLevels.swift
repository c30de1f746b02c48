import Foundation
import Logging
import ShopDeskCore
import ShopDeskStore

extension APIHandler {
    func listAtRiskConversations(_ input: Operations.ListAtRiskConversations.Input) async throws -> Operations.ListAtRiskConversations.Output {
        let signedIn = try await self.authenticate()
        let within = input.query.withinSeconds ?? Int(ConversationDeadline.atRiskWithin)
        let limit = input.query.limit ?? 50
        guard (1...2_592_000).contains(within) else { throw APIError.badRequest("within_seconds must be between 1 and 2592000") }
        guard (1...200).contains(limit) else { throw APIError.badRequest("limit must be between 1 and 200") }
        var query = ConversationQuery()
        query.deadlineBefore = self.now.addingTimeInterval(TimeInterval(within))
        query.limit = limit
        let page = try await self.store.listConversations(for: signedIn.agent, query: query)
        return .ok(.init(body: .json(.init(items: page.items.map(Components.Schemas.Conversation.init), nextCursor: nil))))
    }

    func getFirstResponseReport(_ input: Operations.GetFirstResponseReport.Input) async throws -> Operations.GetFirstResponseReport.Output {
        let signedIn = try await self.authenticate()
        let to = input.query.to ?? self.now
        let from = input.query.from ?? to.addingTimeInterval(-30 * 86_400)
        guard from < to else { throw APIError.badRequest("from must be before to") }
        let groupBy = input.query.groupBy ?? .channelAccount
        let records = try await self.store.firstResponses(for: signedIn.agent, from: from, to: to)
        var calendars: [ChannelAccount.ID: ServiceLevelPolicy] = [:]
        var groups: [String: (calendar: [Double], business: [Double])] = [:]
        for record in records {
            if calendars[record.channelAccountID] == nil {
                calendars[record.channelAccountID] = try await self.store.serviceLevelPolicy(for: record.channelAccountID, workspace: signedIn.workspaceID)
            }
            let policy = calendars[record.channelAccountID]!
            let key: String =
                switch groupBy {
                case .agent: record.agentID?.rawValue ?? "unattributed"
                case .channelAccount: record.channelAccountID.rawValue
                case .platform: record.platform.rawValue
                }
            let calendarSeconds = record.firstResponseAt.timeIntervalSince(record.firstInboundAt)
            let businessSeconds = policy.calendar?.businessSeconds(from: record.firstInboundAt, to: record.firstResponseAt) ?? calendarSeconds
            groups[key, default: ([], [])].calendar.append(calendarSeconds)
            groups[key, default: ([], [])].business.append(businessSeconds)
        }
        let items = groups.keys.sorted().map { key -> Components.Schemas.ResponseTimeGroup in
            let calendar = DurationSummary(groups[key]!.calendar)
            let business = DurationSummary(groups[key]!.business)
            return .init(
                key: key, count: calendar.count, medianSeconds: calendar.median, p90Seconds: calendar.p90,
                businessMedianSeconds: business.median, businessP90Seconds: business.p90
            )
        }
        return .ok(.init(body: .json(.init(from: from, to: to, groupBy: .init(rawValue: groupBy.rawValue)!, groups: items))))
    }

    func setHolidayMode(_ input: Operations.SetHolidayMode.Input) async throws -> Operations.SetHolidayMode.Output {
        let signedIn = try await self.authenticate()
        try signedIn.require(.admin)
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected a JSON body") }
        try await self.store.setHolidayMode(body.on, channel: ChannelAccount.ID(rawValue: input.path.channelId), workspace: signedIn.workspaceID, now: self.now)
        return .noContent(.init())
    }

    func setBuyerBlocked(_ input: Operations.SetBuyerBlocked.Input) async throws -> Operations.SetBuyerBlocked.Output {
        let signedIn = try await self.authenticate()
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected a JSON body") }
        let channel = ChannelAccount.ID(rawValue: body.channelAccountId)
        guard signedIn.agent.canAccess(channel) else { throw APIError.notFound("channel account \(channel) not found") }
        try await self.store.setBuyerBlocked(
            body.blocked, buyer: Buyer.ID(rawValue: input.path.buyerId), channel: channel, workspace: signedIn.workspaceID, now: self.now
        )
        return .noContent(.init())
    }

    func getPublicHolidays(_ input: Operations.GetPublicHolidays.Input) async throws -> Operations.GetPublicHolidays.Output {
        let signedIn = try await self.authenticate()
        let market = try Self.market(input.path.market)
        let dates = try await self.store.publicHolidays(market: market, workspace: signedIn.workspaceID)
        return .ok(.init(body: .json(.init(market: market, dates: dates.map(\.description)))))
    }

    func setPublicHolidays(_ input: Operations.SetPublicHolidays.Input) async throws -> Operations.SetPublicHolidays.Output {
        let signedIn = try await self.authenticate()
        try signedIn.require(.admin)
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected a JSON body") }
        let market = try Self.market(input.path.market)
        let dates = try body.dates.map { text in
            guard let date = SLADate(text) else { throw APIError.invalid("'\(text)' is not a date in the form YYYY-MM-DD") }
            return date
        }
        try await self.store.setPublicHolidays(dates, market: market, workspace: signedIn.workspaceID)
        return .ok(.init(body: .json(.init(market: market, dates: Set(dates).sorted().map(\.description)))))
    }

    static func market(_ code: String) throws -> String {
        do {
            return try Market.validatedCode(code)
        } catch {
            throw APIError.badRequest(error.message)
        }
    }
}

// MARK: Policies and alerts

extension APIHandler {
    func getServiceLevelPolicy(_ input: Operations.GetServiceLevelPolicy.Input) async throws -> Operations.GetServiceLevelPolicy.Output {
        let signedIn = try await self.authenticate()
        let channel = ChannelAccount.ID(rawValue: input.path.channelId)
        guard signedIn.agent.canAccess(channel) else { throw APIError.notFound("channel account \(channel) not found") }
        let policy = try await self.store.serviceLevelPolicy(for: channel, workspace: signedIn.workspaceID)
        return .ok(.init(body: .json(try .init(policy))))
    }

    func setServiceLevelPolicy(_ input: Operations.SetServiceLevelPolicy.Input) async throws -> Operations.SetServiceLevelPolicy.Output {
        let signedIn = try await self.authenticate()
        try signedIn.require(.admin)
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected a JSON body") }
        let channel = ChannelAccount.ID(rawValue: input.path.channelId)
        let policy = try ServiceLevelPolicy(body)
        let moved = try await self.store.setServiceLevelPolicy(policy, for: channel, workspace: signedIn.workspaceID, now: self.now)
        self.dependencies.deadlines.deadlinesChanged(moved)
        // What was stored is exactly the validated policy.
        return .ok(.init(body: .json(try .init(policy))))
    }

    func getAlertSettings(_ input: Operations.GetAlertSettings.Input) async throws -> Operations.GetAlertSettings.Output {
        let signedIn = try await self.authenticate()
        try signedIn.require(.admin)
        let settings = try await self.store.alertSettings(workspace: signedIn.workspaceID)
        return .ok(.init(body: .json(.init(settings))))
    }

    func setAlertSettings(_ input: Operations.SetAlertSettings.Input) async throws -> Operations.SetAlertSettings.Output {
        let signedIn = try await self.authenticate()
        try signedIn.require(.admin)
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected a JSON body") }
        var settings = try await self.store.alertSettings(workspace: signedIn.workspaceID)
        let hadSecret = settings.webhookSecret != nil
        if let url = body.webhookUrl {
            guard let parsed = URL(string: url) else { throw APIError.invalid("'\(url)' is not a URL") }
            settings.webhookURL = parsed
        } else {
            settings.webhookURL = nil
        }
        if let secret = body.secret { settings.webhookSecret = secret }
        if let leads = body.leadTimesSeconds { settings.leadTimes = leads.map(TimeInterval.init) }
        let saved = try await self.store.setAlertSettings(settings, workspace: signedIn.workspaceID, now: self.now)
        self.dependencies.deadlines.serviceLevelsChanged(workspace: signedIn.workspaceID)
        var response = Components.Schemas.AlertSettings(saved)
        // A secret the store generated is shown once, in this response; one the seller chose never is.
        if !hadSecret, body.secret == nil, let generated = saved.webhookSecret {
            response.secret = generated
        }
        return .ok(.init(body: .json(response)))
    }
}

extension Components.Schemas.AlertSettings {
    init(_ settings: AlertSettings) {
        self.init(
            webhookUrl: settings.webhookURL?.absoluteString, leadTimesSeconds: settings.leadTimes.map { Int($0) },
            secretSet: settings.webhookSecret != nil, secret: nil
        )
    }
}

extension Components.Schemas.ServiceLevelPolicy {
    init(_ policy: ServiceLevelPolicy) throws {
        let calendar = try policy.calendar.map { calendar in
            try JSONDecoder().decode(Components.Schemas.BusinessCalendar.self, from: JSONEncoder().encode(calendar))
        }
        self.init(firstResponseSeconds: Int(policy.firstResponse), nextResponseSeconds: Int(policy.nextResponse), calendar: calendar)
    }
}

extension ServiceLevelPolicy {
    /// The API's shape and Core's share their JSON form, so one round-trip translates (and validates) it.
    init(_ schema: Components.Schemas.ServiceLevelPolicy) throws {
        let calendar: BusinessCalendar?
        do {
            calendar = try schema.calendar.map { try JSONDecoder().decode(BusinessCalendar.self, from: JSONEncoder().encode($0)) }
        } catch {
            throw APIError.invalid("calendar: opening hours must look like 09:00-18:00 and holidays like 2025-09-02")
        }
        self = try ServiceLevelPolicy(
            firstResponse: TimeInterval(schema.firstResponseSeconds), nextResponse: TimeInterval(schema.nextResponseSeconds), calendar: calendar
        ).validated()
    }
}

// MARK: Platform response rates

extension APIHandler {
    func getServiceLevelRates(_ input: Operations.GetServiceLevelRates.Input) async throws -> Operations.GetServiceLevelRates.Output {
        let signedIn = try await self.authenticate()
        let asOf = input.query.asOf ?? self.now
        var accounts = try await self.store.listChannelAccounts(workspace: signedIn.workspaceID).filter { signedIn.agent.canAccess($0.id) }
        if let only = input.query.channelAccountId {
            accounts = accounts.filter { $0.id.rawValue == only }
            guard !accounts.isEmpty else { throw APIError.notFound("channel account \(only) not found") }
        }
        var items: [Components.Schemas.RateReport] = []
        var holidays: [String: Set<SLADate>] = [:]
        for account in accounts {
            if holidays[account.market] == nil {
                holidays[account.market] = Set(try await self.store.publicHolidays(market: account.market, workspace: signedIn.workspaceID))
            }
            items += try await self.rateReports(
                for: account, workspace: signedIn.workspaceID, publicHolidays: holidays[account.market]!, asOf: asOf
            )
        }
        return .ok(.init(body: .json(.init(items: items))))
    }

    /// Every metric of the rule set in force for `account` at `asOf`, evaluated on the stored messages.
    private func rateReports(
        for account: ChannelAccount, workspace: Workspace.ID, publicHolidays: Set<SLADate>, asOf: Date
    ) async throws -> [Components.Schemas.RateReport] {
        guard let (ruleSet, timelines, context) = try await self.store.rateInputs(
            for: account, workspace: workspace, from: asOf, to: asOf, publicHolidays: publicHolidays
        ) else {
            return []
        }
        return ruleSet.metrics.map { metric in
            let summary = RateEvaluator.evaluate(ruleSet: ruleSet, metric: metric, timelines: timelines, context: context, asOf: asOf).summary
            let forecast = Components.Schemas.RateForecast(
                breachAt: summary.forecast.fallsBelowAt.map(SLATime.date), mustAnswer: summary.forecast.mustAnswer ?? 0,
                answerBy: summary.forecast.answerBy.map(SLATime.date)
            )
            return Components.Schemas.RateReport(
                channelAccountId: account.id.rawValue, platform: .init(rawValue: account.platform.rawValue)!,
                ruleset: ruleSet.id.description, metric: metric.name, windowFrom: SLATime.date(summary.windowStart),
                windowTo: SLATime.date(summary.asOf), eligible: summary.eligible, inTime: summary.inTime, pending: summary.pending,
                rate: summary.rate, threshold: summary.threshold, status: .init(rawValue: summary.status.rawValue)!, forecast: forecast
            )
        }
    }
}

extension SQLStore {
    /// What evaluating `account`'s rates at any time from `from` to `to` needs: the rule set in force
    /// at `to`, the chats of its look-back window before `from` onwards, and the calendar facts.
    func rateInputs(
        for account: ChannelAccount, workspace: Workspace.ID, from: Date, to: Date, publicHolidays: Set<SLADate>
    ) async throws -> (RuleSet, [ChatTimeline], SLAContext)? {
        let zone = TimeZone(identifier: account.timeZone) ?? TimeZone(identifier: "UTC")!
        guard let ruleSet = RuleSetCatalog.standard.resolve(platform: account.platform, market: account.market, asOf: to, timeZone: zone) else {
            return nil
        }
        let timelines = try await self.timelines(channel: account.id, workspace: workspace, since: ruleSet.lookbackStart(asOf: from), until: to)
        let periods = try await self.holidayModePeriods(channel: account.id, workspace: workspace)
        return (ruleSet, timelines, SLAContext(timeZone: zone, holidayMode: periods, publicHolidays: publicHolidays))
    }
}
