import Foundation
import ShopDeskCore

/// Lazada Push Mechanism (platforms.md §3.3): `Authorization` = hex HMAC-SHA256(app_secret, app_key + body);
/// envelope `{seller_id, message_type, data, timestamp, site}`.
struct LazadaWebhook: WebhookDecoder {
    func verify(_ request: WebhookRequest, credentials: ChannelCredentials) -> Bool {
        guard let appKey = credentials["app_key"], let secret = credentials["app_secret"] else { return false }
        let expected = PlatformSignature.lazadaPush(appKey: appKey, appSecret: secret, body: request.body)
        return PlatformSignature.matches(request.header("authorization"), expected: expected)
    }

    func decode(_ body: [UInt8], account: ChannelAccount) throws(WebhookDecodingError) -> [InboundEvent] {
        let push = try JSONValue.object(body)
        guard let type = JSONValue.string(push["message_type"]).flatMap(Int.init) else {
            throw WebhookDecodingError("a Lazada push needs a numeric `message_type`")
        }
        let data = push["data"] as? [String: Any] ?? [:]
        switch type {
        case 0:  // trade order
            guard let order = JSONValue.string(data["trade_order_id"]), let status = JSONValue.string(data["order_status"]) else {
                return [.unrecognized(kind: "lazada.0.incomplete")]
            }
            let at = JSONValue.date(data["status_update_time"]) ?? JSONValue.date(push["timestamp"]) ?? Date(timeIntervalSince1970: 0)
            return [.order(OrderEvent(channelAccountID: account.id, orderID: order, status: status, at: at))]
        case 19:  // IM session update: a nudge; the messages come from the IM API (§3.3, articleId=121554)
            guard let session = JSONValue.string(data["session_id"]) else { return [.unrecognized(kind: "lazada.19.incomplete")] }
            return [.fetchConversation(FetchRequest(channelAccountID: account.id, conversationExternalID: session))]
        default:
            return [.unrecognized(kind: "lazada.\(type)")]
        }
    }
}
