/// A metric's rate at one time: the counts behind it, where it stands against the platform's levels,
/// and what happens next if nobody answers.
public struct RateSummary: Sendable, Hashable {
    /// Chats that started in (`windowStart`, `asOf`] count.
    public var windowStart: Int64
    public var asOf: Int64
    /// Answered, or unanswered past the deadline; what the rate is over.
    public var eligible: Int
    public var inTime: Int
    public var late: Int
    public var missed: Int
    /// Unanswered with the deadline still ahead: not in the rate yet, but in the forecast.
    public var pending: Int
    public var excluded: Int
    /// A fraction in [0, 1]; nil when no chat is eligible and the metric has no default rate.
    public var rate: Double?
    public var threshold: Double
    public var warnBelow: Double?
    public var status: Status
    public var forecast: RateForecast

    public enum Status: String, Sendable, Hashable {
        /// At or above every level, and stays there if no pending chat is answered.
        case ok
        /// Under the warning level, or heading below the threshold if no pending chat is answered.
        case warning
        /// Under the threshold.
        case below
    }

    /// `below` under the threshold; `warning` under the warning level or when the forecast falls below.
    static func status(rate: Double?, threshold: Double, warnBelow: Double?, forecast: RateForecast) -> Status {
        if let rate, rate < threshold { return .below }
        if let rate, let warnBelow, rate < warnBelow { return .warning }
        return forecast.fallsBelowAt == nil ? .ok : .warning
    }
}
