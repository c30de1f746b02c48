/// One chat as a response-rate metric sees it: a buyer's question, when it must be answered, and when
/// (if ever) a reply that counts came.
///
/// A chat opens with a buyer message in a conversation that has no open chat and closes at the first
/// reply that counts; buyer messages in between belong to it. `ChatBuilder` makes chats from
/// conversation timelines. The type is deliberately small (32 bytes, times as milliseconds since 1970)
/// so that re-evaluating a million of them is one pass over contiguous memory.
public struct Chat: Sendable, Hashable {
    /// The buyer message that opened the chat.
    public var startedAt: Int64
    /// The last instant a counting reply is in time.
    public var deadline: Int64
    /// Index of the conversation in the `ChatList` the chat belongs to.
    public var conversation: Int32
    /// Why the metric leaves the chat out, if it does.
    public var exclusion: Exclusion?
    /// The counting reply, or `Chat.unanswered`. Stored without an optional to keep the type at 32 bytes.
    public var answeredAtOrUnanswered: Int64

    public static let unanswered = Int64.max

    public init(conversation: Int32, startedAt: Int64, deadline: Int64, answeredAt: Int64?, exclusion: Exclusion?) {
        self.startedAt = startedAt
        self.deadline = deadline
        self.conversation = conversation
        self.exclusion = exclusion
        self.answeredAtOrUnanswered = answeredAt ?? Self.unanswered
    }

    /// When the counting reply came; nil while unanswered.
    public var answeredAt: Int64? {
        self.answeredAtOrUnanswered == Self.unanswered ? nil : self.answeredAtOrUnanswered
    }

    /// How the chat stands at `asOf`; a reply after `asOf` is not known yet. A chat whose deadline is
    /// `asOf` itself and has no reply is missed: a reply at that instant would already be known.
    public func state(asOf: Int64) -> RateEvaluation.State {
        if self.exclusion != nil { return .excluded }
        let answered = self.answeredAtOrUnanswered
        if answered <= asOf { return answered <= self.deadline ? .inTime : .late }
        return self.deadline <= asOf ? .missed : .pending
    }

    /// Who wrote a message on the seller's side. Which of these count as a response is per metric.
    public enum Sender: String, Sendable, Hashable, CaseIterable {
        /// A person, typing.
        case agent
        /// A person, sending a saved template.
        case quickReply = "quick_reply"
        /// A rule-based automatic reply (welcome message, away message, keyword reply).
        case autoReply = "auto_reply"
        /// A platform or third-party chatbot (FAQ answers included).
        case chatbot

        /// The sender of a stored message; nil for the buyer and for system messages.
        public init?(_ kind: Message.SenderKind) {
            switch kind {
            case .agent: self = .agent
            case .autoReply: self = .autoReply
            case .chatbot: self = .chatbot
            case .buyer, .system: return nil
            }
        }
    }

    /// Why a chat is left out of a metric. The same cases name what a metric excludes.
    public enum Exclusion: UInt8, Sendable, Hashable, CaseIterable {
        /// The seller blocked the buyer (at or before the evaluation time); all their chats are left out.
        case blockedBuyer
        /// The chat started while the shop was in holiday mode.
        case holidayMode
        /// The chat started on a public holiday (local date).
        case publicHoliday
        /// The seller started the conversation (a broadcast or a first message); the buyer's answer
        /// to it is not a customer-initiated chat.
        case sellerInitiated
        /// An auto-reply or chatbot answered and the buyer did not write again before the deadline,
        /// and no counting reply came in time.
        case resolvedByAutomation
        /// Only the chatbot ever answered (no person took over), and the buyer did not write again
        /// before the deadline.
        case handledByChatbot

        /// The name in reports and the CLI.
        public var reason: String {
            switch self {
            case .blockedBuyer: "blocked_buyer"
            case .holidayMode: "holiday_mode"
            case .publicHoliday: "public_holiday"
            case .sellerInitiated: "seller_initiated"
            case .resolvedByAutomation: "resolved_by_automation"
            case .handledByChatbot: "handled_by_chatbot"
            }
        }
    }
}
