/// Turns conversation timelines into the chats one metric grades, as known at one time.
///
/// Every rule set shares the definitions: a chat opens with a buyer message in a conversation that has
/// no open chat and closes at the first reply the metric counts; buyer messages while it is open belong
/// to it; events after `asOf` are not known yet. Metrics differ only in what counts as a reply, the
/// deadline, and the exclusions, so chats are built per metric.
public struct ChatBuilder: Sendable {
    public let metric: RuleSet.Metric
    public let context: SLAContext
    public let asOf: Int64
    private var chats: [Chat] = []
    private var conversations: [Conversation.ID] = []

    public init(metric: RuleSet.Metric, context: SLAContext, asOf: Int64) {
        self.metric = metric
        self.context = context
        self.asOf = asOf
    }

    /// Builds the chats of all `timelines`.
    public static func build(metric: RuleSet.Metric, timelines: [ChatTimeline], context: SLAContext, asOf: Int64) -> ChatList {
        var builder = ChatBuilder(metric: metric, context: context, asOf: asOf)
        builder.reserveCapacity(timelines.count)
        for timeline in timelines {
            builder.add(timeline)
        }
        return builder.finish()
    }

    public mutating func reserveCapacity(_ conversations: Int) {
        self.chats.reserveCapacity(conversations)
        self.conversations.reserveCapacity(conversations)
    }

    /// Adds one conversation's chats. Timelines may be added one at a time so that a large set never
    /// has to be in memory at once.
    public mutating func add(_ timeline: ChatTimeline) {
        let index = Int32(self.conversations.count)
        self.conversations.append(timeline.conversation)
        // Timelines almost always arrive in time order: then this is one pass and no copy.
        let known = ChatTimeline.inTimeOrder(timeline.events).prefix { $0.at <= self.asOf }
        let blocked = known.contains { $0.kind == .buyerBlocked }
        var sellerStarted = false
        var open: OpenChat?
        for event in known {
            switch event.kind {
            case .sellerInitiated:
                if open == nil { sellerStarted = true }
            case .buyerBlocked:
                continue
            case .buyerMessage:
                if var chat = open {
                    chat.buyerWrote(at: event.at)
                    open = chat
                } else {
                    let deadline = self.metric.deadline.deadline(forChatStartedAt: event.at, in: self.context.timeZone)
                    open = OpenChat(startedAt: event.at, deadline: deadline, sellerInitiated: sellerStarted)
                    sellerStarted = false
                }
            case .sellerMessage(let sender, let text):
                guard var chat = open else { continue }
                if self.metric.counts(sender, text: text) {
                    self.chats.append(self.close(chat, answeredAt: event.at, conversation: index, blocked: blocked))
                    open = nil
                } else {
                    chat.sellerWrote(sender, at: event.at)
                    open = chat
                }
            }
        }
        if let chat = open {
            self.chats.append(self.close(chat, answeredAt: nil, conversation: index, blocked: blocked))
        }
    }

    public consuming func finish() -> ChatList {
        ChatList(chats: self.chats, conversations: self.conversations, knownUntil: self.asOf)
    }

    private func close(_ chat: OpenChat, answeredAt: Int64?, conversation: Int32, blocked: Bool) -> Chat {
        Chat(
            conversation: conversation, startedAt: chat.startedAt, deadline: chat.deadline, answeredAt: answeredAt,
            exclusion: self.exclusion(of: chat, answeredAt: answeredAt, blocked: blocked)
        )
    }

    /// The first exclusion that applies, in a fixed order so that a chat always gives the same reason.
    private func exclusion(of chat: OpenChat, answeredAt: Int64?, blocked: Bool) -> Chat.Exclusion? {
        let excludes = self.metric.exclusions
        guard !excludes.isEmpty else { return nil }
        if blocked, excludes.contains(.blockedBuyer) { return .blockedBuyer }
        if excludes.contains(.holidayMode), self.context.isInHolidayMode(chat.startedAt) { return .holidayMode }
        if excludes.contains(.publicHoliday), self.context.isPublicHoliday(chat.startedAt) { return .publicHoliday }
        if chat.sellerInitiated, excludes.contains(.sellerInitiated) { return .sellerInitiated }
        // Whether automation settled the chat is known only once its deadline has passed; until then
        // it is pending like any unanswered chat.
        let settledUnanswered = chat.deadline <= self.asOf && (answeredAt.map { $0 > chat.deadline } ?? true)
        if settledUnanswered, chat.automationAnsweredLast, excludes.contains(.resolvedByAutomation) {
            return .resolvedByAutomation
        }
        if settledUnanswered, answeredAt == nil, !chat.personReplied, chat.chatbotAnsweredLast,
            excludes.contains(.handledByChatbot)
        {
            return .handledByChatbot
        }
        return nil
    }

    /// A chat still waiting for a counting reply, with what automation exclusions need to know.
    private struct OpenChat {
        var startedAt: Int64
        var deadline: Int64
        var sellerInitiated: Bool
        /// An auto-reply or chatbot answer came by the deadline with no buyer message after it.
        var automationAnsweredLast = false
        /// The same for the chatbot alone.
        var chatbotAnsweredLast = false
        /// A person wrote, even if the reply did not count (small talk).
        var personReplied = false

        init(startedAt: Int64, deadline: Int64, sellerInitiated: Bool) {
            self.startedAt = startedAt
            self.deadline = deadline
            self.sellerInitiated = sellerInitiated
        }

        mutating func buyerWrote(at instant: Int64) {
            guard instant <= self.deadline else { return }
            self.automationAnsweredLast = false
            self.chatbotAnsweredLast = false
        }

        mutating func sellerWrote(_ sender: Chat.Sender, at instant: Int64) {
            switch sender {
            case .agent, .quickReply:
                self.personReplied = true
            case .autoReply, .chatbot:
                guard instant <= self.deadline else { return }
                self.automationAnsweredLast = true
                if sender == .chatbot { self.chatbotAnsweredLast = true }
            }
        }
    }
}
