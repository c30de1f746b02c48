import Foundation

/// The part of a conversation that messages move: status, who is waiting since when, the first
/// response, and the nearest service-level deadline.
///
/// Transitions are pure (`applying(_:policy:)`) so that the ingest writer, the API and the tests share
/// one rule. Messages may arrive out of platform-time order; the state is defined by platform time,
/// not by arrival, and where one message is not enough to know the answer the transition says so
/// (`Transition.needsWaitingRecount`) and the caller supplies the missing fact.
public struct ConversationState: Sendable, Hashable, Codable {
    public var status: Conversation.Status
    /// The platform time of the oldest buyer message that no counting reply has answered yet.
    public var waitingSince: Date?
    public var firstInboundAt: Date?
    /// The platform time of the first agent reply after the buyer's first message.
    public var firstResponseAt: Date?
    public var lastInboundAt: Date?
    /// The platform time of the latest reply that answers the buyer (an agent's, not an auto-reply).
    public var lastReplyAt: Date?
    public var lastMessageAt: Date
    public var lastMessagePreview: String?
    public var messageCount: Int
    public var snoozedUntil: Date?
    /// The nearest deadline: when the waiting buyer must have an answer, by the workspace's policy or a
    /// platform's rule, whichever comes first (`deadlineRule` says which).
    public var nextDeadline: Date?
    public var deadlineRule: DeadlineRule?
    /// The seller opened the conversation: platforms that exclude such chats leave its first one out.
    public var sellerInitiated: Bool

    public init(
        status: Conversation.Status = .open, waitingSince: Date? = nil, firstInboundAt: Date? = nil,
        firstResponseAt: Date? = nil, lastInboundAt: Date? = nil, lastReplyAt: Date? = nil, lastMessageAt: Date,
        lastMessagePreview: String? = nil, messageCount: Int = 0, snoozedUntil: Date? = nil, nextDeadline: Date? = nil,
        deadlineRule: DeadlineRule? = nil, sellerInitiated: Bool = false
    ) {
        self.status = status
        self.waitingSince = waitingSince
        self.firstInboundAt = firstInboundAt
        self.firstResponseAt = firstResponseAt
        self.lastInboundAt = lastInboundAt
        self.lastReplyAt = lastReplyAt
        self.lastMessageAt = lastMessageAt
        self.lastMessagePreview = lastMessagePreview
        self.messageCount = messageCount
        self.snoozedUntil = snoozedUntil
        self.nextDeadline = nextDeadline
        self.deadlineRule = deadlineRule
        self.sellerInitiated = sellerInitiated
    }

    /// The state of a conversation that has no messages yet.
    public static func empty(at time: Date) -> ConversationState {
        ConversationState(lastMessageAt: time)
    }

    /// Seconds from the buyer's first message to the first agent reply.
    public var firstResponseSeconds: Int? {
        guard let first = self.firstInboundAt, let response = self.firstResponseAt else { return nil }
        return Int(response.timeIntervalSince(first).rounded())
    }

    /// What a message did to the state.
    public struct Transition: Sendable, Hashable {
        public var state: ConversationState
        /// Set when a reply arrived late (out of order) and buyer messages newer than it are known to
        /// exist: the caller must set `waitingSince` to the oldest buyer message after this time
        /// (or nil if none) and then call `withDeadline(policy:)`.
        public var needsWaitingRecount: Date?
    }

    /// The message facts the state depends on.
    public struct MessageFacts: Sendable, Hashable {
        public var direction: Message.Direction
        public var senderKind: Message.SenderKind
        public var platformAt: Date
        public var preview: String?

        public init(direction: Message.Direction, senderKind: Message.SenderKind, platformAt: Date, preview: String?) {
            self.direction = direction
            self.senderKind = senderKind
            self.platformAt = platformAt
            self.preview = preview
        }

        /// Only a person's reply answers the buyer; auto-replies and chatbots keep the buyer waiting,
        /// as every platform's response-rate rule treats them (platforms.md §1.1, §2.1, §3.1). Where the
        /// platform does not count greetings or thanks alone, neither does the desk.
        func answersBuyer(smallTalkAnswers: Bool) -> Bool {
            guard self.direction == .outbound, self.senderKind == .agent else { return false }
            return smallTalkAnswers || !SmallTalk.isSmallTalkOnly(self.preview ?? "")
        }
    }

