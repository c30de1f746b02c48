import Foundation
import ShopDeskCore

/// Reading JSON pushes without tying the decoders to one Codable shape per platform version: pushes add
/// fields without notice, and a missing optional field must not lose the rest. Every reader takes
/// `JSONSerialization` output and never traps, whatever type a field turns out to be.
enum JSONValue {
    /// The push's top-level object; anything else is not a push this decoder can read.
    static func parse(_ body: [UInt8]) throws(WebhookDecodingError) -> [String: Any] {
        guard let parsed = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]),
            let object = parsed as? [String: Any]
        else {
            throw WebhookDecodingError("the body is not a JSON object")
        }
        return object
    }

    static func object(_ value: Any?) -> [String: Any]? {
        value as? [String: Any]
    }

    /// The objects of an array, skipping any item that is not one.
    static func objects(_ value: Any?) -> [[String: Any]] {
        (value as? [Any] ?? []).compactMap { $0 as? [String: Any] }
    }

    /// A string, or a number written as a string (platforms send ids both ways).
    static func string(_ value: Any?) -> String? {
        switch value {
        case let string as String: string.isEmpty ? nil : string
        case let number as NSNumber: number.stringValue
        default: nil
        }
    }

    /// Text as sent, or nil when absent or empty; unlike `string`, a number is not text.
    static func text(_ value: Any?) -> String? {
        guard let text = value as? String, !text.isEmpty else { return nil }
        return text
    }

    /// `JSONSerialization` gives booleans as `Bool` on Apple platforms and as `NSNumber` elsewhere.
    static func bool(_ value: Any?) -> Bool {
        switch value {
        case let bool as Bool: bool
        case let number as NSNumber: number.boolValue
        default: false
        }
    }

    /// Unix seconds or milliseconds (as a number or a string) as a date. Zero, negative and non-finite
    /// values are no time at all: platforms send 0 for "unset", and a 1970 platform time would make every
    /// wait and deadline computed from it absurd.
    static func date(_ value: Any?, milliseconds: Bool = false) -> Date? {
        guard let text = self.string(value), let number = Double(text), number.isFinite, number > 0 else { return nil }
        return Date(timeIntervalSince1970: milliseconds ? number / 1000 : number)
    }

    /// An order-status push (TikTok Shop ORDER_STATUS_CHANGE, Shopee code 3, Lazada trade order): the order
    /// id and status under the platform's field names, timed by the order's own update time or else by the
    /// push's. Without an order, a status or any time it is `<kind>.incomplete`, never an event dated 1970.
    /// `status` names the push's status field; a push without one (TikTok's address update) is kept
    /// under its kind.
    static func orderEvent(
        _ data: [String: Any], id idField: String, status statusField: String?, updatedAt timeField: String, pushedAt: Any?,
        kind: String, account: ChannelAccount
    ) -> InboundEvent {
        guard let order = self.string(data[idField]), let status = statusField.map({ self.string(data[$0]) }) ?? kind,
            let at = self.date(data[timeField]) ?? self.date(pushedAt)
        else { return .unrecognized(kind: "\(kind).incomplete") }
        return .order(OrderEvent(channelAccountID: account.id, orderID: order, status: status, at: at))
    }
}
