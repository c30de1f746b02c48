import Foundation

/// The alerts of one conversation's deadline, as a state machine: which apply, which are due at a
/// given moment, and which have been dealt with. The deadline scheduler (the I/O shell) asks it what
/// to fire and when to wake up next; it never reads a clock itself.
///
/// Rules:
/// - A warning applies only if it falls after the buyer started waiting: a 2-hour warning for a
///   1-hour target would fire at once and say nothing.
/// - When several alerts are due together (the server was down, or the conversation came in late),
///   only the most urgent fires; the ones it supersedes are dropped, not sent late in a burst.
/// - An alert overdue by more than `staleAfter` is dropped (old history imported, a long outage).
public struct DeadlineAlerts: Sendable, Hashable {
    /// An alert and when it is due.
    public struct Scheduled: Sendable, Hashable {
        public var alert: DeadlineAlert
        public var due: Date
    }

    public let deadline: Date
    /// The alerts that apply, earliest due first; the breach is always last.
    public let schedule: [Scheduled]
    /// Alerts fired, superseded or dropped.
    public private(set) var done: Set<DeadlineAlert>
    public let staleAfter: TimeInterval

    /// Alerts more than a day overdue are history, not news.
    public static let defaultStaleAfter: TimeInterval = 24 * 3600

    public init(
        deadline: Date, waitingSince: Date?, leadTimes: [TimeInterval], done: Set<DeadlineAlert> = [],
        staleAfter: TimeInterval = DeadlineAlerts.defaultStaleAfter
    ) {
        self.deadline = deadline
        self.staleAfter = staleAfter
        var schedule = Set(leadTimes.filter { $0 > 0 }).map { DeadlineAlert.preBreach(lead: $0) }
            .map { Scheduled(alert: $0, due: $0.due(for: deadline)) }
            .filter { scheduled in waitingSince.map { scheduled.due > $0 } ?? true }
            .sorted { $0.due < $1.due }
        schedule.append(Scheduled(alert: .breach, due: DeadlineAlert.breach.due(for: deadline)))
        self.schedule = schedule
        self.done = done
    }

    /// The alerts still to come: those after the last one dealt with (alerts fire in order, so one
    /// dealt with settles every earlier one, whatever the store remembers of them).
    private var pending: ArraySlice<Scheduled> {
        guard let last = self.schedule.lastIndex(where: { self.done.contains($0.alert) }) else { return self.schedule[...] }
        return self.schedule[(last + 1)...]
    }

    /// When the next alert not yet dealt with is due; nil when all are.
    public var nextDue: Date? {
        self.pending.first?.due
    }

    public var isFinished: Bool { self.pending.isEmpty }

    /// The alert to fire at `now`, if any. Every alert due by then is dealt with: the most urgent is
    /// returned (unless stale) and those it supersedes are dropped.
    public mutating func take(at now: Date) -> DeadlineAlert? {
        let due = self.pending.filter { $0.due <= now }
        guard let latest = due.last else { return nil }
        self.done.formUnion(due.map(\.alert))
        return now.timeIntervalSince(latest.due) > self.staleAfter ? nil : latest.alert
    }

    /// Marks alerts as dealt with elsewhere (another node, an earlier run).
    public mutating func markDone(_ alerts: some Sequence<DeadlineAlert>) {
        self.done.formUnion(alerts)
    }
}
