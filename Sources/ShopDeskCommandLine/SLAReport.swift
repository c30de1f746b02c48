import Foundation
import ShopDeskCore

/// A rate evaluation as `shopdesk sla evaluate` prints it. Times are RFC 3339 in the evaluation's time
/// zone (the shop's local time, with its offset), rates are fractions rounded to four decimals.
public enum SLAReport {
    public static func json(_ evaluation: RateEvaluation, timeZone: TimeZone) -> JSONWriter.Value {
        let summary = evaluation.summary
        func time(_ instant: Int64?) -> JSONWriter.Value {
            instant.map { .string(SLATime.format($0, in: timeZone)) } ?? .null
        }
        func rate(_ value: Double?) -> JSONWriter.Value {
            value.map { .number($0, places: 4) } ?? .null
        }
        let forecast = summary.forecast
        return .object([
            ("ruleset", .string(evaluation.ruleSet.description)),
            ("metric", .string(evaluation.metric)),
            ("window", .object([("from", time(summary.windowStart)), ("to", time(summary.asOf))])),
            ("eligible", .integer(summary.eligible)),
            ("in_time", .integer(summary.inTime)),
            ("late", .integer(summary.late)),
            ("missed", .integer(summary.missed)),
            ("pending", .integer(summary.pending)),
            ("excluded", .integer(summary.excluded)),
            ("rate", rate(summary.rate)),
            ("threshold", rate(summary.threshold)),
            ("warn_below", rate(summary.warnBelow)),
            ("status", .string(summary.status.rawValue)),
            (
                "forecast",
                .object([
                    ("until", time(forecast.until)),
                    ("falls_below_at", time(forecast.fallsBelowAt)),
                    ("rate_if_none_answered", rate(forecast.rateIfNoneAnswered)),
                    ("must_answer", forecast.mustAnswer.map { .integer($0) } ?? .null),
                    ("answer_by", time(forecast.answerBy)),
                ])
            ),
            (
                "conversations",
                .array(
                    evaluation.chats.map { chat in
                        .object([
                            ("conversation", .string(chat.conversation.rawValue)),
                            ("chat_started", time(chat.startedAt)),
                            ("deadline", time(chat.deadline)),
                            ("answered_at", time(chat.answeredAt)),
                            ("state", .string(chat.state.rawValue)),
                            ("excluded_reason", chat.exclusion.map { .string($0.reason) } ?? .null),
                        ])
                    }
                )
            ),
        ])
    }
}
