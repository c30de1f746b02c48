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
