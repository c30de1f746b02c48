import Foundation
import ShopDeskCore

/// TikTok Shop pushes (platforms.md §1.5): `Authorization` = hex HMAC-SHA256(app_secret, app_key + body);
/// body `{type, tts_notification_id, shop_id, timestamp, data}`.
struct TikTokShopWebhook: WebhookDecoder {
    func verify(_ request: WebhookRequest, credentials: ChannelCredentials) -> Bool {
        guard let appKey = credentials["app_key"], let secret = credentials["app_secret"] else { return false }
        let expected = PlatformSignature.tiktokShopWebhook(appKey: appKey, appSecret: secret, body: request.body)
        return PlatformSignature.matches(request.header("authorization"), expected: expected)
    }

    func decode(_ body: [UInt8], account: ChannelAccount) throws(WebhookDecodingError) -> [InboundEvent] {
        let push = try JSONValue.object(body)
        guard let type = JSONValue.string(push["type"]).flatMap(Int.init) else {
            throw WebhookDecodingError("a TikTok Shop push needs a numeric `type`")
        }
        let data = push["data"] as? [String: Any] ?? [:]
        let pushedAt = JSONValue.date(push["timestamp"])
        switch type {
        case 1:  // ORDER_STATUS_CHANGE
            guard let order = JSONValue.string(data["order_id"]), let status = JSONValue.string(data["order_status"]) else {
                return [.unrecognized(kind: "tiktok-shop.1.incomplete")]
            }
            let at = JSONValue.date(data["update_time"]) ?? pushedAt ?? Date(timeIntervalSince1970: 0)
            return [.order(OrderEvent(channelAccountID: account.id, orderID: order, status: status, at: at))]
        case 13, 14, 33:  // NEW_CONVERSATION, NEW_MESSAGE, NEW_MESSAGE_LISTENER: nudges only
            // The `data` shape of these topics is not documented (platforms.md §9); `conversation_id` is
            // the customer-service API's own name for it. Without it, reconciliation polling finds the
            // messages, so the push is kept but needs no fetch.
            guard let conversation = JSONValue.string(data["conversation_id"]) else {
                return [.unrecognized(kind: "tiktok-shop.\(type).without-conversation-id")]
            }
            return [.fetchConversation(FetchRequest(channelAccountID: account.id, conversationExternalID: conversation))]
        default:
            // Topic codes appear without notice (§1.5: "tryFrom" logic).
            return [.unrecognized(kind: "tiktok-shop.\(type)")]
        }
    }
}
