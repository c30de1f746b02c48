import Foundation
import ShopDeskCore
import ShopDeskStore

/// One metric of the rule set in force for a channel account, evaluated on the stored messages.
struct RateReport: Sendable {
    var account: ChannelAccount
    var ruleSet: RuleSet
    var metric: RuleSet.Metric
    var timeZone: TimeZone
    var summary: RateSummary
    /// The rate at the end of each of the last days, oldest first (only when history was asked for).
    var history: [(asOf: Date, rate: Double?)] = []
}

extension Desk {
    /// Every metric of every channel account the agent may see (or of `only`), as the platform computes it at `asOf`.
    func rateReports(
        asOf: Date, only: ChannelAccount.ID? = nil, historyDays: Int = 0, by signedIn: AuthenticatedAgent
    ) async throws -> [RateReport] {
        var accounts = try await self.channelAccounts(by: signedIn)
        if let only {
            accounts = accounts.filter { $0.id == only }
            guard !accounts.isEmpty else { throw DeskError.notFound("channel account \(only) not found") }
        }
        var holidays: [String: Set<SLADate>] = [:]
        var reports: [RateReport] = []
        for account in accounts {
            if holidays[account.market] == nil {
                holidays[account.market] = Set(try await self.store.publicHolidays(market: account.market, workspace: signedIn.workspaceID))
            }
            let oldest = asOf.addingTimeInterval(-Double(historyDays) * 86_400)
            guard
                let (ruleSet, timelines, context) = try await self.rateInputs(
                    for: account, from: oldest, to: asOf, publicHolidays: holidays[account.market]!
                )
            else {
                continue
            }
            for metric in ruleSet.metrics {
                func summary(at time: Date) -> RateSummary {
                    RateEvaluator.evaluate(ruleSet: ruleSet, metric: metric, timelines: timelines, context: context, asOf: time).summary
                }
                let history =
                    historyDays == 0
                    ? []
                    : (0...historyDays).map { day -> (asOf: Date, rate: Double?) in
                        let time = asOf.addingTimeInterval(-Double(historyDays - day) * 86_400)
                        return (time, summary(at: time).rate)
                    }
                reports.append(
                    RateReport(
                        account: account, ruleSet: ruleSet, metric: metric, timeZone: context.timeZone, summary: summary(at: asOf), history: history
                    ))
            }
        }
        return reports
    }

    /// What evaluating `account`'s rates at any time from `from` to `to` needs: the rule set in force
    /// at `to`, the chats of its look-back window before `from` onwards, and the calendar facts.
    private func rateInputs(
        for account: ChannelAccount, from: Date, to: Date, publicHolidays: Set<SLADate>
    ) async throws -> (RuleSet, [ChatTimeline], SLAContext)? {
        let zone = TimeZone(identifier: account.timeZone) ?? TimeZone(identifier: "UTC")!
        guard let ruleSet = RuleSetCatalog.standard.resolve(platform: account.platform, market: account.market, asOf: to, timeZone: zone) else {
            return nil
        }
        let timelines = try await self.store.timelines(
            channel: account.id, workspace: account.workspaceID, since: ruleSet.lookbackStart(asOf: from), until: to
        )
        let periods = try await self.store.holidayModePeriods(channel: account.id, workspace: account.workspaceID)
        return (ruleSet, timelines, SLAContext(timeZone: zone, holidayMode: periods, publicHolidays: publicHolidays))
    }
}
