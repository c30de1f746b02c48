import Foundation
import ShopDeskCore

/// Lazada Open Platform IM calls, signed per platforms.md §3.2: `app_key`, `timestamp` (milliseconds),
/// `sign_method=sha256`, `access_token` and the call's own parameters, sorted, after the API path;
/// UPPERCASE hex HMAC-SHA256. GETs carry every parameter in the query; POSTs in a form body (form
/// parameters are parameters, signed as `keyvalue`, not a body appended to the string).
///
/// platforms.md names the IM push (msg_type 19) but not the IM calls' fields. The names here
/// (`/im/message/send` with `session_id`, `template_id` 1 = text and `txt`; `/im/session/list` and
/// `/im/message/list` with `start_time`, `last_session_id`/`last_message_id`, `has_more`) follow the
/// public Lazada SDKs and are not verified; unknown fields read as "no more pages".
struct LazadaAPI: PlatformSender, ConversationReader {
    /// Each market's API host (the Lazada Open Platform's regional gateways).
    static func production(market: String) -> String {
        switch market.uppercased() {
        case "VN": "https://api.lazada.vn/rest"
        case "TH": "https://api.lazada.co.th/rest"
        case "MY": "https://api.lazada.com.my/rest"
        case "SG": "https://api.lazada.sg/rest"
        case "ID": "https://api.lazada.co.id/rest"
        case "PH": "https://api.lazada.com.ph/rest"
        default: "https://api.lazada.com/rest"
        }
    }

    static let pageSize = 20
    let market: String
    let resendIsIdempotent = false

    func signed(
        _ method: PlatformRequest.Method, path: String, parameters extra: [(key: String, value: String)], credentials: ChannelCredentials,
        now: Date
    ) throws(PlatformAPIError) -> PlatformRequest {
        let appKey = try credentials.require("app_key", for: .lazada)
        let secret = try credentials.require("app_secret", for: .lazada)
        let token = try credentials.require("access_token", for: .lazada)
        var parameters: [(key: String, value: String)] =
            [
                ("app_key", appKey), ("timestamp", String(Int64(now.timeIntervalSince1970 * 1000))), ("sign_method", "sha256"),
                ("access_token", token),
            ] + extra
        parameters.append(("sign", PlatformSignature.lazadaAPI(apiPath: path, parameters: parameters, appSecret: secret)))
        let base = credentials.baseURL(default: Self.production(market: self.market))
        switch method {
        case .get:
            return PlatformRequest(method: .get, baseURL: base, path: path, query: parameters)
        case .post, .patch, .put:
            return PlatformRequest(
                method: .post, baseURL: base, path: path, headers: ["content-type": "application/x-www-form-urlencoded;charset=utf-8"],
                body: Array(PlatformRequest.formEncoded(parameters).utf8)
            )
        }
    }

    // MARK: Sending

    func sendRequest(_ reply: OutboundReply, credentials: ChannelCredentials, now: Date) throws(PlatformAPIError) -> PlatformRequest {
        try self.signed(
            .post, path: "/im/message/send",
            parameters: [("session_id", reply.conversationExternalID), ("template_id", "1"), ("txt", reply.text)],
            credentials: credentials, now: now
        )
    }

    func sendResult(_ response: PlatformResponse) -> SendResult {
        if let failure = PlatformAnswer.transportLevel(response, describe: Self.describe) { return failure }
        guard let answer = PlatformAnswer.object(response) else { return .retry(reason: "Lazada answered with no JSON", after: nil) }
        let code = JSONValue.string(answer["code"]) ?? "0"
        guard code == "0" else {
            // Lazada's gateway names throttling and its own faults in `code`.
            let transient = ["ApiCallLimit", "ServiceTimeout", "SYSTEM_ERROR", "ISP"].contains { code.contains($0) }
            let reason = Self.describe(answer) ?? "code \(code)"
            return transient ? .retry(reason: reason, after: nil) : .rejected(reason: reason)
        }
        return .sent(platformMessageID: JSONValue.string(JSONValue.object(answer["data"])?["message_id"]))
    }

    static func describe(_ answer: [String: Any]) -> String? {
        guard let message = JSONValue.string(answer["message"]) else { return JSONValue.string(answer["code"]) }
        return JSONValue.string(answer["code"]).map { "\(message) (code \($0))" } ?? message
    }

    // MARK: Reading

