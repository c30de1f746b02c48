import Foundation
import ShopDeskCore

/// Lazada Push Mechanism (platforms.md §3.3): `Authorization` = hex HMAC-SHA256(app_secret, app_key + body);
/// envelope `{seller_id, message_type, data, timestamp, site}`.
struct LazadaWebhook: AppKeySignedWebhook {
    static func signature(appKey: String, appSecret: String, body: [UInt8]) -> String {
        PlatformSignature.lazadaPush(appKey: appKey, appSecret: appSecret, body: body)
    }

    func decode(_ body: [UInt8], account: ChannelAccount) throws(WebhookDecodingError) -> [InboundEvent] {
        let push = try JSONValue.parse(body)
        guard let type = JSONValue.string(push["message_type"]).flatMap(Int.init) else {
            throw WebhookDecodingError("a Lazada push needs a numeric `message_type`")
        }
        let data = JSONValue.object(push["data"]) ?? [:]
        switch type {
        case 0:  // trade order
            return [
                JSONValue.orderEvent(
                    data, id: "trade_order_id", status: "order_status", updatedAt: "status_update_time", pushedAt: push["timestamp"],
                    kind: "lazada.0", account: account
                )
            ]
        case 10:  // reverse order (§3.2): a cancellation, return or refund of the trade order; the order is fetched
            return [
                JSONValue.orderEvent(
                    data, id: "trade_order_id", status: "reverse_status", updatedAt: "status_update_time", pushedAt: push["timestamp"],
                    kind: "lazada.10", account: account)
            ]
        case 19:  // IM session update: a nudge; the messages come from the IM API (§3.3, articleId=121554)
            guard let session = JSONValue.string(data["session_id"]) else { return [.unrecognized(kind: "lazada.19.incomplete")] }
            return [.fetchConversation(FetchRequest(channelAccountID: account.id, conversationExternalID: session))]
        default:
            return [.unrecognized(kind: "lazada.\(type)")]
        }
    }
}
