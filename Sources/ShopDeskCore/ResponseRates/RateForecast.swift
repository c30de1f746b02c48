/// What the next hours hold for a rate if no pending chat is answered and no new chat arrives: pending
/// chats turn into misses at their deadlines, and old chats leave the window.
public struct RateForecast: Sendable, Hashable {
    /// The forecast looks this far ahead: the evaluation time plus the longest a chat can wait for its
    /// deadline, so every pending chat's deadline is inside it.
    public var until: Int64
    /// The first instant at which the rate is under the threshold if nothing is answered; the
    /// evaluation time itself when it is under already; nil when it stays at or above until `until`.
    public var fallsBelowAt: Int64?
    /// The rate at `until` if nothing is answered.
    public var rateIfNoneAnswered: Double?
    /// How many pending chats must be answered in time, most urgent first, for the rate to stay at or
    /// above the threshold until `until`; 0 when none need to be; nil when that is not possible (the
    /// rate is under already, or answering every pending chat is not enough).
    public var mustAnswer: Int?
    /// When `mustAnswer` > 0: the deadline of the most urgent pending chat, the first to answer.
    public var answerBy: Int64?

    public init(until: Int64, fallsBelowAt: Int64?, rateIfNoneAnswered: Double?, mustAnswer: Int?, answerBy: Int64?) {
        self.until = until
        self.fallsBelowAt = fallsBelowAt
        self.rateIfNoneAnswered = rateIfNoneAnswered
        self.mustAnswer = mustAnswer
        self.answerBy = answerBy
    }
}
