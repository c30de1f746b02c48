import Foundation
import ShopDeskCore

/// The input of `shopdesk sla evaluate`: JSON Lines, one event per line, in any order.
///
/// ```
/// {"conversation":"c1","at":"2025-09-01T10:00:00+07:00","type":"buyer_message","text":"…"}
/// {"conversation":"c1","at":"…","type":"seller_message","sender":"agent|quick_reply|auto_reply|chatbot","text":"…"}
/// {"conversation":"c1","at":"…","type":"seller_initiated"}
/// {"conversation":"c1","at":"…","type":"buyer_blocked"}
/// {"at":"…","type":"holiday_mode","on":true}
/// {"type":"public_holiday","date":"2025-09-02"}
/// ```
public struct SLAEventLog: Sendable, Hashable {
    /// One per conversation, in the order conversations first appear.
    public var timelines: [ChatTimeline]
    public var holidayModeSwitches: [HolidayModeSwitch]
    public var publicHolidays: Set<SLADate>

    public init(timelines: [ChatTimeline] = [], holidayModeSwitches: [HolidayModeSwitch] = [], publicHolidays: Set<SLADate> = []) {
        self.timelines = timelines
        self.holidayModeSwitches = holidayModeSwitches
        self.publicHolidays = publicHolidays
    }

    public struct HolidayModeSwitch: Sendable, Hashable {
        public var at: Int64
        public var on: Bool

        public init(at: Int64, on: Bool) {
            self.at = at
            self.on = on
        }
    }

    /// A line that is not a valid event, by its 1-based number.
    public typealias LineError = ShopDeskCore.LineError

    /// Every malformed line of the input, in order.
    public struct Failure: Error, Sendable, Hashable {
        public var errors: [LineError]
    }

    /// The shop facts the log carries, for evaluation in `timeZone`.
    public func context(timeZone: TimeZone) -> SLAContext {
        SLAContext(
            timeZone: timeZone,
            holidayMode: SLAContext.holidayModePeriods(switches: self.holidayModeSwitches.map { ($0.at, $0.on) }),
            publicHolidays: self.publicHolidays
        )
    }

    /// Parses the whole input; blank lines are skipped. Fails with every malformed line, not just the first.
    public static func parse(_ text: String) throws(Failure) -> SLAEventLog {
        var log = SLAEventLog()
        var positions: [Conversation.ID: Int] = [:]
        var errors: [LineError] = []
        let decoder = JSONDecoder()
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            do throws(Problem) {
                switch try self.parseLine(line, decoder: decoder) {
                case .conversation(let id, let event):
                    if let position = positions[id] {
                        log.timelines[position].events.append(event)
                    } else {
                        positions[id] = log.timelines.count
                        log.timelines.append(ChatTimeline(conversation: id, events: [event]))
                    }
                case .holidayMode(let change):
                    log.holidayModeSwitches.append(change)
                case .publicHoliday(let date):
                    log.publicHolidays.insert(date)
                }
            } catch {
                errors.append(LineError(line: offset + 1, message: error.message))
            }
        }
        guard errors.isEmpty else { throw Failure(errors: errors) }
        return log
    }

    private enum Entry {
        case conversation(Conversation.ID, ChatTimeline.Event)
        case holidayMode(HolidayModeSwitch)
        case publicHoliday(SLADate)
    }

    private struct Problem: Error {
        var message: String
    }

    private struct Line: Decodable {
        var type: String?
        var conversation: String?
        var at: String?
        var text: String?
        var sender: String?
        var on: Bool?
        var date: String?
    }

    static let eventTypes = "buyer_message, seller_message, seller_initiated, buyer_blocked, holiday_mode or public_holiday"

    private static func parseLine(_ line: Substring, decoder: JSONDecoder) throws(Problem) -> Entry {
        let fields: Line
        do {
            fields = try decoder.decode(Line.self, from: Data(line.utf8))
        } catch let DecodingError.typeMismatch(_, context) where !context.codingPath.isEmpty {
            throw Problem(message: "field '\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type")
        } catch {
            throw Problem(message: "not a JSON object")
        }
        guard let type = fields.type else {
            throw Problem(message: "missing \"type\" (\(self.eventTypes))")
        }
        switch type {
        case "public_holiday":
            guard let text = fields.date else { throw Problem(message: "public_holiday needs \"date\" (YYYY-MM-DD)") }
            guard let date = SLADate(text) else { throw Problem(message: "bad date '\(text)', expected YYYY-MM-DD") }
            return .publicHoliday(date)
        case "holiday_mode":
            let at = try self.instant(fields)
            guard let on = fields.on else { throw Problem(message: "holiday_mode needs \"on\" (true or false)") }
            return .holidayMode(HolidayModeSwitch(at: at, on: on))
        case "buyer_message", "seller_message", "seller_initiated", "buyer_blocked":
            guard let conversation = fields.conversation, !conversation.isEmpty else {
                throw Problem(message: "\(type) needs \"conversation\"")
            }
            let at = try self.instant(fields)
            let kind: ChatTimeline.Kind
            switch type {
            case "buyer_message":
                kind = .buyerMessage(text: fields.text)
            case "seller_message":
                guard let name = fields.sender else {
                    throw Problem(message: "seller_message needs \"sender\" (agent, quick_reply, auto_reply or chatbot)")
                }
                guard let sender = Chat.Sender(rawValue: name) else {
                    throw Problem(message: "unknown sender '\(name)', expected agent, quick_reply, auto_reply or chatbot")
                }
                kind = .sellerMessage(sender, text: fields.text)
            case "seller_initiated":
                kind = .sellerInitiated
            default:
                kind = .buyerBlocked
            }
            return .conversation(Conversation.ID(conversation), ChatTimeline.Event(at: at, kind))
        default:
            throw Problem(message: "unknown type '\(type)', expected \(self.eventTypes)")
        }
    }

    private static func instant(_ fields: Line) throws(Problem) -> Int64 {
        guard let text = fields.at else { throw Problem(message: "\(fields.type ?? "event") needs \"at\" (RFC 3339 with offset)") }
        guard let instant = SLATime.parse(text) else {
            throw Problem(message: "bad time '\(text)', expected RFC 3339 with offset, e.g. 2025-09-01T10:00:00+07:00")
        }
        return instant
    }
}
