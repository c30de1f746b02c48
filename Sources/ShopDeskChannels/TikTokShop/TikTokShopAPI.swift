import Foundation
import ShopDeskCore

/// TikTok Shop's customer-service API, version 202309 (platforms.md §1.6), signed per §1.4: `app_key`,
/// `timestamp` (and `shop_cipher` when the shop has one) in the query with `sign`; the access token in
/// the `x-tts-access-token` header, never in the signed string.
struct TikTokShopAPI: PlatformSender, ConversationReader {
    static let production = "https://open-api.tiktokglobalshop.com"
    static let pageSize = 20
    let resendIsIdempotent = false

    func signed(
        _ method: PlatformRequest.Method, path: String, query extra: [(key: String, value: String)] = [], body: [UInt8] = [],
        credentials: ChannelCredentials, now: Date
    ) throws(PlatformAPIError) -> PlatformRequest {
        let appKey = try credentials.require("app_key", for: .tiktokShop)
        let secret = try credentials.require("app_secret", for: .tiktokShop)
        let token = try credentials.require("access_token", for: .tiktokShop)
        var query: [(key: String, value: String)] = [("app_key", appKey), ("timestamp", String(Int(now.timeIntervalSince1970)))]
        if let cipher = credentials["shop_cipher"], !cipher.isEmpty { query.append(("shop_cipher", cipher)) }
        query += extra
        query.append(("sign", PlatformSignature.tiktokShopAPI(path: path, query: query, body: body, appSecret: secret)))
        var headers = ["x-tts-access-token": token]
        if method == .post { headers["content-type"] = "application/json" }
        return PlatformRequest(
            method: method, baseURL: credentials.baseURL(default: Self.production), path: path, query: query, headers: headers, body: body
        )
    }

    static func messagesPath(_ conversation: String) -> String {
        "/customer_service/202309/conversations/\(PlatformRequest.percentEncoded(conversation))/messages"
    }

    // MARK: Sending

    func sendRequest(_ reply: OutboundReply, credentials: ChannelCredentials, now: Date) throws(PlatformAPIError) -> PlatformRequest {
        // `content` is itself a JSON string (§1.6).
        let content = String(decoding: PlatformAnswer.json(["content": reply.text]), as: UTF8.self)
        let body = PlatformAnswer.json(["type": "TEXT", "content": content])
        return try self.signed(.post, path: Self.messagesPath(reply.conversationExternalID), body: body, credentials: credentials, now: now)
    }

    func sendResult(_ response: PlatformResponse) -> SendResult {
        if let failure = PlatformAnswer.transportLevel(response, describe: Self.describe) { return failure }
        guard let answer = PlatformAnswer.object(response) else { return .retry(reason: "TikTok Shop answered with no JSON", after: nil) }
        let code = JSONValue.string(answer["code"]) ?? "0"
        guard code == "0" else {
            // 36009002 is the business code for throttling (§1.7, third-party); anything else is a refusal.
            if code == "36009002" { return .retry(reason: Self.describe(answer) ?? "throttled", after: nil) }
            return .rejected(reason: Self.describe(answer) ?? "code \(code)")
        }
        return .sent(platformMessageID: JSONValue.string(JSONValue.object(answer["data"])?["message_id"]))
    }

    static func describe(_ answer: [String: Any]) -> String? {
        guard let message = JSONValue.string(answer["message"]) else { return nil }
        return JSONValue.string(answer["code"]).map { "\(message) (code \($0))" } ?? message
    }

    // MARK: Reading

    func conversationsRequest(page: String?, credentials: ChannelCredentials, now: Date) throws(PlatformAPIError) -> PlatformRequest {
        var query: [(key: String, value: String)] = [("page_size", String(Self.pageSize))]
        if let page { query.append(("page_token", page)) }
        return try self.signed(.get, path: "/customer_service/202309/conversations", query: query, credentials: credentials, now: now)
    }

    func conversationsPage(_ response: PlatformResponse) throws(PlatformAPIError) -> ConversationPage {
        let data = try Self.data(response)
        let items = JSONValue.objects(data["conversations"]).compactMap { conversation -> ConversationPage.Item? in
            guard let id = JSONValue.string(conversation["id"]) else { return nil }
            let buyer = JSONValue.objects(conversation["participants"]).first { JSONValue.string($0["role"]) == "BUYER" }
            return ConversationPage.Item(
                externalID: id,
                lastActivityAt: JSONValue.date(JSONValue.object(conversation["latest_message"])?["create_time"]),
                buyer: buyer.flatMap { participant in
                    JSONValue.string(participant["im_user_id"]).map {
                        BuyerProfile(platformUserID: $0, displayName: JSONValue.text(participant["nickname"]))
                    }
                }
            )
        }
        return ConversationPage(items: items, next: JSONValue.string(data["next_page_token"]))
    }

