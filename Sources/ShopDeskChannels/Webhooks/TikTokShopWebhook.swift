import Foundation
import ShopDeskCore

/// TikTok Shop pushes (platforms.md §1.5): `Authorization` = hex HMAC-SHA256(app_secret, app_key + body);
/// body `{type, tts_notification_id, shop_id, timestamp, data}`.
struct TikTokShopWebhook: AppKeySignedWebhook {
    static func signature(appKey: String, appSecret: String, body: [UInt8]) -> String {
        PlatformSignature.tiktokShopWebhook(appKey: appKey, appSecret: appSecret, body: body)
    }

    func decode(_ body: [UInt8], account: ChannelAccount) throws(WebhookDecodingError) -> [InboundEvent] {
        let push = try JSONValue.parse(body)
        guard let type = JSONValue.string(push["type"]).flatMap(Int.init) else {
            throw WebhookDecodingError("a TikTok Shop push needs a numeric `type`")
        }
        let data = JSONValue.object(push["data"]) ?? [:]
        switch type {
        case 1:  // ORDER_STATUS_CHANGE
            return [
                JSONValue.orderEvent(
                    data, id: "order_id", status: "order_status", updatedAt: "update_time", pushedAt: push["timestamp"],
                    kind: "tiktok-shop.1", account: account
                )
            ]
        case 3, 11, 12:
            // RECIPIENT_ADDRESS_UPDATE, CANCELLATION_STATUS_CHANGE, RETURN_STATUS_CHANGE (commerce-platforms.md
            // §1.2): the order changed; it is fetched like an order status change.
            let (status, time): (String?, String) =
                switch type {
                case 11: ("cancel_status", "create_time")
                case 12: ("return_status", "update_time")
                default: (nil, "update_time")
                }
            return [
                JSONValue.orderEvent(
                    data, id: "order_id", status: status, updatedAt: time, pushedAt: push["timestamp"], kind: "tiktok-shop.\(type)",
                    account: account)
            ]
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
