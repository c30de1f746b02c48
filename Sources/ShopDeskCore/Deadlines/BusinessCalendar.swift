import Foundation

/// When a channel account is staffed: opening intervals per weekday in the account's local time, and
/// holidays. Service-level time counts only while it is open, so a buyer who writes on Saturday night
/// to a shop that opens on Monday at 09:00 is answered in time at 09:30 with a 30-minute target.
///
/// Pure: every answer depends only on the arguments (Foundation's calendar arithmetic, no clock reads).
/// A policy without a calendar is open around the clock.
public struct BusinessCalendar: Sendable, Hashable, Codable {
    /// A day of the week, named as in the stored JSON (`"monday"` …).
    public enum Weekday: String, Sendable, Hashable, Codable, CaseIterable, CodingKeyRepresentable {
        case monday, tuesday, wednesday, thursday, friday, saturday, sunday

        /// Foundation numbers weekdays from Sunday = 1.
        init(gregorian weekday: Int) {
            self = [.sunday, .monday, .tuesday, .wednesday, .thursday, .friday, .saturday][(weekday - 1) % 7]
        }
    }

    /// An opening interval in minutes from local midnight, `start` inclusive, `end` exclusive; `end` may be
    /// 1440 (midnight at the end of the day). A shift across midnight is two intervals on consecutive days.
    /// Encoded as `"09:00-12:30"`.
    public struct Interval: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
        public var start: Int
        public var end: Int

        public init(start: Int, end: Int) {
            self.start = start
            self.end = end
        }

        /// Parses `"HH:MM-HH:MM"`.
        public init?(_ text: String) {
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2, let start = Self.minutes(parts[0]), let end = Self.minutes(parts[1]) else { return nil }
            self.init(start: start, end: end)
        }

        public init(from decoder: any Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let interval = Interval(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected HH:MM-HH:MM, got '\(text)'"))
            }
            self = interval
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(self.description)
        }

        public var description: String {
            String(format: "%02d:%02d-%02d:%02d", self.start / 60, self.start % 60, self.end / 60, self.end % 60)
        }

        public static func < (lhs: Interval, rhs: Interval) -> Bool {
            (lhs.start, lhs.end) < (rhs.start, rhs.end)
        }

