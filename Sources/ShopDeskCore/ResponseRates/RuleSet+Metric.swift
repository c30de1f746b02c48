import Foundation

extension RuleSet {
    /// One graded rate: which chats count, when each must be answered, how the rate is computed and
    /// the level to keep.
    public struct Metric: Sendable, Hashable {
        /// The metric's name in reports and the CLI (`response_rate_12h`, `first_response_24h`, …).
        public var name: String
        /// Chats that started in the last `windowDays` days (a duration before the evaluation time).
        public var windowDays: Int
        public var deadline: Deadline
        /// The replies that answer a chat. Auto-replies are in no platform's set.
        public var countingSenders: Set<Chat.Sender>
        /// False where a greeting or acknowledgement alone ("hi", "ok") is not an answer.
        public var smallTalkCounts: Bool
        public var exclusions: Set<Chat.Exclusion>
        public var aggregation: Aggregation
        /// Below this the shop is out of the platform's bounds (status `below`).
        public var threshold: Double
        /// Below this, though at or above `threshold`, the shop is warned (status `warning`).
        public var warnBelow: Double?
        /// The rate shown while too few chats are eligible.
        public var defaultRate: DefaultRate?

        public init(
            name: String, windowDays: Int, deadline: Deadline, countingSenders: Set<Chat.Sender> = [.agent, .quickReply],
            smallTalkCounts: Bool = true, exclusions: Set<Chat.Exclusion> = [], aggregation: Aggregation = .simple,
            threshold: Double, warnBelow: Double? = nil, defaultRate: DefaultRate? = nil
        ) {
            self.name = name
            self.windowDays = windowDays
            self.deadline = deadline
            self.countingSenders = countingSenders
            self.smallTalkCounts = smallTalkCounts
            self.exclusions = exclusions
            self.aggregation = aggregation
            self.threshold = threshold
            self.warnBelow = warnBelow
            self.defaultRate = defaultRate
            // The forecast relies on every chat reaching its deadline before it leaves the window.
            precondition(Int64(windowDays) * SLATime.millisecondsPerDay > deadline.longestWait, "window shorter than a deadline")
        }

        public var windowMilliseconds: Int64 { Int64(self.windowDays) * SLATime.millisecondsPerDay }

        /// Whether a seller message answers the open chat.
        public func counts(_ sender: Chat.Sender, text: String?) -> Bool {
            guard self.countingSenders.contains(sender) else { return false }
            if !self.smallTalkCounts, let text, SmallTalk.isSmallTalkOnly(text) { return false }
            return true
        }
    }

    /// When a chat must be answered.
    public enum Deadline: Sendable, Hashable {
        /// A fixed time after the chat started.
        case elapsed(milliseconds: Int64)
        /// Lazada's cycle: a chat that starts from `cutoffHour` local time on one day up to just before
        /// `cutoffHour` the next day must be answered by `dueHour` local time on that next day.
        case sameDayCycle(cutoffHour: Int, dueHour: Int)

        public static func hours(_ hours: Int) -> Deadline {
            .elapsed(milliseconds: Int64(hours) * SLATime.millisecondsPerHour)
        }

        /// The deadline of a chat that started at `start`, with local times read in `zone`.
        public func deadline(forChatStartedAt start: Int64, in zone: TimeZone) -> Int64 {
            switch self {
            case .elapsed(let milliseconds):
                return start + milliseconds
            case .sameDayCycle(let cutoffHour, let dueHour):
                let (day, millisecondOfDay) = SLATime.local(start, in: zone)
                let dueDay =
                    millisecondOfDay < Int64(cutoffHour) * SLATime.millisecondsPerHour
                    ? day : SLADate(daysSinceEpoch: day.daysSinceEpoch + 1)
                return SLATime.instant(of: dueDay, millisecondOfDay: Int64(dueHour) * SLATime.millisecondsPerHour, in: zone)
            }
        }

        /// The longest a chat can wait for its deadline: how far ahead a forecast needs to look.
        public var longestWait: Int64 {
            switch self {
            case .elapsed(let milliseconds):
                milliseconds
            case .sameDayCycle(let cutoffHour, let dueHour):
                // One hour more for a daylight-saving change inside the cycle.
                Int64(24 - cutoffHour + dueHour + 1) * SLATime.millisecondsPerHour
            }
        }
    }

    /// How answered chats become a rate.
    public enum Aggregation: Sendable, Hashable {
        /// In-time chats ÷ eligible chats.
        case simple
        /// Shopee: 0.5 × the simple rate + 0.5 × the simple rate over the most recent quarter of the
        /// eligible chats (rounded up), most recent by start time.
        case shopeeRecentWeighted
    }

    /// The rate a platform shows while fewer than `minimumEligible` chats are eligible.
    public struct DefaultRate: Sendable, Hashable {
        public var minimumEligible: Int
        public var rate: Double

        public init(minimumEligible: Int, rate: Double) {
            self.minimumEligible = minimumEligible
            self.rate = rate
        }
    }
}
