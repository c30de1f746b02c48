import Foundation
import ShopDeskCore

/// LINE Messaging API push (`POST /v2/bot/message/push`): a reply token lasts about a minute and only
/// once, which an agent's reply routinely outlives, so ShopDesk pushes to the user, group or room the
/// thread belongs to.
///
/// `X-Line-Retry-Key` carries the reply's own id (a UUID, as LINE requires): LINE accepts a key once
/// and answers a repeat with 409 and `x-line-accepted-request-id`, so a reply whose first attempt is
/// in doubt can be sent again without reaching the buyer twice.
struct LineSendAPI: PlatformSender {
    static let production = "https://api.line.me"
    let resendIsIdempotent = true

    func sendRequest(_ reply: OutboundReply, credentials: ChannelCredentials, now: Date) throws(PlatformAPIError) -> PlatformRequest {
        let token = try credentials.require("channel_access_token", for: .line)
        let body = PlatformAnswer.json(["to": reply.conversationExternalID, "messages": [["type": "text", "text": reply.text]]])
        return PlatformRequest(
            method: .post, baseURL: credentials.baseURL(default: Self.production), path: "/v2/bot/message/push",
            headers: [
                "authorization": "Bearer \(token)", "content-type": "application/json",
                "x-line-retry-key": reply.messageID.rawValue,
            ],
            body: body
        )
    }

    func sendResult(_ response: PlatformResponse) -> SendResult {
        if response.status == 409, response.headers["x-line-accepted-request-id"] != nil {
            // Accepted earlier under the same retry key: sent, though this answer does not name the message.
            return .sent(platformMessageID: nil)
        }
        if let failure = PlatformAnswer.transportLevel(response, describe: { JSONValue.string($0["message"]) }) { return failure }
        let answer = PlatformAnswer.object(response) ?? [:]
        return .sent(platformMessageID: JSONValue.string(JSONValue.objects(answer["sentMessages"]).first?["id"]))
    }
}
