import Foundation
import Testing

@testable import ShopDeskCore

@Suite("Business calendars")
struct BusinessCalendarTests {
    /// 2026-03-02 is a Monday; Bangkok keeps UTC+7 all year.
    static func bangkok(_ day: Int, _ hour: Int, _ minute: Int = 0) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Bangkok")!
        return calendar.date(from: DateComponents(year: 2026, month: 3, day: day, hour: hour, minute: minute))!
    }

    static func officeHours(holidays: Set<BusinessCalendar.LocalDate> = []) -> BusinessCalendar {
        let day = [BusinessCalendar.Interval("09:00-12:00")!, BusinessCalendar.Interval("13:00-18:00")!]
        return BusinessCalendar(
            timeZone: "Asia/Bangkok",
            hours: [.monday: day, .tuesday: day, .wednesday: day, .thursday: day, .friday: day],
            holidays: holidays
        )
    }

    @Test("time inside opening hours counts straight through")
    func insideHours() {
        #expect(Self.officeHours().deadline(after: Self.bangkok(2, 10), businessSeconds: 3600) == Self.bangkok(2, 11))
    }

    @Test("a lunch break between two intervals of a day pauses the count")
    func lunchBreak() {
        #expect(Self.officeHours().deadline(after: Self.bangkok(2, 11, 30), businessSeconds: 3600) == Self.bangkok(2, 13, 30))
    }

    @Test("a message at night starts counting at the next morning's opening")
    func overnightGap() {
        let calendar = Self.officeHours()
        #expect(calendar.deadline(after: Self.bangkok(2, 20), businessSeconds: 1800) == Self.bangkok(3, 9, 30))
        #expect(calendar.deadline(after: Self.bangkok(2, 17, 30), businessSeconds: 3600) == Self.bangkok(3, 9, 30))
        #expect(calendar.deadline(after: Self.bangkok(3, 3), businessSeconds: 0) == Self.bangkok(3, 9))
    }

    @Test("a holiday is skipped as a whole day, and so is the weekend")
    func holidayAndWeekend() {
        let calendar = Self.officeHours(holidays: [BusinessCalendar.LocalDate("2026-03-03")!])
        #expect(calendar.deadline(after: Self.bangkok(2, 17, 30), businessSeconds: 3600) == Self.bangkok(4, 9, 30))
        // Friday 6 March, 17:30 → Monday 9 March, 09:30.
        #expect(calendar.deadline(after: Self.bangkok(6, 17, 30), businessSeconds: 3600) == Self.bangkok(9, 9, 30))
    }

    @Test("a shift across midnight is two intervals on consecutive days")
    func shiftAcrossMidnight() {
        let calendar = BusinessCalendar(
            timeZone: "Asia/Bangkok",
            hours: [.monday: [.init("22:00-24:00")!], .tuesday: [.init("00:00-02:00")!]]
        )
        #expect(calendar.deadline(after: Self.bangkok(2, 23, 30), businessSeconds: 3600) == Self.bangkok(3, 0, 30))
        #expect(calendar.businessSeconds(from: Self.bangkok(2, 21), to: Self.bangkok(3, 3)) == 4 * 3600)
    }

    @Test("business seconds count only open time between two moments")
    func businessSecondsBetween() {
        let calendar = Self.officeHours()
        // Monday 08:00 → Tuesday 10:00: 3 h + 5 h on Monday, 1 h on Tuesday.
        #expect(calendar.businessSeconds(from: Self.bangkok(2, 8), to: Self.bangkok(3, 10)) == 9 * 3600)
        #expect(calendar.businessSeconds(from: Self.bangkok(3, 10), to: Self.bangkok(2, 8)) == 0)
        #expect(calendar.isOpen(at: Self.bangkok(2, 9)))
        #expect(!calendar.isOpen(at: Self.bangkok(2, 12, 30)))
    }

    @Test("counting business seconds up to a deadline gives back the target", arguments: [0, 60, 1800, 3600, 5 * 3600, 30 * 3600] as [TimeInterval])
    func deadlineAndBusinessSecondsAgree(seconds: TimeInterval) {
        let calendar = Self.officeHours(holidays: [BusinessCalendar.LocalDate("2026-03-04")!])
        for start in [Self.bangkok(2, 7), Self.bangkok(2, 11, 45), Self.bangkok(6, 17, 59), Self.bangkok(7, 12)] {
            let deadline = calendar.deadline(after: start, businessSeconds: seconds)
            #expect(calendar.businessSeconds(from: start, to: deadline) == seconds)
        }
    }

    @Test("a day that skips an hour for daylight saving counts the hours that happened")
    func daylightSaving() {
        var hours: [BusinessCalendar.Weekday: [BusinessCalendar.Interval]] = [:]
        for weekday in BusinessCalendar.Weekday.allCases { hours[weekday] = [.init("00:00-24:00")!] }
        let calendar = BusinessCalendar(timeZone: "Europe/London", hours: hours)
        // Sunday 29 March 2026: clocks go from 01:00 GMT to 02:00 BST.
        let saturday = ISO8601DateFormatter().date(from: "2026-03-28T00:00:00Z")!
        let sunday = ISO8601DateFormatter().date(from: "2026-03-29T00:00:00Z")!
        let monday = ISO8601DateFormatter().date(from: "2026-03-29T23:00:00Z")!
        #expect(calendar.businessSeconds(from: sunday, to: monday) == 23 * 3600)
        #expect(calendar.deadline(after: saturday.addingTimeInterval(23 * 3600), businessSeconds: 3 * 3600) == sunday.addingTimeInterval(2 * 3600))
    }

    @Test("a calendar is stored as readable JSON and read back the same")
    func json() throws {
        let calendar = Self.officeHours(holidays: [BusinessCalendar.LocalDate("2026-04-13")!])
        let data = try JSONEncoder().encode(calendar)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"09:00-12:00\""))
        #expect(text.contains("\"2026-04-13\""))
        #expect(text.contains("\"time_zone\":\"Asia\\/Bangkok\""))
        #expect(try JSONDecoder().decode(BusinessCalendar.self, from: data) == calendar)
    }

    @Test("a calendar moved to another zone counts in the new zone, and equals one made there")
    func changedZone() throws {
        var calendar = Self.officeHours()
        calendar.timeZone = "Asia/Tokyo"
        // 10:00 in Bangkok is 12:00 in Tokyo: the morning interval ends, the afternoon one starts at 13:00.
        #expect(calendar.deadline(after: Self.bangkok(2, 10), businessSeconds: 3600) == Self.bangkok(2, 12))
        let tokyo = BusinessCalendar(timeZone: "Asia/Tokyo", hours: calendar.hours, holidays: calendar.holidays)
        #expect(calendar == tokyo)
        #expect(Set([calendar, tokyo]).count == 1)
        let decoded = try JSONDecoder().decode(BusinessCalendar.self, from: JSONEncoder().encode(calendar))
        #expect(decoded.deadline(after: Self.bangkok(2, 10), businessSeconds: 3600) == Self.bangkok(2, 12))
    }

    @Test("an unknown zone is refused as the calendar's time zone")
    func unknownZone() {
        let calendar = BusinessCalendar(timeZone: "Mars/Olympus", hours: [.monday: [.init(start: 540, end: 600)]])
        #expect(throws: ValidationError(field: "calendar.time_zone", message: "unknown IANA time zone 'Mars/Olympus'")) {
            try calendar.validated()
        }
    }

    @Test(
        "calendars that could never be met or cannot be read are refused",
        arguments: [
            BusinessCalendar(timeZone: "Asia/Bangkok", hours: [:]),
            BusinessCalendar(timeZone: "Asia/Bangkok", hours: [.monday: []]),
            BusinessCalendar(timeZone: "Mars/Olympus", hours: [.monday: [.init(start: 540, end: 600)]]),
            BusinessCalendar(timeZone: "Asia/Bangkok", hours: [.monday: [.init(start: 600, end: 540)]]),
            BusinessCalendar(timeZone: "Asia/Bangkok", hours: [.monday: [.init(start: 0, end: 1441)]]),
            BusinessCalendar(timeZone: "Asia/Bangkok", hours: [.monday: [.init("09:00-12:00")!, .init("11:00-13:00")!]]),
        ])
    func invalid(calendar: BusinessCalendar) {
        #expect(throws: ValidationError.self) { try calendar.validated() }
    }

    @Test("times and dates that do not exist are not read", arguments: ["25:00-26:00", "9:00-12:00", "09:60-10:00", "09:00"])
    func unreadableInterval(text: String) {
        #expect(BusinessCalendar.Interval(text) == nil)
    }

    @Test("a date that does not exist is not a holiday")
    func unreadableDate() {
        #expect(BusinessCalendar.LocalDate("2026-02-30") == nil)
        #expect(BusinessCalendar.LocalDate("2026-2-3") == nil)
        #expect(BusinessCalendar.LocalDate("2028-02-29") != nil)
    }
}

