/// The chats of many conversations for one metric, as known at one time, ordered by start time.
///
/// Built once by `ChatBuilder`; `RateEvaluator.summarize` then reads it in one pass. The order lets
/// Shopee's "most recent quarter" and the forecast's "chats leaving the window" be found without sorting.
public struct ChatList: Sendable, Hashable {
    /// Ordered by `startedAt`, then by conversation.
    public private(set) var chats: [Chat]
    /// `Chat.conversation` indexes this.
    public private(set) var conversations: [Conversation.ID]
    /// Events after this instant were not known when the chats were built.
    public let knownUntil: Int64

    /// Sorts `chats` into start order.
    public init(chats: [Chat], conversations: [Conversation.ID], knownUntil: Int64) {
        self.chats = chats
        if !Self.isOrdered(chats) {
            self.chats.sort { ($0.startedAt, $0.conversation) < ($1.startedAt, $1.conversation) }
        }
        self.conversations = conversations
        self.knownUntil = knownUntil
    }

    public var count: Int { self.chats.count }

    static func isOrdered(_ chats: [Chat]) -> Bool {
        var previous = (Int64.min, Int32.min)
        for chat in chats {
            let key = (chat.startedAt, chat.conversation)
            if key < previous { return false }
            previous = key
        }
        return true
    }

    /// The index of the first chat that started after `instant`.
    func firstIndex(startedAfter instant: Int64) -> Int {
        var low = 0
        var high = self.chats.count
        while low < high {
            let middle = (low + high) / 2
            if self.chats[middle].startedAt > instant { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
