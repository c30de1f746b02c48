import Foundation

/// Every conversation's deadline alerts, ordered by when the next one is due: the in-memory priority
/// queue behind the deadline scheduler. Pure: the scheduler feeds it deadlines read from the store, asks
/// it when to wake up (`nextDue()`) and what to fire (`takeDue(at:)`), and does the I/O.
///
/// Each conversation has at most one live heap item (`scheduledAt`); items left behind by changes are
/// skipped when they surface, so updates never search the heap.
public struct DeadlineQueue: Sendable {
    /// Which conversations a batch of deadlines read from the store describes in full: those of the
    /// scope that are not in the batch have no deadline any more.
    public enum Scope: Sendable, Hashable {
        case conversations(Set<Conversation.ID>)
        case workspace(Workspace.ID)
        case everything
    }

    struct Entry: Sendable {
        var facts: ConversationDeadline
        var alerts: DeadlineAlerts
        var scheduledAt: Date?
    }

    struct Item: Sendable, Comparable {
        var due: Date
        var conversationID: Conversation.ID
        var deadline: Date
        /// Set for an alert whose claim or delivery failed and is tried again.
        var retry: FiredAlert?

        static func < (lhs: Item, rhs: Item) -> Bool {
            (lhs.due, lhs.conversationID) < (rhs.due, rhs.conversationID)
        }

        static func == (lhs: Item, rhs: Item) -> Bool {
            lhs.due == rhs.due && lhs.conversationID == rhs.conversationID && lhs.deadline == rhs.deadline && lhs.retry == rhs.retry
        }
    }

    private var entries: [Conversation.ID: Entry] = [:]
    private var heap = MinHeap<Item>()
    public let staleAfter: TimeInterval

    public init(staleAfter: TimeInterval = DeadlineAlerts.defaultStaleAfter) {
        self.staleAfter = staleAfter
    }

    /// Conversations with alerts still to come.
    public var count: Int { self.entries.count }

    /// The deadline the queue holds for a conversation (nil once all its alerts are dealt with).
    public func deadline(of conversation: Conversation.ID) -> Date? {
        self.entries[conversation]?.facts.deadline
    }

    /// Takes in deadlines read from the store. An unchanged deadline keeps what was already dealt with;
    /// a new one starts afresh, minus the alerts the store says were fired.
    public mutating func update(_ deadlines: [ConversationDeadline], scope: Scope) {
        let present = Set(deadlines.map(\.conversationID))
        switch scope {
        case .everything:
            self.entries.removeAll()
            self.heap.removeAll()
        case .workspace(let workspace):
            for (id, entry) in self.entries where entry.facts.workspaceID == workspace && !present.contains(id) {
                self.entries[id] = nil
            }
        case .conversations(let ids):
            for id in ids where !present.contains(id) {
                self.entries[id] = nil
            }
        }
        for facts in deadlines {
            if var entry = self.entries[facts.conversationID], entry.facts.deadline == facts.deadline,
                entry.facts.waitingSince == facts.waitingSince, entry.facts.leadTimes == facts.leadTimes
            {
                entry.alerts.markDone(facts.fired)
                entry.facts = facts
                self.entries[facts.conversationID] = entry
            } else {
                let alerts = DeadlineAlerts(
                    deadline: facts.deadline, waitingSince: facts.waitingSince, leadTimes: facts.leadTimes, done: facts.fired,
                    staleAfter: self.staleAfter
                )
                self.entries[facts.conversationID] = Entry(facts: facts, alerts: alerts, scheduledAt: nil)
            }
            self.reschedule(facts.conversationID)
        }
    }

    /// When the scheduler should next look; drops heap items that no longer mean anything.
    public mutating func nextDue() -> Date? {
        while let top = self.heap.min {
            if top.retry != nil || self.isLive(top) { return top.due }
            self.heap.removeMin()
        }
        return nil
    }

    /// The alerts to fire at `now` (each with `firedAt == now`), and everything due dealt with.
    public mutating func takeDue(at now: Date) -> [FiredAlert] {
        var fired: [FiredAlert] = []
        while let top = self.heap.min, top.due <= now {
            self.heap.removeMin()
            if var alert = top.retry {
                // A retry is moot once the conversation has a different deadline, or it went stale.
                let current = self.entries[top.conversationID]?.facts.deadline
                if (current == nil || current == alert.deadline),
                    now.timeIntervalSince(alert.alert.due(for: alert.deadline)) <= self.staleAfter
                {
                    alert.firedAt = now
                    fired.append(alert)
                }
                continue
            }
            guard self.isLive(top), var entry = self.entries[top.conversationID] else { continue }
            entry.scheduledAt = nil
            if let alert = entry.alerts.take(at: now) {
                let facts = entry.facts
                fired.append(
                    FiredAlert(
                        alert: alert, conversationID: facts.conversationID, workspaceID: facts.workspaceID,
                        channelAccountID: facts.channelAccountID, deadline: facts.deadline, firedAt: now
                    ))
            }
            self.entries[top.conversationID] = entry
            self.reschedule(top.conversationID)
        }
        return fired
    }

    /// Tries an alert again at `time` (its claim failed, for instance because the database was away).
    public mutating func retry(_ alert: FiredAlert, at time: Date) {
        self.heap.insert(Item(due: time, conversationID: alert.conversationID, deadline: alert.deadline, retry: alert))
    }

    private func isLive(_ item: Item) -> Bool {
        guard let entry = self.entries[item.conversationID] else { return false }
        return entry.scheduledAt == item.due && entry.facts.deadline == item.deadline
    }

    private mutating func reschedule(_ id: Conversation.ID) {
        guard var entry = self.entries[id] else { return }
        guard let due = entry.alerts.nextDue else {
            self.entries[id] = nil
            return
        }
        if entry.scheduledAt != due {
            entry.scheduledAt = due
            self.heap.insert(Item(due: due, conversationID: id, deadline: entry.facts.deadline, retry: nil))
            self.entries[id] = entry
        }
    }
}
