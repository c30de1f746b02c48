import Foundation

/// Computes a metric's rolling rate, status and forecast from chats.
///
/// `summarize` is the fast path (counts only, one pass over the window's chats, no allocation per
/// chat); `evaluate` also lists every chat, for reports and the CLI.
public enum RateEvaluator {
    /// Builds the chats of `timelines` for `metric` and evaluates them at `asOf`.
    public static func evaluate(
        ruleSet: RuleSet, metric: RuleSet.Metric, timelines: [ChatTimeline], context: SLAContext, asOf: Date
    ) -> RateEvaluation {
        let instant = SLATime.milliseconds(asOf)
        let chats = ChatBuilder.build(metric: metric, timelines: timelines, context: context, asOf: instant)
        return self.evaluate(ruleSet: ruleSet.id, metric: metric, chats: chats, asOf: instant)
    }

    /// Evaluates built chats at `asOf` and lists each chat of the window.
    public static func evaluate(ruleSet: RuleSet.ID, metric: RuleSet.Metric, chats: ChatList, asOf: Int64) -> RateEvaluation {
        let summary = self.summarize(chats, metric: metric, asOf: asOf)
        let range = chats.firstIndex(startedAfter: summary.windowStart)..<chats.firstIndex(startedAfter: asOf)
        let outcomes = chats.chats[range].map { chat in
            let state = chat.state(asOf: asOf)
            return RateEvaluation.ChatOutcome(
                conversation: chats.conversations[Int(chat.conversation)], startedAt: chat.startedAt, deadline: chat.deadline,
                answeredAt: chat.answeredAt.flatMap { $0 <= asOf ? $0 : nil }, state: state, exclusion: chat.exclusion
            )
        }
        return RateEvaluation(ruleSet: ruleSet, metric: metric.name, summary: summary, chats: outcomes)
    }

    /// The rate, status and forecast of `metric` at `asOf` over chats built for it.
    public static func summarize(_ list: ChatList, metric: RuleSet.Metric, asOf: Int64) -> RateSummary {
        let windowStart = asOf - metric.windowMilliseconds
        let first = list.firstIndex(startedAfter: windowStart)
        let end = list.firstIndex(startedAfter: asOf)
        var inTime = 0
        var late = 0
        var missed = 0
        var pending = 0
        var excluded = 0
        list.chats.withUnsafeBufferPointer { chats in
            for index in first..<end {
                switch chats[index].state(asOf: asOf) {
                case .inTime: inTime += 1
                case .late: late += 1
                case .missed: missed += 1
                case .pending: pending += 1
                case .excluded: excluded += 1
                }
            }
        }
        let eligible = inTime + late + missed
        let walk = RateWalk(
            list: list, metric: metric, asOf: asOf, first: first, end: end, eligible: eligible, inTime: inTime,
            pendingCount: pending
        )
        let rate = walk.currentRate
        let forecast = walk.forecast()
        return RateSummary(
            windowStart: windowStart, asOf: asOf, eligible: eligible, inTime: inTime, late: late, missed: missed,
            pending: pending, excluded: excluded, rate: rate, threshold: metric.threshold, warnBelow: metric.warnBelow,
            status: RateSummary.status(rate: rate, threshold: metric.threshold, warnBelow: metric.warnBelow, forecast: forecast),
            forecast: forecast
        )
    }
}