@Suite("Service-level policies")
struct ServiceLevelPolicyTests {
    @Test("without a calendar the target runs around the clock; the next-response target follows the first answer")
    func aroundTheClock() {
        let policy = ServiceLevelPolicy(firstResponse: 3 * 3600, nextResponse: 1800)
        let start = BusinessCalendarTests.bangkok(7, 23)
        #expect(policy.deadline(waitingSince: start, answeredBefore: false) == start.addingTimeInterval(3 * 3600))
        #expect(policy.deadline(waitingSince: start, answeredBefore: true) == start.addingTimeInterval(1800))
    }

    @Test("with a calendar the target counts business hours")
    func businessHours() {
        let policy = ServiceLevelPolicy(firstResponse: 3600, nextResponse: 3600, calendar: BusinessCalendarTests.officeHours())
        #expect(policy.deadline(waitingSince: BusinessCalendarTests.bangkok(7, 23), answeredBefore: false) == BusinessCalendarTests.bangkok(9, 10))
    }

    @Test(
        "targets below a minute, above 30 days or in fractions of a second are refused",
        arguments: [0, 59, 30 * 86400 + 1, 90.5, -3600] as [TimeInterval])
    func invalidTargets(seconds: TimeInterval) {
        #expect(throws: ValidationError.self) { try ServiceLevelPolicy(firstResponse: seconds, nextResponse: 3600).validated() }
        #expect(throws: ValidationError.self) { try ServiceLevelPolicy(firstResponse: 3600, nextResponse: seconds).validated() }
    }

