import Foundation
import ShopDeskCore
import ShopDeskStore

extension APIHandler {
    func listAtRiskConversations(_ input: Operations.ListAtRiskConversations.Input) async throws -> Operations.ListAtRiskConversations.Output {
        let signedIn = try await self.authenticate()
        let items = try await self.desk.atRiskConversations(within: input.query.withinSeconds, limit: input.query.limit, by: signedIn)
        return .ok(.init(body: .json(.init(items: items.map(Components.Schemas.Conversation.init), nextCursor: nil))))
    }

    func getFirstResponseReport(_ input: Operations.GetFirstResponseReport.Input) async throws -> Operations.GetFirstResponseReport.Output {
        let signedIn = try await self.authenticate()
        let to = input.query.to ?? self.now
        let from = input.query.from ?? to.addingTimeInterval(-30 * 86_400)
        let groupBy = input.query.groupBy ?? .channelAccount
        let groups = try await self.desk.firstResponseTimes(
            from: from, to: to, groupBy: ResponseTimeGrouping(rawValue: groupBy.rawValue)!, by: signedIn
        )
        let items = groups.map { group in
            Components.Schemas.ResponseTimeGroup(
                key: group.key, count: group.calendar.count, medianSeconds: group.calendar.median, p90Seconds: group.calendar.p90,
                businessMedianSeconds: group.business.median, businessP90Seconds: group.business.p90
            )
        }
        return .ok(.init(body: .json(.init(from: from, to: to, groupBy: .init(rawValue: groupBy.rawValue)!, groups: items))))
    }

    func setHolidayMode(_ input: Operations.SetHolidayMode.Input) async throws -> Operations.SetHolidayMode.Output {
        let signedIn = try await self.authenticate()
        guard case .json(let body) = input.body else { throw Self.expectedJSON }
        try await self.desk.setHolidayMode(body.on, channel: ChannelAccount.ID(rawValue: input.path.channelId), by: signedIn)
        return .noContent(.init())
    }

    func getPublicHolidays(_ input: Operations.GetPublicHolidays.Input) async throws -> Operations.GetPublicHolidays.Output {
        let (market, dates) = try await self.desk.publicHolidays(market: input.path.market, by: try await self.authenticate())
        return .ok(.init(body: .json(.init(market: market, dates: dates.map(\.description)))))
    }

    func setPublicHolidays(_ input: Operations.SetPublicHolidays.Input) async throws -> Operations.SetPublicHolidays.Output {
        let signedIn = try await self.authenticate()
        guard case .json(let body) = input.body else { throw Self.expectedJSON }
        let (market, dates) = try await self.desk.setPublicHolidays(body.dates, market: input.path.market, by: signedIn)
        return .ok(.init(body: .json(.init(market: market, dates: dates.map(\.description)))))
    }

    func getServiceLevelPolicy(_ input: Operations.GetServiceLevelPolicy.Input) async throws -> Operations.GetServiceLevelPolicy.Output {
        let signedIn = try await self.authenticate()
        let policy = try await self.desk.serviceLevelPolicy(channel: ChannelAccount.ID(rawValue: input.path.channelId), by: signedIn)
        return .ok(.init(body: .json(try .init(policy))))
    }

    func setServiceLevelPolicy(_ input: Operations.SetServiceLevelPolicy.Input) async throws -> Operations.SetServiceLevelPolicy.Output {
        let signedIn = try await self.authenticate()
        guard case .json(let body) = input.body else { throw Self.expectedJSON }
        let policy = try ServiceLevelPolicy(body)
        let stored = try await self.desk.setServiceLevelPolicy(policy, channel: ChannelAccount.ID(rawValue: input.path.channelId), by: signedIn)
        return .ok(.init(body: .json(try .init(stored))))
    }

    func getAlertSettings(_ input: Operations.GetAlertSettings.Input) async throws -> Operations.GetAlertSettings.Output {
        .ok(.init(body: .json(.init(try await self.desk.alertSettings(by: try await self.authenticate())))))
    }

    func setAlertSettings(_ input: Operations.SetAlertSettings.Input) async throws -> Operations.SetAlertSettings.Output {
        let signedIn = try await self.authenticate()
        guard case .json(let body) = input.body else { throw Self.expectedJSON }
        let (saved, generatedSecret) = try await self.desk.setAlertSettings(
            webhookURL: body.webhookUrl, secret: body.secret, leadTimes: body.leadTimesSeconds?.map(TimeInterval.init), by: signedIn
        )
        var response = Components.Schemas.AlertSettings(saved)
        response.secret = generatedSecret
        return .ok(.init(body: .json(response)))
    }

    func getServiceLevelRates(_ input: Operations.GetServiceLevelRates.Input) async throws -> Operations.GetServiceLevelRates.Output {
        let signedIn = try await self.authenticate()
        let reports = try await self.desk.rateReports(
            asOf: input.query.asOf ?? self.now, only: input.query.channelAccountId.map(ChannelAccount.ID.init(rawValue:)), by: signedIn
        )
        return .ok(.init(body: .json(.init(items: reports.map(Components.Schemas.RateReport.init)))))
    }
}

extension Components.Schemas.RateReport {
    init(_ report: RateReport) {
        let summary = report.summary
        self.init(
            channelAccountId: report.account.id.rawValue, platform: .init(rawValue: report.account.platform.rawValue)!,
            ruleset: report.ruleSet.id.description, metric: report.metric.name, windowFrom: SLATime.date(summary.windowStart),
            windowTo: SLATime.date(summary.asOf), eligible: summary.eligible, inTime: summary.inTime, pending: summary.pending,
            rate: summary.rate, threshold: summary.threshold, status: .init(rawValue: summary.status.rawValue)!,
            forecast: .init(
                breachAt: summary.forecast.fallsBelowAt.map(SLATime.date), mustAnswer: summary.forecast.mustAnswer ?? 0,
                answerBy: summary.forecast.answerBy.map(SLATime.date)
            )
        )
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
    /// The API's shape and Core's share their JSON form, so one round-trip translates it
    /// (the desk validates it).
    init(_ schema: Components.Schemas.ServiceLevelPolicy) throws {
        let calendar: BusinessCalendar?
        do {
            calendar = try schema.calendar.map { try JSONDecoder().decode(BusinessCalendar.self, from: JSONEncoder().encode($0)) }
        } catch {
            throw DeskError.invalid("calendar: opening hours must look like 09:00-18:00 and holidays like 2025-09-02")
        }
        self = ServiceLevelPolicy(
            firstResponse: TimeInterval(schema.firstResponseSeconds), nextResponse: TimeInterval(schema.nextResponseSeconds), calendar: calendar
        )
    }
}