    /// Applies one stored message.
    public func applying(_ message: MessageFacts, rules: DeadlineRules) -> Transition {
        var next = self
        let time = message.platformAt
        next.messageCount += 1
        if message.direction != .note, time >= next.lastMessageAt || next.messageCount == 1 {
            next.lastMessageAt = time
            next.lastMessagePreview = message.preview.map(Self.preview) ?? next.lastMessagePreview
        }
        var recount: Date?
        switch message.direction {
        case .inbound:
            next.firstInboundAt = min(next.firstInboundAt ?? time, time)
            next.lastInboundAt = max(next.lastInboundAt ?? time, time)
            let unanswered = next.lastReplyAt.map { time > $0 } ?? true
            if unanswered {
                next.waitingSince = min(next.waitingSince ?? time, time)
                // A buyer writing again reopens the conversation, as it needs an answer.
                if next.status != .open {
                    next.status = .open
                    next.snoozedUntil = nil
                }
            }
        case .outbound where message.answersBuyer(smallTalkAnswers: rules.platform?.smallTalkAnswers(at: time) ?? true):
            next.lastReplyAt = max(next.lastReplyAt ?? time, time)
            if let firstInbound = next.firstInboundAt, time >= firstInbound, next.firstResponseAt.map({ time < $0 }) ?? true {
                next.firstResponseAt = time
            }
            if let waiting = next.waitingSince, time >= waiting {
                if let lastInbound = next.lastInboundAt, lastInbound > time {
                    recount = time
                } else {
                    next.waitingSince = nil
                }
            }
        case .outbound, .note:
            break
        }
        if recount == nil {
            next = next.withDeadline(rules: rules)
        }
        return Transition(state: next, needsWaitingRecount: recount)
    }

    /// Recomputes `nextDeadline` from `waitingSince`: none while nobody waits; otherwise the earliest of
    /// the workspace policy's deadline (the first-response target before the first answer, the
    /// next-response target after it, in the policy's business hours) and the platform's for the chat
    /// that opened when the buyer started waiting.
    ///
    /// Snoozing pauses the workspace's clock but not the platform's: a snoozed conversation keeps its
    /// platform deadline, and its alerts, while it is out of the queue.
    public func withDeadline(rules: DeadlineRules) -> ConversationState {
        var next = self
        next.nextDeadline = nil
        next.deadlineRule = nil
        guard let waiting = next.waitingSince else { return next }
        let answeredBefore = next.firstResponseAt != nil
        if next.status != .snoozed {
            next.nextDeadline = rules.policy.deadline(waitingSince: waiting, answeredBefore: answeredBefore)
            next.deadlineRule = .workspacePolicy
        }
        // Only the conversation's first chat answers the seller's opening message.
        if let due = rules.platform?.due(chatStartedAt: waiting, sellerInitiated: next.sellerInitiated && !answeredBefore),
            next.nextDeadline.map({ due.deadline < $0 }) ?? true
        {
            next.nextDeadline = due.deadline
            next.deadlineRule = due.rule
        }
        return next
    }

    /// Changes the status as an agent asks. Snoozing needs a wake-up time in the future.
    public func settingStatus(
        _ status: Conversation.Status, snoozedUntil: Date?, now: Date, rules: DeadlineRules
    ) throws(ValidationError) -> ConversationState {
        var next = self
        switch status {
        case .snoozed:
            guard let until = snoozedUntil else {
                throw ValidationError(field: "snoozed_until", message: "snoozing needs snoozed_until")
            }
            guard until > now else {
                throw ValidationError(field: "snoozed_until", message: "snoozed_until must be in the future")
            }
            next.snoozedUntil = until
        case .open, .pending, .resolved:
            next.snoozedUntil = nil
        }
        next.status = status
        return next.withDeadline(rules: rules)
    }

    /// A snoozed conversation whose time has come back in the queue, open, with its full deadline.
    public func woken(rules: DeadlineRules) -> ConversationState {
        guard self.status == .snoozed else { return self }
        var next = self
        next.status = .open
        next.snoozedUntil = nil
        return next.withDeadline(rules: rules)
    }

    /// A one-line preview of message text for lists.
    static func preview(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count > 140 ? String(flat.prefix(139)) + "…" : flat
    }
}
