import Foundation
import ShopDeskCore

/// Shopee Open Platform v2 seller chat (`v2.sellerchat.*`), signed as a Shop API call (platforms.md §2.3):
/// `partner_id`, `timestamp`, `access_token`, `shop_id` and `sign` in the query; the body is not signed.
///
/// platforms.md does not describe the chat calls' fields. Their names here (`to_id`, `message_type`,
/// `content.text`, `response.message_id`; `page_result.more`, `next_offset`,
/// `next_cursor.next_message_time_nano`) follow open.shopee.com's v2.sellerchat reference as the
/// public SDKs use it; they are not verified against the live API, so anything missing is read as
/// "no more pages" rather than guessed.
struct ShopeeAPI: PlatformSender, ConversationReader {
    static let production = "https://partner.shopeemobile.com"
    static let pageSize = 25
    let resendIsIdempotent = false

    func signed(
        _ method: PlatformRequest.Method, path: String, query extra: [(key: String, value: String)] = [], body: [UInt8] = [],
        credentials: ChannelCredentials, now: Date
    ) throws(PlatformAPIError) -> PlatformRequest {
        let partnerID = try credentials.require("partner_id", for: .shopee)
        let key = try credentials.require("partner_key", for: .shopee)
        let token = try credentials.require("access_token", for: .shopee)
        let shopID = try credentials.require("shop_id", for: .shopee)
        let timestamp = Int(now.timeIntervalSince1970)
        let sign = PlatformSignature.shopeeAPI(
            partnerID: partnerID, path: path, timestamp: timestamp, accessToken: token, shopID: shopID, partnerKey: key
        )
        let query: [(key: String, value: String)] =
            [
                ("partner_id", partnerID), ("timestamp", String(timestamp)), ("access_token", token), ("shop_id", shopID), ("sign", sign),
            ] + extra
        return PlatformRequest(
            method: method, baseURL: credentials.baseURL(default: Self.production), path: path, query: query,
            headers: method == .post ? ["content-type": "application/json"] : [:], body: body
        )
    }

    // MARK: Sending

    func sendRequest(_ reply: OutboundReply, credentials: ChannelCredentials, now: Date) throws(PlatformAPIError) -> PlatformRequest {
        // `to_id` is the buyer's numeric user id.
        let recipient: Any = Int64(reply.buyerPlatformUserID).map { $0 as Any } ?? reply.buyerPlatformUserID
        let body = PlatformAnswer.json(["to_id": recipient, "message_type": "text", "content": ["text": reply.text]])
        return try self.signed(.post, path: "/api/v2/sellerchat/send_message", body: body, credentials: credentials, now: now)
    }

    func sendResult(_ response: PlatformResponse) -> SendResult {
        if let failure = PlatformAnswer.transportLevel(response, describe: Self.describe) { return failure }
        guard let answer = PlatformAnswer.object(response) else { return .retry(reason: "Shopee answered with no JSON", after: nil) }
        if let error = JSONValue.string(answer["error"]) {
            let reason = Self.describe(answer) ?? error
            // Shopee names faults on its side and throttling in `error`; those pass, the rest do not.
            let transient = ["error_server", "error_busy", "error_inner", "too_many", "limit"].contains { error.lowercased().contains($0) }
            return transient ? .retry(reason: reason, after: nil) : .rejected(reason: reason)
        }
        return .sent(platformMessageID: JSONValue.string(JSONValue.object(answer["response"])?["message_id"]))
    }

    static func describe(_ answer: [String: Any]) -> String? {
        guard let error = JSONValue.string(answer["error"]) else { return JSONValue.string(answer["message"]) }
        return JSONValue.string(answer["message"]).map { "\(error): \($0)" } ?? error
    }

    // MARK: Reading

    func conversationsRequest(page: String?, credentials: ChannelCredentials, now: Date) throws(PlatformAPIError) -> PlatformRequest {
        var query: [(key: String, value: String)] = [("direction", "older"), ("type", "all"), ("page_size", String(Self.pageSize))]
        if let page { query.append(("next_timestamp_nano", page)) }
        return try self.signed(.get, path: "/api/v2/sellerchat/get_conversation_list", query: query, credentials: credentials, now: now)
    }

    func conversationsPage(_ response: PlatformResponse) throws(PlatformAPIError) -> ConversationPage {
        let answer = try Self.response(response)
        let items = JSONValue.objects(answer["conversations"]).compactMap { conversation -> ConversationPage.Item? in
            guard let id = JSONValue.string(conversation["conversation_id"]) else { return nil }
            let nanos = JSONValue.string(conversation["last_message_timestamp"]).flatMap(Double.init)
            return ConversationPage.Item(
                externalID: id, lastActivityAt: nanos.map { Date(timeIntervalSince1970: $0 / 1e9) },
                buyer: JSONValue.string(conversation["to_id"]).map {
                    BuyerProfile(platformUserID: $0, displayName: JSONValue.text(conversation["to_name"]))
                }
            )
        }
        let page = JSONValue.object(answer["page_result"]) ?? [:]
        let next = JSONValue.bool(page["more"]) ? JSONValue.string(JSONValue.object(page["next_cursor"])?["next_message_time_nano"]) : nil
        return ConversationPage(items: items, next: next)
    }

    func messagesRequest(
        conversation: String, page: String?, credentials: ChannelCredentials, now: Date
    ) throws(PlatformAPIError) -> PlatformRequest {
        var query: [(key: String, value: String)] = [("conversation_id", conversation), ("page_size", String(Self.pageSize))]
        if let page { query.append(("offset", page)) }
        return try self.signed(.get, path: "/api/v2/sellerchat/get_message", query: query, credentials: credentials, now: now)
    }

    func messagesPage(
        _ response: PlatformResponse, conversation: String, buyer: BuyerProfile?, credentials: ChannelCredentials, account: ChannelAccount
    ) throws(PlatformAPIError) -> MessagePage {
        let answer = try Self.response(response)
        let messages = JSONValue.objects(answer["messages"]).compactMap {
            ShopeeWebhook.message($0, shopID: credentials["shop_id"], pushedAt: nil, account: account)
        }
        let page = JSONValue.object(answer["page_result"]) ?? [:]
        return MessagePage(messages: messages, next: JSONValue.bool(page["more"]) ? JSONValue.string(page["next_offset"]) : nil)
    }

    /// `response` of a successful answer; anything else is an error naming Shopee's reason.
    static func response(_ response: PlatformResponse) throws(PlatformAPIError) -> [String: Any] {
        guard (200..<300).contains(response.status), let answer = PlatformAnswer.object(response) else {
            throw PlatformAPIError("Shopee answered HTTP \(response.status)")
        }
        if JSONValue.string(answer["error"]) != nil {
            throw PlatformAPIError("Shopee refused: \(Self.describe(answer) ?? "unknown error")")
        }
        return JSONValue.object(answer["response"]) ?? [:]
    }
}
