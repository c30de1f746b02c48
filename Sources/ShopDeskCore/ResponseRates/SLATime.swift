import Foundation

/// Instants as whole milliseconds since 1970-01-01T00:00:00Z: the form rate evaluation runs on.
///
/// Integers keep deadline comparisons exact ("a reply at the deadline is in time") and cheap over a
/// million chats, and RFC 3339 is read and written here by hand so that no `DateFormatter` is involved.
public enum SLATime {
    public static let millisecondsPerSecond: Int64 = 1000
    public static let millisecondsPerHour: Int64 = 3_600_000
    public static let millisecondsPerDay: Int64 = 86_400_000

    public static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    public static func date(_ milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    // MARK: Local time

    /// The zone's offset from UTC at an instant, in milliseconds.
    public static func offset(at instant: Int64, in zone: TimeZone) -> Int64 {
        Int64(zone.secondsFromGMT(for: self.date(instant))) * self.millisecondsPerSecond
    }

    /// The local calendar day and the milliseconds since local midnight of an instant.
    public static func local(_ instant: Int64, in zone: TimeZone) -> (day: SLADate, millisecondOfDay: Int64) {
        let local = instant + self.offset(at: instant, in: zone)
        let day = self.floorDivide(local, self.millisecondsPerDay)
        return (SLADate(daysSinceEpoch: Int(day)), local - day * self.millisecondsPerDay)
    }

    /// The instant of a local wall-clock time. Where a daylight-saving change makes the local time
    /// ambiguous or skipped, the offset in force just before it is used.
    public static func instant(of day: SLADate, millisecondOfDay: Int64, in zone: TimeZone) -> Int64 {
        let local = Int64(day.daysSinceEpoch) * self.millisecondsPerDay + millisecondOfDay
        let first = local - self.offset(at: local, in: zone)
        return local - self.offset(at: first, in: zone)
    }

    static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }

    // MARK: RFC 3339

    /// Parses an RFC 3339 date-time with an offset (`2025-09-01T10:00:00+07:00`, `…Z`, fractional
    /// seconds allowed, kept to the millisecond). Nil for anything else, including a missing offset.
    public static func parse(_ text: some StringProtocol) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t") || bytes[10] == UInt8(ascii: " "),
            bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            let year = self.digits(bytes, 0, 4), let month = self.digits(bytes, 5, 2), let day = self.digits(bytes, 8, 2),
            let hour = self.digits(bytes, 11, 2), let minute = self.digits(bytes, 14, 2),
            let second = self.digits(bytes, 17, 2),
            let date = SLADate(year: year, month: month, day: day), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var millisecond: Int64 = 0
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale: Int64 = 100
            let start = index
            while index < bytes.count, let digit = self.digit(bytes[index]) {
                millisecond += Int64(digit) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        guard index < bytes.count else { return nil }
        var offset: Int64 = 0
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard index + 1 == bytes.count else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard index + 6 == bytes.count, bytes[index + 3] == UInt8(ascii: ":"),
                let hours = self.digits(bytes, index + 1, 2), let minutes = self.digits(bytes, index + 4, 2),
                hours < 24, minutes < 60
            else { return nil }
            offset = Int64(hours * 60 + minutes) * 60_000 * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
        default:
            return nil
        }
        // A leap second (:60) reads as the first instant of the next minute: close enough for deadlines.
        let local =
            Int64(date.daysSinceEpoch) * self.millisecondsPerDay
            + Int64(hour) * self.millisecondsPerHour + Int64(minute) * 60_000 + Int64(second) * 1000 + millisecond
        return local - offset
    }

    /// Formats an instant as RFC 3339 in a zone: `2025-09-01T10:00:00+07:00`, with `Z` for a zero
    /// offset and milliseconds only when there are any.
    public static func format(_ instant: Int64, in zone: TimeZone) -> String {
        let offset = self.offset(at: instant, in: zone)
        let (day, millisecondOfDay) = self.local(instant, in: zone)
        let seconds = millisecondOfDay / 1000
        var text =
            day.description + "T" + self.pad(Int(seconds / 3600), 2) + ":" + self.pad(Int(seconds / 60 % 60), 2)
            + ":" + self.pad(Int(seconds % 60), 2)
        if millisecondOfDay % 1000 != 0 {
            text += "." + self.pad(Int(millisecondOfDay % 1000), 3)
        }
        if offset == 0 {
            return text + "Z"
        }
        let minutes = abs(offset) / 60_000
        return text + (offset < 0 ? "-" : "+") + self.pad(Int(minutes / 60), 2) + ":" + self.pad(Int(minutes % 60), 2)
    }

    static func digit(_ byte: UInt8) -> Int? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : nil
    }

    static func digits(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int? {
        guard start + count <= bytes.count else { return nil }
        var value = 0
        for index in start..<(start + count) {
            guard let digit = self.digit(bytes[index]) else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
