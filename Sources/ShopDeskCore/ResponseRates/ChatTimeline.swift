import Foundation

/// What happened in one conversation, as response-rate metrics need it: buyer and seller messages,
/// and the facts that exclude chats (the seller started it, the buyer was blocked).
public struct ChatTimeline: Sendable, Hashable {
    public var conversation: Conversation.ID
    /// In any order; `ChatBuilder` orders them by time, keeping the given order between equal times.
    public var events: [Event]

    public init(conversation: Conversation.ID, events: [Event]) {
        self.conversation = conversation
        self.events = events
    }

    /// A stored conversation as the rate rules read it. Buyer messages and seller-side replies become
    /// events; notes and system messages are not messages to the buyer and are left out. The seller
    /// started the conversation when the store says so or when its first message is the seller's (the
    /// conversation was opened from the shop's side). A blocked buyer adds `buyerBlocked` at
    /// `buyerBlockedAt`. Events are in time order, messages of the same instant in the given order.
    public init(
        conversation: Conversation.ID, sellerInitiated: Bool, buyerBlockedAt: Date?,
        messages: [(direction: Message.Direction, senderKind: Message.SenderKind, at: Date, text: String?)]
    ) {
        // Notes are invisible to the buyer and the platform, so they never open a conversation.
        let visible = messages.enumerated().filter { $0.element.direction != .note }
        let first = visible.min { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }?.element
        var events: [Event] = []
        events.reserveCapacity(messages.count + 2)
        if let first, sellerInitiated || (first.direction == .outbound && Chat.Sender(first.senderKind) != nil) {
            events.append(Event(at: first.at, .sellerInitiated))
        }
        for message in messages {
            switch message.direction {
            case .inbound:
                events.append(Event(at: message.at, .buyerMessage(text: message.text)))
            case .outbound:
                guard let sender = Chat.Sender(message.senderKind) else { continue }
                events.append(Event(at: message.at, .sellerMessage(sender, text: message.text)))
            case .note:
                continue
            }
        }
        if let buyerBlockedAt {
            events.append(Event(at: buyerBlockedAt, .buyerBlocked))
        }
        self.init(conversation: conversation, events: Self.inTimeOrder(events))
    }

    /// `events` sorted by time, keeping the given order between equal times; untouched when already sorted.
    static func inTimeOrder(_ events: [Event]) -> [Event] {
        guard zip(events, events.dropFirst()).contains(where: { $0.at > $1.at }) else { return events }
        return events.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
    }

    public struct Event: Sendable, Hashable {
        /// Milliseconds since 1970 (`SLATime`).
        public var at: Int64
        public var kind: Kind

        public init(at: Int64, _ kind: Kind) {
            self.at = at
            self.kind = kind
        }

        public init(at: Date, _ kind: Kind) {
            self.init(at: SLATime.milliseconds(at), kind)
        }
    }

    public enum Kind: Sendable, Hashable {
        /// Text is nil for a message without text (image, sticker, card).
        case buyerMessage(text: String?)
        case sellerMessage(Chat.Sender, text: String?)
        /// The seller opened this conversation (a first message or a broadcast).
        case sellerInitiated
        /// The seller blocked the buyer.
        case buyerBlocked
    }
}