    func conversationsRequest(page: String?, credentials: ChannelCredentials, now: Date) throws(PlatformAPIError) -> PlatformRequest {
        var parameters: [(key: String, value: String)] = [
            ("start_time", String(Int64(now.timeIntervalSince1970 * 1000))), ("page_size", String(Self.pageSize)),
        ]
        if let page { parameters.append(("last_session_id", page)) }
        return try self.signed(.get, path: "/im/session/list", parameters: parameters, credentials: credentials, now: now)
    }

    func conversationsPage(_ response: PlatformResponse) throws(PlatformAPIError) -> ConversationPage {
        let data = try Self.data(response)
        let sessions = JSONValue.objects(data["session_list"])
        let items = sessions.compactMap { session -> ConversationPage.Item? in
            guard let id = JSONValue.string(session["session_id"]) else { return nil }
            return ConversationPage.Item(
                externalID: id, lastActivityAt: JSONValue.date(session["last_message_time"], milliseconds: true),
                buyer: JSONValue.string(session["buyer_id"]).map { BuyerProfile(platformUserID: $0, displayName: JSONValue.text(session["title"])) }
            )
        }
        let next = JSONValue.bool(data["has_more"]) ? items.last?.externalID : nil
        return ConversationPage(items: items, next: next)
    }

    func messagesRequest(
        conversation: String, page: String?, credentials: ChannelCredentials, now: Date
    ) throws(PlatformAPIError) -> PlatformRequest {
        var parameters: [(key: String, value: String)] = [
            ("session_id", conversation), ("start_time", String(Int64(now.timeIntervalSince1970 * 1000))),
            ("page_size", String(Self.pageSize)),
        ]
        if let page { parameters.append(("last_message_id", page)) }
        return try self.signed(.get, path: "/im/message/list", parameters: parameters, credentials: credentials, now: now)
    }

    func messagesPage(
        _ response: PlatformResponse, conversation: String, buyer known: BuyerProfile?, credentials: ChannelCredentials,
        account: ChannelAccount
    ) throws(PlatformAPIError) -> MessagePage {
        let data = try Self.data(response)
        let objects = JSONValue.objects(data["message_list"])
        // from_account_type: 1 = buyer, 2 = seller (§3.3 names the same codes for user_account_type).
        let buyer =
            known
            ?? objects.lazy.compactMap { object -> BuyerProfile? in
                guard JSONValue.string(object["from_account_type"]) == "1", let id = JSONValue.string(object["from_account_id"]) else { return nil }
                return BuyerProfile(platformUserID: id)
            }.first
        let messages = objects.compactMap { object -> IncomingMessage? in
            guard let buyer, let id = JSONValue.string(object["message_id"]),
                let at = JSONValue.date(object["send_time"], milliseconds: true)
            else { return nil }
            let fromBuyer = JSONValue.string(object["from_account_type"]) == "1"
            let content = JSONValue.text(object["content"]).flatMap { try? JSONValue.parse(Array($0.utf8)) } ?? [:]
            let contentType: Message.ContentType =
                switch JSONValue.string(object["template_id"]) ?? "1" {
                case "1": .text
                case "3": .image
                case "4": .sticker
                case "10006": .productCard
                case "10007": .orderCard
                default: .other
                }
            let text = contentType == .text ? JSONValue.text(content["txt"]) : nil
            let attachments = Attachment.forMessage(
                contentType, url: JSONValue.string(content["imgUrl"]),
                reference: JSONValue.string(content["itemId"]) ?? JSONValue.string(content["orderId"])
            )
            return IncomingMessage(
                channelAccountID: account.id, conversationExternalID: conversation, conversationKind: .direct, buyer: buyer,
                platformMessageID: id, senderKind: fromBuyer ? .buyer : .agent, contentType: contentType, text: text,
                attachments: attachments, platformAt: at
            )
        }
        let next = JSONValue.bool(data["has_more"]) ? objects.last.flatMap { JSONValue.string($0["message_id"]) } : nil
        return MessagePage(messages: messages, next: next)
    }

    static func data(_ response: PlatformResponse) throws(PlatformAPIError) -> [String: Any] {
        guard (200..<300).contains(response.status), let answer = PlatformAnswer.object(response) else {
            throw PlatformAPIError("Lazada answered HTTP \(response.status)")
        }
        guard (JSONValue.string(answer["code"]) ?? "0") == "0" else {
            throw PlatformAPIError("Lazada refused: \(Self.describe(answer) ?? "unknown error")")
        }
        return JSONValue.object(answer["data"]) ?? [:]
    }
}
