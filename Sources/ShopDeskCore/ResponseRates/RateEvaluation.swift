import Foundation

/// A metric evaluated over a set of conversations: the summary and what became of each chat.
public struct RateEvaluation: Sendable, Hashable {
    public var ruleSet: RuleSet.ID
    public var metric: String
    public var summary: RateSummary
    /// Every chat that started in the window, in start order.
    public var chats: [ChatOutcome]

    public init(ruleSet: RuleSet.ID, metric: String, summary: RateSummary, chats: [ChatOutcome]) {
        self.ruleSet = ruleSet
        self.metric = metric
        self.summary = summary
        self.chats = chats
    }

    /// One chat and how the metric counted it.
    public struct ChatOutcome: Sendable, Hashable {
        public var conversation: Conversation.ID
        public var startedAt: Int64
        public var deadline: Int64
        /// The counting reply, if one was known at the evaluation time.
        public var answeredAt: Int64?
        public var state: State
        public var exclusion: Chat.Exclusion?

        public init(conversation: Conversation.ID, startedAt: Int64, deadline: Int64, answeredAt: Int64?, state: State, exclusion: Chat.Exclusion?) {
            self.conversation = conversation
            self.startedAt = startedAt
            self.deadline = deadline
            self.answeredAt = answeredAt
            self.state = state
            self.exclusion = exclusion
        }
    }

    public enum State: String, Sendable, Hashable, CaseIterable {
        /// Answered at or before the deadline.
        case inTime = "in_time"
        /// Answered after the deadline.
        case late
        /// Unanswered, deadline passed.
        case missed
        /// Unanswered, deadline ahead.
        case pending
        /// Left out of the metric (see `exclusion`).
        case excluded
    }
}