    func messagesRequest(
        conversation: String, page: String?, credentials: ChannelCredentials, now: Date
    ) throws(PlatformAPIError) -> PlatformRequest {
        var query: [(key: String, value: String)] = [
            ("page_size", String(Self.pageSize)), ("sort_field", "create_time"), ("sort_order", "DESC"),
        ]
        if let page { query.append(("page_token", page)) }
        return try self.signed(.get, path: Self.messagesPath(conversation), query: query, credentials: credentials, now: now)
    }

    func messagesPage(
        _ response: PlatformResponse, conversation: String, buyer known: BuyerProfile?, credentials: ChannelCredentials,
        account: ChannelAccount
    ) throws(PlatformAPIError) -> MessagePage {
        let data = try Self.data(response)
        let objects = JSONValue.objects(data["messages"])
        let buyer =
            known
            ?? objects.lazy.compactMap { object -> BuyerProfile? in
                let sender = JSONValue.object(object["sender"]) ?? [:]
                guard JSONValue.string(sender["role"]) == "BUYER", let id = JSONValue.string(sender["im_user_id"]) else { return nil }
                return BuyerProfile(platformUserID: id, displayName: JSONValue.text(sender["nickname"]))
            }.first
        let messages = objects.compactMap { Self.message($0, conversation: conversation, buyer: buyer, account: account) }
        return MessagePage(messages: messages, next: JSONValue.string(data["next_page_token"]))
    }

    /// One message of the customer-service API. Notices (NOTIFICATION, ALLOCATED_SERVICE, BUYER_ENTER_*)
    /// and SYSTEM senders are not messages anyone answers (§1.6's metric hint), so they are left out.
    static func message(_ object: [String: Any], conversation: String, buyer: BuyerProfile?, account: ChannelAccount) -> IncomingMessage? {
        let sender = JSONValue.object(object["sender"]) ?? [:]
        guard let id = JSONValue.string(object["id"]), let at = JSONValue.date(object["create_time"]),
            let type = JSONValue.string(object["type"]), let buyer
        else { return nil }
        let senderKind: Message.SenderKind
        switch JSONValue.string(sender["role"]) {
        case "BUYER": senderKind = .buyer
        case "SHOP", "CUSTOMER_SERVICE": senderKind = .agent
        case "ROBOT": senderKind = .chatbot
        default: return nil
        }
        let content = (JSONValue.text(object["content"]).flatMap { try? JSONValue.parse(Array($0.utf8)) }) ?? [:]
        let contentType: Message.ContentType
        switch type {
        case "TEXT": contentType = .text
        case "IMAGE": contentType = .image
        case "EMOTICONS": contentType = .sticker
        case "VIDEO": contentType = .video
        case "PRODUCT_CARD": contentType = .productCard
        case "ORDER_CARD": contentType = .orderCard
        case "NOTIFICATION", "ALLOCATED_SERVICE", "BUYER_ENTER_FROM_TRANSFER", "BUYER_ENTER_FROM_PRODUCT", "BUYER_ENTER_FROM_ORDER":
            return nil
        default: contentType = .other
        }
        let text = contentType == .text ? JSONValue.text(content["content"]) : nil
        let attachments = Attachment.forMessage(
            contentType, url: JSONValue.string(content["url"]),
            reference: JSONValue.string(content["product_id"]) ?? JSONValue.string(content["order_id"])
        )
        return IncomingMessage(
            channelAccountID: account.id, conversationExternalID: conversation, conversationKind: .direct, buyer: buyer,
            platformMessageID: id, senderKind: senderKind, contentType: contentType, text: text, attachments: attachments, platformAt: at
        )
    }

    /// `data` of a successful answer; anything else is an error naming the platform's reason.
    static func data(_ response: PlatformResponse) throws(PlatformAPIError) -> [String: Any] {
        guard (200..<300).contains(response.status), let answer = PlatformAnswer.object(response) else {
            throw PlatformAPIError("TikTok Shop answered HTTP \(response.status)")
        }
        guard (JSONValue.string(answer["code"]) ?? "0") == "0" else {
            throw PlatformAPIError("TikTok Shop refused: \(Self.describe(answer) ?? "unknown error")")
        }
        return JSONValue.object(answer["data"]) ?? [:]
    }
}
