import Foundation
import ShopDeskCore

/// A platform push as it arrived: header names lower-cased and the exact body bytes.
///
/// No URL: the one platform that signs a URL (Shopee) signs the callback URL registered with it, which
/// behind a proxy differs from the one this server sees, so its decoder uses the configured `callback_url`.
public struct WebhookRequest: Sendable {
    public var headers: [String: String]
    public var body: [UInt8]

    public init(headers: [String: String], body: [UInt8]) {
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.body = body
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
