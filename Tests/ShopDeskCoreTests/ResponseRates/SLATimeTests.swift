import Foundation
import Testing

@testable import ShopDeskCore

@Suite("Service-level time arithmetic")
struct SLATimeTests {
    @Test(
        "RFC 3339 times with an offset are read to the millisecond",
        arguments: [
            ("2025-09-01T10:00:00+07:00", Int64(1_756_695_600_000)),
            ("2025-09-01T03:00:00Z", 1_756_695_600_000),
            ("2025-09-01t03:00:00.25z", 1_756_695_600_250),
            ("2025-08-31T20:00:00.123456-07:00", 1_756_695_600_123),
            ("1969-12-31T23:59:59Z", -1000),
        ])
    func parses(text: String, expected: Int64) {
        #expect(SLATime.parse(text) == expected)
    }

    @Test(
        "times without an offset or with impossible fields are rejected",
        arguments: [
            "2025-09-01T10:00:00", "2025-09-01", "2025-02-30T10:00:00Z", "2025-09-01T24:00:00Z", "2025-09-01T10:00:00+7:00",
            "2025-09-01T10:00:00.Z", "not a time", "",
        ])
    func rejects(text: String) {
        #expect(SLATime.parse(text) == nil)
    }

    @Test("instants are written in the zone's local time with its offset, Z for UTC")
    func formats() {
        let instant = SLATime.parse("2025-09-01T03:00:00Z")!
        #expect(SLATime.format(instant, in: TimeZone(identifier: "Asia/Bangkok")!) == "2025-09-01T10:00:00+07:00")
        #expect(SLATime.format(instant, in: TimeZone(identifier: "UTC")!) == "2025-09-01T03:00:00Z")
        #expect(SLATime.format(instant + 5, in: TimeZone(identifier: "America/Los_Angeles")!) == "2025-08-31T20:00:00.005-07:00")
        #expect(SLATime.format(instant, in: TimeZone(identifier: "Asia/Kolkata")!) == "2025-09-01T08:30:00+05:30")
    }

    @Test("calendar days convert to and from days since 1970 across leap years and eras")
    func calendarDays() {
        for days in stride(from: -719_162, through: 2_932_896, by: 997) {
            let date = SLADate(daysSinceEpoch: days)
            #expect(date.daysSinceEpoch == days)
            #expect(SLADate(date.description) == date)
        }
        #expect(SLADate(daysSinceEpoch: 0).description == "1970-01-01")
        #expect(SLADate("2024-02-29")?.daysSinceEpoch == 19_782)
        #expect(SLADate("2025-02-29") == nil)
        #expect(SLADate("2025-9-01") == nil)
    }

    @Test("local wall-clock times become instants, across a daylight-saving change")
    func localInstants() {
        let losAngeles = TimeZone(identifier: "America/Los_Angeles")!
        let summer = SLATime.instant(of: SLADate("2025-07-01")!, millisecondOfDay: 19 * SLAFixtures.hour, in: losAngeles)
        #expect(SLATime.format(summer, in: losAngeles) == "2025-07-01T19:00:00-07:00")
        let winter = SLATime.instant(of: SLADate("2025-12-01")!, millisecondOfDay: 19 * SLAFixtures.hour, in: losAngeles)
        #expect(SLATime.format(winter, in: losAngeles) == "2025-12-01T19:00:00-08:00")
    }
}
