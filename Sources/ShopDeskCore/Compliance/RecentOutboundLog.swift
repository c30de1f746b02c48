import Foundation

/// The recent seller messages of one workspace, held in memory by the server (or replayed by a test),
/// to fill a `SpamContext`: who was sent what and when, and when each buyer last wrote. A value type
/// with mutating methods; the server keeps one per workspace behind its own actor.
///
/// Near-duplicates count only messages the buyer did not ask for: a send to a buyer who wrote in the
/// 24 hours before it is a reply, and shops answer the same question with the same quick reply all
/// day. What the platforms forbid is the broadcast (platforms.md §1.3 "unsolicited marketing", §2.5).
public struct RecentOutboundLog: Sendable, Hashable {
    /// One sent message.
    public struct Send: Sendable, Hashable {
        public var at: Date
        public var buyer: Buyer.ID
        public var fingerprint: TextFingerprint
        /// The buyer had not written in the 24 hours before: the seller started it.
        public var unsolicited: Bool

        public init(at: Date, buyer: Buyer.ID, fingerprint: TextFingerprint, unsolicited: Bool) {
            self.at = at
            self.buyer = buyer
            self.fingerprint = fingerprint
            self.unsolicited = unsolicited
        }
    }

    /// "5 a day" (platforms.md §3.4) read as the last 24 hours: never more lenient than a calendar day
    /// in any time zone, and Core needs no zone for it. Also how recent a buyer's message makes a
    /// send a reply.
    public static let unansweredPeriod: TimeInterval = 24 * 3600

    /// In time order.
    public private(set) var sends: [Send] = []
    public private(set) var lastBuyerMessage: [Buyer.ID: Date] = [:]

    public init() {}

    /// Records a sent message (in any order; the log stays in time order).
    public mutating func recordSend(to buyer: Buyer.ID, fingerprint: TextFingerprint, at time: Date) {
        self.recordSend(to: buyer, fingerprint: fingerprint, at: time, unsolicited: !self.isReply(to: buyer, at: time))
    }

    /// Records a sent message whose kind the caller already knows (the store tells whether the buyer
    /// had written in the 24 hours before it).
    public mutating func recordSend(to buyer: Buyer.ID, fingerprint: TextFingerprint, at time: Date, unsolicited: Bool) {
        let send = Send(at: time, buyer: buyer, fingerprint: fingerprint, unsolicited: unsolicited)
        if let last = self.sends.last, last.at > time {
            let index = self.sends.firstIndex { $0.at > time } ?? self.sends.count
            self.sends.insert(send, at: index)
        } else {
            self.sends.append(send)
        }
    }

    /// Records a buyer's message: earlier seller messages to that buyer are answered.
    public mutating func recordBuyerMessage(from buyer: Buyer.ID, at time: Date) {
        if let known = self.lastBuyerMessage[buyer], known >= time { return }
        self.lastBuyerMessage[buyer] = time
    }

    /// Whether a message to `buyer` at `time` answers them (they wrote in the 24 hours before).
    public func isReply(to buyer: Buyer.ID, at time: Date) -> Bool {
        guard let wrote = self.lastBuyerMessage[buyer] else { return false }
        return wrote <= time && time.timeIntervalSince(wrote) <= Self.unansweredPeriod
    }

    /// The counts for a draft to `buyer` at `time`. A reply has no near-duplicates (see above).
    public func spamContext(for buyer: Buyer.ID, fingerprint: TextFingerprint, at time: Date, policy: SpamPolicy) -> SpamContext {
        let countDuplicates = !self.isReply(to: buyer, at: time)
        let duplicateSince = time.addingTimeInterval(-policy.duplicateWindow)
        var answeredAt = time.addingTimeInterval(-Self.unansweredPeriod)
        if let replied = self.lastBuyerMessage[buyer], replied > answeredAt { answeredAt = replied }
        var others = Set<Buyer.ID>()
        var unanswered = 0
        let earliest = min(duplicateSince, answeredAt)
        // Sends are in time order: walk back from `time` until both windows are behind.
        var index = self.sends.count - 1
        while index >= 0, self.sends[index].at > time { index -= 1 }
        while index >= 0 {
            let send = self.sends[index]
            if send.at < earliest { break }
            if send.buyer == buyer {
                if send.at > answeredAt { unanswered += 1 }
            } else if countDuplicates, send.unsolicited, send.at >= duplicateSince,
                send.fingerprint.similarity(to: fingerprint) >= policy.minimumSimilarity
            {
                others.insert(send.buyer)
            }
            index -= 1
        }
        return SpamContext(nearDuplicateRecipients: others.count, unansweredMessages: unanswered)
    }

    /// Forgets what no longer matters at `time`: sends older than both windows, and buyer replies
    /// older than the unanswered period (every send still kept is after them anyway).
    public mutating func prune(at time: Date, policy: SpamPolicy) {
        let cutoff = time.addingTimeInterval(-max(policy.duplicateWindow, Self.unansweredPeriod))
        if let keep = self.sends.firstIndex(where: { $0.at >= cutoff }) {
            self.sends.removeFirst(keep)
        } else {
            self.sends.removeAll()
        }
        self.lastBuyerMessage = self.lastBuyerMessage.filter { $0.value >= cutoff }
    }
}
