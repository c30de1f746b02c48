import Foundation
import ShopDeskCore

/// One platform's send API: builds the signed request for a reply and reads the platform's answer.
public protocol PlatformSender: Sendable {
    func sendRequest(_ reply: OutboundReply, credentials: ChannelCredentials, now: Date) throws(PlatformAPIError) -> PlatformRequest
    func sendResult(_ response: PlatformResponse) -> SendResult
    /// True when the platform de-duplicates a repeated send by its idempotency key (LINE's
    /// `X-Line-Retry-Key`), so a reply whose first attempt is in doubt may simply be sent again.
    var resendIsIdempotent: Bool { get }
}

/// One platform's read API for chats (the marketplaces): recent conversations and their messages,
/// newest first, a page at a time. Polling and the nudge pushes (TikTok Shop NEW_MESSAGE, Lazada
/// session updates) read through it, and so does the check whether a reply in doubt was sent.
public protocol ConversationReader: Sendable {
    func conversationsRequest(page: String?, credentials: ChannelCredentials, now: Date) throws(PlatformAPIError) -> PlatformRequest
    func conversationsPage(_ response: PlatformResponse) throws(PlatformAPIError) -> ConversationPage
    func messagesRequest(
        conversation: String, page: String?, credentials: ChannelCredentials, now: Date
    ) throws(PlatformAPIError) -> PlatformRequest
    /// - Parameter buyer: the conversation's buyer when ShopDesk knows it already; a page holding only the
    ///   shop's messages names no buyer itself.
    func messagesPage(
        _ response: PlatformResponse, conversation: String, buyer: BuyerProfile?, credentials: ChannelCredentials,
        account: ChannelAccount
    ) throws(PlatformAPIError) -> MessagePage
}

/// A page of conversations, most recently active first.
public struct ConversationPage: Sendable, Hashable {
    public struct Item: Sendable, Hashable {
        public var externalID: String
        public var lastActivityAt: Date?
        public var buyer: BuyerProfile?

        public init(externalID: String, lastActivityAt: Date?, buyer: BuyerProfile?) {
            self.externalID = externalID
            self.lastActivityAt = lastActivityAt
            self.buyer = buyer
        }
    }

    public var items: [Item]
    public var next: String?

    public init(items: [Item], next: String?) {
        self.items = items
        self.next = next
    }
}

/// A page of one conversation's messages, newest first.
public struct MessagePage: Sendable, Hashable {
    public var messages: [IncomingMessage]
    public var next: String?

    public init(messages: [IncomingMessage], next: String?) {
        self.messages = messages
        self.next = next
    }
}

/// The send and read APIs of each platform.
public enum PlatformAPIs {
    public static func sender(for account: ChannelAccount) -> (any PlatformSender)? {
        switch account.platform {
        case .tiktokShop: TikTokShopAPI()
        case .shopee: ShopeeAPI()
        case .lazada: LazadaAPI(market: account.market)
        case .facebook, .instagram: MetaSendAPI(platform: account.platform)
        case .whatsapp: WhatsAppSendAPI()
        case .line: LineSendAPI()
        case .custom: CustomChannelSender()
        }
    }

    /// The platforms whose chats can be read back (and so polled and reconciled).
    public static func reader(for account: ChannelAccount) -> (any ConversationReader)? {
        switch account.platform {
        case .tiktokShop: TikTokShopAPI()
        case .shopee: ShopeeAPI()
        case .lazada: LazadaAPI(market: account.market)
        case .facebook, .instagram, .whatsapp, .line, .custom: nil
        }
    }
}

extension ChannelCredentials {
    /// A credential the platform's API cannot do without.
    func require(_ name: String, for platform: Platform) throws(PlatformAPIError) -> String {
        guard let value = self[name], !value.isEmpty else {
            throw PlatformAPIError("the \(platform.rawValue) channel account has no \(name)")
        }
        return value
    }

    /// `api_base_url` when set (the simulator, a regional host), else the platform's production host.
    func baseURL(default production: String) -> String {
        guard let base = self["api_base_url"], !base.isEmpty else { return production }
        return base
    }
}

/// Reading platform answers shared by the senders.
enum PlatformAnswer {
    /// The answer as a JSON object, or nil.
    static func object(_ response: PlatformResponse) -> [String: Any]? {
        try? JSONValue.parse(response.body)
    }

    /// The classification every platform shares: throttling and server faults are retried; other
    /// non-2xx answers are refusals, described by `describe` from the platform's error body.
    static func transportLevel(_ response: PlatformResponse, describe: ([String: Any]) -> String?) -> SendResult? {
        switch response.status {
        case 200..<300:
            return nil
        case 408, 425, 429, 500..<600:
            return .retry(
                reason: "HTTP \(response.status)" + (self.object(response).flatMap(describe).map { ": \($0)" } ?? ""), after: response.retryAfter)
        default:
            let detail = self.object(response).flatMap(describe) ?? String(decoding: response.body.prefix(300), as: UTF8.self)
            return .rejected(reason: "HTTP \(response.status): \(detail)")
        }
    }

    /// Deterministic JSON bytes (sorted keys, unescaped slashes): what is signed is what is sent.
    static func json(_ object: [String: Any]) -> [UInt8] {
        (try? Array(JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))) ?? []
    }
}
