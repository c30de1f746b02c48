import Foundation
import ShopDeskCore

/// A platform push as it arrived: header names lower-cased, the exact body bytes, and the URL the
/// platform called (Shopee signs it).
public struct WebhookRequest: Sendable {
    public var headers: [String: String]
    public var body: [UInt8]
    public var url: String

    public init(headers: [String: String], body: [UInt8], url: String) {
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.body = body
        self.url = url
    }

    public func header(_ name: String) -> String? {
        self.headers[name.lowercased()]
    }
}

/// Why a push could not be read. Always the sender's fault: answered 4xx, never 5xx.
public struct WebhookDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { self.message }
}

/// One platform's webhook: proves a push genuine, then turns it into domain events.
public protocol WebhookDecoder: Sendable {
    /// Checks the push's signature over its raw bytes with the account's credentials (constant time).
    func verify(_ request: WebhookRequest, credentials: ChannelCredentials) -> Bool

    /// Reads a verified push. Unknown event types become `.unrecognized`, not errors; only a body that
    /// is not the platform's format at all throws.
    func decode(_ body: [UInt8], account: ChannelAccount) throws(WebhookDecodingError) -> [InboundEvent]
}

/// The decoder for each platform (nil for `custom`, which posts to the API instead).
public enum Webhooks {
    public static func decoder(for platform: Platform) -> (any WebhookDecoder)? {
        switch platform {
        case .tiktokShop: TikTokShopWebhook()
        case .shopee: ShopeeWebhook()
        case .lazada: LazadaWebhook()
        case .facebook, .instagram, .whatsapp: MetaWebhook(platform: platform)
        case .line: LineWebhook()
        case .custom: nil
        }
    }
}

/// Reading JSON pushes without tying the decoders to one Codable shape per platform version: pushes add
/// fields without notice, and a missing optional field must not lose the rest.
enum JSONValue {
    static func object(_ body: [UInt8]) throws(WebhookDecodingError) -> [String: Any] {
        guard let parsed = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]),
            let object = parsed as? [String: Any]
        else {
            throw WebhookDecodingError("the body is not a JSON object")
        }
        return object
    }

    /// A string, or a number written as a string (platforms send ids both ways).
    static func string(_ value: Any?) -> String? {
        switch value {
        case let string as String: string.isEmpty ? nil : string
        case let number as NSNumber: number.stringValue
        default: nil
        }
    }

    /// Unix seconds or milliseconds (as a number or a string) as a date.
    static func date(_ value: Any?, milliseconds: Bool = false) -> Date? {
        guard let text = self.string(value), let number = Double(text) else { return nil }
        return Date(timeIntervalSince1970: milliseconds ? number / 1000 : number)
    }
}
