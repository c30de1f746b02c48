import Foundation
import ShopDeskCore

/// Meta's Graph API version ShopDesk calls; a channel account's `api_base_url` replaces host and version.
enum Graph {
    static let production = "https://graph.facebook.com/v21.0"

    /// A Graph API error body `{"error":{"message","code","error_subcode","is_transient"}}` as one line.
    static func describe(_ answer: [String: Any]) -> String? {
        guard let error = JSONValue.object(answer["error"]), let message = JSONValue.string(error["message"]) else { return nil }
        return JSONValue.string(error["code"]).map { "\(message) (code \($0))" } ?? message
    }

    /// Throttling and transient faults, which Graph reports with 4xx statuses: codes 4, 17, 32 and 613
    /// (rate limits), 1 and 2 (temporary), WhatsApp 130429 (throughput) and 131056 (pair rate,
    /// platforms.md §6), or an error marked `is_transient`.
    static func isTransient(_ answer: [String: Any]) -> Bool {
        guard let error = JSONValue.object(answer["error"]) else { return false }
        if JSONValue.bool(error["is_transient"]) { return true }
        return ["1", "2", "4", "17", "32", "613", "130429", "131056", "80007"].contains(JSONValue.string(error["code"]) ?? "")
    }

    static func result(_ response: PlatformResponse, messageID: ([String: Any]) -> String?) -> SendResult {
        if (400..<500).contains(response.status), response.status != 429, let answer = PlatformAnswer.object(response),
            Self.isTransient(answer)
        {
            return .retry(reason: "HTTP \(response.status): \(Self.describe(answer) ?? "throttled")", after: response.retryAfter)
        }
        if let failure = PlatformAnswer.transportLevel(response, describe: Self.describe) { return failure }
        guard let answer = PlatformAnswer.object(response) else { return .retry(reason: "Graph API answered with no JSON", after: nil) }
        return .sent(platformMessageID: messageID(answer))
    }
}

/// Messenger and Instagram replies (platforms.md §4.4): direct messages through the Send API
/// (`POST /me/messages` with the page token, `messaging_type` RESPONSE, or MESSAGE_TAG with
/// `HUMAN_AGENT` when a person answers 24 hours to 7 days after the buyer); comments are answered in
/// public under the buyer's comment (`/{comment-id}/comments` on Facebook, `/{comment-id}/replies` on
/// Instagram). The token travels as a bearer header, so it never lands in a URL or a log line.
struct MetaSendAPI: PlatformSender {
    let platform: Platform
    let resendIsIdempotent = false

    func sendRequest(_ reply: OutboundReply, credentials: ChannelCredentials, now: Date) throws(PlatformAPIError) -> PlatformRequest {
        let token = try credentials.require("page_access_token", for: self.platform)
        let base = credentials.baseURL(default: Graph.production)
        let headers = ["authorization": "Bearer \(token)", "content-type": "application/json"]
        switch reply.conversationKind {
        case .commentThread, .livestream, .review:
            guard let comment = reply.replyToPlatformMessageID else {
                throw PlatformAPIError("there is no buyer comment to answer in this thread")
            }
            let edge = self.platform == .instagram ? "replies" : "comments"
            return PlatformRequest(
                method: .post, baseURL: base, path: "/\(PlatformRequest.percentEncoded(comment))/\(edge)", headers: headers,
                body: PlatformAnswer.json(["message": reply.text])
            )
        case .direct:
            var body: [String: Any] = ["recipient": ["id": reply.buyerPlatformUserID], "message": ["text": reply.text]]
            if reply.humanAgentTag {
                body["messaging_type"] = "MESSAGE_TAG"
                body["tag"] = "HUMAN_AGENT"
            } else {
                body["messaging_type"] = "RESPONSE"
            }
            return PlatformRequest(method: .post, baseURL: base, path: "/me/messages", headers: headers, body: PlatformAnswer.json(body))
        }
    }

    func sendResult(_ response: PlatformResponse) -> SendResult {
        Graph.result(response) { JSONValue.string($0["message_id"]) ?? JSONValue.string($0["id"]) }
    }
}

/// WhatsApp Cloud API messages: `POST /{phone-number-id}/messages` with
/// `{"messaging_product":"whatsapp","to":wa_id,"type":"text","text":{"body":…}}`; the answer names the
/// message as `messages[0].id` (a `wamid`). Free-form text only inside the 24-hour window (§4.4), which
/// the delivery service checks before calling this. An approved template goes as
/// `{"type":"template","template":{"name":…,"language":{"code":…},"components":[{"type":"body",
/// "parameters":[{"type":"text","text":…}]}]}}` (developers.facebook.com/docs/whatsapp/cloud-api/guides/send-message-templates).
struct WhatsAppSendAPI: PlatformSender {
    let resendIsIdempotent = false

    func sendRequest(_ reply: OutboundReply, credentials: ChannelCredentials, now: Date) throws(PlatformAPIError) -> PlatformRequest {
        let token = try credentials.require("access_token", for: .whatsapp)
        let phone = try credentials.require("phone_number_id", for: .whatsapp)
        var message: [String: Any] = ["messaging_product": "whatsapp", "recipient_type": "individual", "to": reply.buyerPlatformUserID]
        if let template = reply.template {
            var fields: [String: Any] = ["name": template.name, "language": ["code": template.language]]
            if !template.parameters.isEmpty {
                fields["components"] = [["type": "body", "parameters": template.parameters.map { ["type": "text", "text": $0] }]]
            }
            message["type"] = "template"
            message["template"] = fields
        } else {
            message["type"] = "text"
            message["text"] = ["preview_url": false, "body": reply.text]
        }
        let body = PlatformAnswer.json(message)
        return PlatformRequest(
            method: .post, baseURL: credentials.baseURL(default: Graph.production), path: "/\(PlatformRequest.percentEncoded(phone))/messages",
            headers: ["authorization": "Bearer \(token)", "content-type": "application/json"], body: body
        )
    }

    func sendResult(_ response: PlatformResponse) -> SendResult {
        Graph.result(response) { JSONValue.string(JSONValue.objects($0["messages"]).first?["id"]) }
    }
}
