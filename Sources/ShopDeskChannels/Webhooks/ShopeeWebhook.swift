import Foundation
import ShopDeskCore

/// Shopee pushes (platforms.md §2.4): `Authorization` = hex HMAC-SHA256(partner_key, callback_url + "|" +
/// body); envelope `{msg_id, data, shop_id, code, timestamp}`; code 10 webchat_push, code 3 order status.
struct ShopeeWebhook: WebhookDecoder {
    func verify(_ request: WebhookRequest, credentials: ChannelCredentials) -> Bool {
        // Shopee signs the callback URL registered with it, which behind a proxy differs from the URL this
        // server sees; the configured `callback_url` (a required credential) is the one to use. An empty
        // key is a key anyone can sign with.
        guard let key = credentials["partner_key"], !key.isEmpty, let url = credentials["callback_url"] else { return false }
        let expected = PlatformSignature.shopeePush(callbackURL: url, body: request.body, partnerKey: key)
        return PlatformSignature.matches(request.header("authorization"), expected: expected)
    }

    func decode(_ body: [UInt8], account: ChannelAccount) throws(WebhookDecodingError) -> [InboundEvent] {
        let push = try JSONValue.parse(body)
        guard let code = JSONValue.string(push["code"]).flatMap(Int.init) else {
            throw WebhookDecodingError("a Shopee push needs a numeric `code`")
        }
        let data = JSONValue.object(push["data"]) ?? [:]
        switch code {
        case 10:
            return [Self.webchat(data, shopID: JSONValue.string(push["shop_id"]), pushedAt: push["timestamp"], account: account)]
        case 3:
            return [
                JSONValue.orderEvent(
                    data, id: "ordersn", status: "status", updatedAt: "update_time", pushedAt: push["timestamp"], kind: "shopee.3",
                    account: account
                )
            ]
        default:
            return [.unrecognized(kind: "shopee.\(code)")]
        }
    }

    /// webchat_push (§2.4, open.shopee.com/push-mechanism/5), timed by the message's `created_timestamp`
    /// or else by the envelope's `timestamp`.
    static func webchat(_ data: [String: Any], shopID: String?, pushedAt: Any?, account: ChannelAccount) -> InboundEvent {
        let content = JSONValue.object(data["content"]) ?? [:]
        guard JSONValue.string(data["type"]) == "message" else {
            return .unrecognized(kind: "shopee.10.\(JSONValue.string(content["type"]) ?? JSONValue.string(data["type"]) ?? "unknown")")
        }
        guard let message = Self.message(content, shopID: shopID, pushedAt: pushedAt, account: account) else {
            return .unrecognized(kind: "shopee.10.message.incomplete")
        }
        return .message(message)
    }

    /// One chat message as both webchat_push and `v2.sellerchat.get_message` carry it: `message_id`,
    /// `conversation_id`, `from_id`, `from_shop_id`, `to_id`, `message_type`, `content`, `created_timestamp`,
    /// `status`. Nil without an id, a conversation, a sender or any time.
    static func message(_ content: [String: Any], shopID: String?, pushedAt: Any?, account: ChannelAccount) -> IncomingMessage? {
        guard let messageID = JSONValue.string(content["message_id"]), let conversation = JSONValue.string(content["conversation_id"]),
            let fromID = JSONValue.string(content["from_id"]),
            let at = JSONValue.date(content["created_timestamp"]) ?? JSONValue.date(pushedAt)
        else {
            return nil
        }
        let fromShop = JSONValue.string(content["from_shop_id"]).map { $0 != "0" && $0 == shopID } ?? false
        let status = JSONValue.string(content["status"]) ?? "normal"
        let senderKind: Message.SenderKind
        if !fromShop {
            senderKind = .buyer
        } else if status == "auto_reply" || status == "offwork_autoreply" {
            senderKind = .autoReply
        } else if JSONValue.bool(content["is_in_chatbot_session"]) || JSONValue.string(content["message_type"]) == "faq_liveagent" {
            senderKind = .chatbot
        } else {
            senderKind = .agent
        }
        let buyer =
            fromShop
            ? BuyerProfile(platformUserID: JSONValue.string(content["to_id"]) ?? conversation, displayName: JSONValue.string(content["to_user_name"]))
            : BuyerProfile(platformUserID: fromID, displayName: JSONValue.string(content["from_user_name"]))
        let body = JSONValue.object(content["content"]) ?? [:]
        var contentType = Message.ContentType.text
        var text = JSONValue.string(body["text"])
        var attachments: [Attachment] = []
        switch JSONValue.string(content["message_type"]) ?? "text" {
        case "text", "faq_liveagent":
            break
        case "image":
            contentType = .image
            attachments = [Attachment(kind: .image, url: JSONValue.string(body["url"]))]
        case "video":
            contentType = .video
            attachments = [Attachment(kind: .video, url: JSONValue.string(body["video_url"]))]
        case "item":
            contentType = .productCard
            attachments = [Attachment(kind: .product, referenceID: JSONValue.string(body["item_id"]))]
        case "bundle_message":
            let parts = JSONValue.objects(body["messages"]).compactMap { JSONValue.string(JSONValue.object($0["content"])?["text"]) }
            text = parts.isEmpty ? text : parts.joined(separator: "\n")
        default:
            contentType = .other
        }
        if let order = JSONValue.string(JSONValue.object(content["source_content"])?["order_sn"]), contentType == .text, text == nil {
            contentType = .orderCard
            attachments = [Attachment(kind: .order, referenceID: order)]
        }
        return IncomingMessage(
            channelAccountID: account.id, conversationExternalID: conversation, conversationKind: .direct, buyer: buyer,
            platformMessageID: messageID, senderKind: senderKind, contentType: contentType, text: text, attachments: attachments,
            platformAt: at
        )
    }
}
