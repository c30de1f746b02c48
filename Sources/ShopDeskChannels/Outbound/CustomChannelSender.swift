import Foundation
import ShopDeskCore

/// Replies on a custom channel go to the seller's own endpoint, `api_base_url`, signed the way the
/// channel signs what it posts to ShopDesk: `X-ShopDesk-Signature: sha256=<hex HMAC-SHA256(signing_secret,
/// body)>`. The body is `{"id","conversation_id","buyer_id","text"}`; `id` (also in `X-ShopDesk-Delivery`)
/// is the same on every attempt, and receivers de-duplicate by it, so a resend is harmless. A 2xx answer
/// may name the message as `{"message_id": …}`.
struct CustomChannelSender: PlatformSender {
    let resendIsIdempotent = true

    func sendRequest(_ reply: OutboundReply, credentials: ChannelCredentials, now: Date) throws(PlatformAPIError) -> PlatformRequest {
        let secret = try credentials.require("signing_secret", for: .custom)
        guard let endpoint = credentials["api_base_url"], !endpoint.isEmpty else {
            throw PlatformAPIError("the custom channel has no api_base_url to deliver replies to")
        }
        let body = PlatformAnswer.json([
            "id": reply.messageID.rawValue, "conversation_id": reply.conversationExternalID, "buyer_id": reply.buyerPlatformUserID,
            "text": reply.text,
        ])
        return PlatformRequest(
            method: .post, baseURL: endpoint, path: "",
            headers: [
                "content-type": "application/json", "x-shopdesk-delivery": reply.messageID.rawValue,
                "x-shopdesk-signature": PlatformSignature.custom(signingSecret: secret, body: body),
            ],
            body: body
        )
    }

    func sendResult(_ response: PlatformResponse) -> SendResult {
        if let failure = PlatformAnswer.transportLevel(response, describe: { JSONValue.string($0["error"]) }) { return failure }
        return .sent(platformMessageID: PlatformAnswer.object(response).flatMap { JSONValue.string($0["message_id"]) })
    }
}
