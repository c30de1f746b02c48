import Foundation

/// Facts about the shop that a conversation's messages do not carry but some metrics need: its time
/// zone, when it was in holiday mode, and its market's public holidays.
public struct SLAContext: Sendable, Hashable {
    /// Local times (Lazada's cycle, public holidays, effective dates) are read in this zone.
    public var timeZone: TimeZone
    /// Periods in holiday mode, as milliseconds since 1970; `end` nil while still on.
    public var holidayMode: [Period]
    /// Public holidays as local dates.
    public var publicHolidays: Set<SLADate>

    public init(timeZone: TimeZone, holidayMode: [Period] = [], publicHolidays: Set<SLADate> = []) {
        self.timeZone = timeZone
        self.holidayMode = holidayMode.sorted { $0.start < $1.start }
        self.publicHolidays = publicHolidays
    }

    /// From `start` (inclusive) to `end` (exclusive).
    public struct Period: Sendable, Hashable {
        public var start: Int64
        public var end: Int64?

        public init(start: Int64, end: Int64?) {
            self.start = start
            self.end = end
        }

        public init(start: Date, end: Date?) {
            self.init(start: SLATime.milliseconds(start), end: end.map(SLATime.milliseconds))
        }

        public func contains(_ instant: Int64) -> Bool {
            instant >= self.start && self.end.map { instant < $0 } ?? true
        }
    }

    /// Periods from on/off switches in any order. Repeated switches to the state already in force change
    /// nothing; at one instant, the last switch given wins.
    public static func holidayModePeriods(switches: [(at: Int64, on: Bool)]) -> [Period] {
        let ordered = switches.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
        var periods: [Period] = []
        var since: Int64?
        for (index, change) in ordered.enumerated() {
            if index + 1 < ordered.count, ordered[index + 1].at == change.at { continue }
            if change.on, since == nil {
                since = change.at
            } else if !change.on, let start = since {
                if change.at > start { periods.append(Period(start: start, end: change.at)) }
                since = nil
            }
        }
        if let since { periods.append(Period(start: since, end: nil)) }
        return periods
    }

    func isInHolidayMode(_ instant: Int64) -> Bool {
        self.holidayMode.contains { $0.contains(instant) }
    }

    func isPublicHoliday(_ instant: Int64) -> Bool {
        !self.publicHolidays.isEmpty && self.publicHolidays.contains(SLATime.local(instant, in: self.timeZone).day)
    }
}