        private static func minutes(_ text: Substring) -> Int? {
            let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
                let hours = Int(parts[0]), let minutes = Int(parts[1]), (0...24).contains(hours), (0..<60).contains(minutes)
            else { return nil }
            return hours * 60 + minutes
        }
    }

    /// A holiday is a local calendar day in the calendar's zone.
    public typealias LocalDate = SLADate

    /// IANA time zone the intervals and holidays are in (usually the channel account's).
    public var timeZone: String {
        didSet { self.calendar = Self.gregorian(in: self.timeZone) }
    }
    /// Opening intervals per weekday; a weekday that is absent (or empty) is closed.
    public var hours: [Weekday: [Interval]]
    /// Local dates on which the account is closed all day.
    public var holidays: Set<LocalDate>
    /// `timeZone` parsed once: deadlines are computed for every ingested message. Nil for an unknown
    /// zone. Derived, so neither encoded nor compared.
    private var calendar: Calendar?

    enum CodingKeys: String, CodingKey {
        case timeZone = "time_zone"
        case hours
        case holidays
    }

    public init(timeZone: String, hours: [Weekday: [Interval]], holidays: Set<LocalDate> = []) {
        self.timeZone = timeZone
        self.hours = hours
        self.holidays = holidays
        self.calendar = Self.gregorian(in: timeZone)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.timeZone = try container.decode(String.self, forKey: .timeZone)
        self.hours = try container.decodeIfPresent([Weekday: [Interval]].self, forKey: .hours) ?? [:]
        self.holidays = try container.decodeIfPresent(Set<LocalDate>.self, forKey: .holidays) ?? []
        self.calendar = Self.gregorian(in: self.timeZone)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.timeZone, forKey: .timeZone)
        try container.encode(self.hours.filter { !$0.value.isEmpty }, forKey: .hours)
        try container.encode(self.holidays.sorted(), forKey: .holidays)
    }

    public static func == (lhs: BusinessCalendar, rhs: BusinessCalendar) -> Bool {
        (lhs.timeZone, lhs.hours, lhs.holidays) == (rhs.timeZone, rhs.hours, rhs.holidays)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.timeZone)
        hasher.combine(self.hours)
        hasher.combine(self.holidays)
    }

    /// The same calendar with intervals sorted and checked, or the first problem found. A calendar must be
    /// open at some time of the week, or no deadline would ever arrive.
    public func validated() throws(ValidationError) -> BusinessCalendar {
        do {
            _ = try Market.timeZone(named: self.timeZone)
        } catch {
            throw ValidationError(field: "calendar.time_zone", message: error.message)
        }
        var hours: [Weekday: [Interval]] = [:]
        for (weekday, intervals) in self.hours where !intervals.isEmpty {
            let sorted = intervals.sorted()
            for interval in sorted where !(0 <= interval.start && interval.start < interval.end && interval.end <= 1440) {
                throw ValidationError(
                    field: "calendar.hours.\(weekday.rawValue)",
                    message: "\(interval) is not an interval within one day (end after start, at most 24:00)"
                )
            }
            for (earlier, later) in zip(sorted, sorted.dropFirst()) where later.start < earlier.end {
                throw ValidationError(field: "calendar.hours.\(weekday.rawValue)", message: "\(earlier) and \(later) overlap")
            }
            guard sorted.count <= 12 else {
                throw ValidationError(field: "calendar.hours.\(weekday.rawValue)", message: "at most 12 intervals a day")
            }
            hours[weekday] = sorted
        }
        guard !hours.isEmpty else {
            throw ValidationError(field: "calendar.hours", message: "a business calendar needs at least one opening interval a week")
        }
        guard self.holidays.count <= 1000 else {
            throw ValidationError(field: "calendar.holidays", message: "at most 1000 holidays")
        }
        return BusinessCalendar(timeZone: self.timeZone, hours: hours, holidays: self.holidays)
    }

    // MARK: - Business time

    /// The moment `businessSeconds` of open time have passed after `start`. A start in closed time starts
    /// counting at the next opening, so zero seconds from closed time is the next opening.
    public func deadline(after start: Date, businessSeconds: TimeInterval) -> Date {
        var remaining = max(0, businessSeconds)
        var result: Date?
        self.forEachOpenSpan(from: start) { open, close in
            let from = max(open, start)
            guard close > from else { return true }
            let available = close.timeIntervalSince(from)
            if remaining <= available {
                result = from.addingTimeInterval(remaining)
                return false
            }
            remaining -= available
            return true
        }
        // Unreachable for a validated calendar (open every week); a calendar that is never open never ends.
        return result ?? .distantFuture
    }

    /// The open time between two moments (zero when `end` is not after `start`).
    public func businessSeconds(from start: Date, to end: Date) -> TimeInterval {
        guard end > start else { return 0 }
        var total: TimeInterval = 0
        self.forEachOpenSpan(from: start) { open, close in
            guard open < end else { return false }
            let from = max(open, start)
            let to = min(close, end)
            if to > from { total += to.timeIntervalSince(from) }
            return true
        }
        return total
    }

    /// Whether the account is open at `moment`.
    public func isOpen(at moment: Date) -> Bool {
        self.businessSeconds(from: moment, to: moment.addingTimeInterval(0.001)) > 0
    }

    /// Calls `body` with each open span (in time order) of every day from the local day of `start` on,
    /// until `body` returns false. Days are bounded so that a calendar open on no day ends the walk.
    private func forEachOpenSpan(from start: Date, _ body: (Date, Date) -> Bool) {
        guard let calendar = self.calendar else { return }
        var dayStart = calendar.startOfDay(for: start)
        // Enough days to pass every holiday and then a whole week.
        let maximumDays = 7 * 53 * 10 + self.holidays.count
        for _ in 0..<maximumDays {
            let components = calendar.dateComponents([.year, .month, .day, .weekday], from: dayStart)
            guard let year = components.year, let month = components.month, let day = components.day,
                let weekday = components.weekday,
                let nextDay = calendar.date(byAdding: .day, value: 1, to: dayStart).map(calendar.startOfDay(for:))
            else { return }
            let date = LocalDate(year: year, month: month, day: day)!
            if !self.holidays.contains(date) {
                for interval in self.hours[Weekday(gregorian: weekday)] ?? [] {
                    let open = Self.moment(interval.start, of: components, nextDay: nextDay, calendar: calendar)
                    let close = Self.moment(interval.end, of: components, nextDay: nextDay, calendar: calendar)
                    guard close > open else { continue }
                    if !body(open, close) { return }
                }
            }
            dayStart = nextDay
        }
    }

    private static func gregorian(in timeZone: String) -> Calendar? {
        guard let zone = TimeZone(identifier: timeZone) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }

    /// The instant of `minutes` after local midnight on the day of `components` (1440 is the next midnight).
    private static func moment(_ minutes: Int, of components: DateComponents, nextDay: Date, calendar: Calendar) -> Date {
        if minutes >= 1440 { return nextDay }
        var local = DateComponents(year: components.year, month: components.month, day: components.day)
        local.hour = minutes / 60
        local.minute = minutes % 60
        return calendar.date(from: local) ?? nextDay
    }
}