    @Test("a snoozed conversation has no deadline until it is opened again")
    func snoozePausesDeadline() throws {
        let policy = ServiceLevelPolicy(firstResponse: 3600, nextResponse: 3600, calendar: BusinessCalendarTests.officeHours())
        let start = BusinessCalendarTests.bangkok(2, 10)
        var state = ConversationState.empty(at: start)
            .applying(.init(direction: .inbound, senderKind: .buyer, platformAt: start, preview: "hi"), rules: DeadlineRules(policy: policy)).state
        #expect(state.nextDeadline == BusinessCalendarTests.bangkok(2, 11))
        state = try state.settingStatus(.snoozed, snoozedUntil: BusinessCalendarTests.bangkok(3, 9), now: start, rules: DeadlineRules(policy: policy))
        #expect(state.nextDeadline == nil)
        state = try state.settingStatus(.open, snoozedUntil: nil, now: BusinessCalendarTests.bangkok(2, 10, 30), rules: DeadlineRules(policy: policy))
        #expect(state.nextDeadline == BusinessCalendarTests.bangkok(2, 11))
    }
}

@Suite("Alert settings and backoff")
struct AlertSettingsTests {
    @Test("lead times are de-duplicated and sorted longest first")
    func normalisesLeadTimes() throws {
        let settings = try AlertSettings(
            webhookURL: URL(string: "https://example.com/hook"), webhookSecret: String(repeating: "s", count: 32),
            leadTimes: [1800, 7200, 1800]
        ).validated()
        #expect(settings.leadTimes == [7200, 1800])
    }

    @Test(
        "a webhook URL must be http or https with a host, and lead times positive whole seconds",
        arguments: [
            AlertSettings(webhookURL: URL(string: "ftp://example.com/hook")),
            AlertSettings(webhookURL: URL(string: "file:///etc/passwd")),
            AlertSettings(leadTimes: [0]),
            AlertSettings(leadTimes: [-60]),
            AlertSettings(leadTimes: [90.5]),
            AlertSettings(webhookSecret: "short"),
        ])
    func invalid(settings: AlertSettings) {
        #expect(throws: ValidationError.self) { try settings.validated() }
    }

    @Test("retry delays grow, are capped, and stop after the last attempt")
    func backoff() {
        let policy = BackoffPolicy(initialDelay: .seconds(2), maximumDelay: .seconds(10), maximumAttempts: 5)
        #expect(policy.delay(afterAttempt: 1, jitter: 1) == .seconds(2))
        #expect(policy.delay(afterAttempt: 2, jitter: 1) == .seconds(4))
        #expect(policy.delay(afterAttempt: 3, jitter: 1) == .seconds(8))
        #expect(policy.delay(afterAttempt: 4, jitter: 1) == .seconds(10))
        #expect(policy.delay(afterAttempt: 4, jitter: 0) == .seconds(5))
        #expect(policy.delay(afterAttempt: 5, jitter: 1) == nil)
    }
}
