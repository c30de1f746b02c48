import Foundation
import ShopDeskCore

/// LINE Messaging API webhooks (platforms.md §5): `X-Line-Signature` = base64 HMAC-SHA256(channel secret,
/// raw body); body `{destination, events[]}`.
struct LineWebhook: WebhookDecoder {
    func verify(_ request: WebhookRequest, credentials: ChannelCredentials) -> Bool {
        // An empty key is a key anyone can sign with.
        guard let secret = credentials["channel_secret"], !secret.isEmpty else { return false }
        let expected = PlatformSignature.line(channelSecret: secret, body: request.body)
        // Base64 is case-sensitive: `a` and `A` are different bytes.
        return PlatformSignature.matches(request.header("X-Line-Signature"), expected: expected, caseInsensitiveHex: false)
    }

    func decode(_ body: [UInt8], account: ChannelAccount) throws(WebhookDecodingError) -> [InboundEvent] {
        let push = try JSONValue.parse(body)
        // The console's "Verify" button sends `events: []`; it must be answered 200 and means nothing.
        guard let events = push["events"] as? [Any] else {
            throw WebhookDecodingError("a LINE push needs an `events` array")
        }
        return events.map { raw in
            guard let event = raw as? [String: Any] else { return .unrecognized(kind: "line.malformed") }
            let type = JSONValue.string(event["type"]) ?? "unknown"
            guard type == "message" else { return .unrecognized(kind: "line.\(type)") }
            return Self.message(event, account: account)
        }
    }

    private static func message(_ event: [String: Any], account: ChannelAccount) -> InboundEvent {
        let source = event["source"] as? [String: Any] ?? [:]
        let message = event["message"] as? [String: Any] ?? [:]
        let userID = JSONValue.string(source["userId"])
        // In a group or multi-person chat the thread is the group or room, and the buyer the member who
        // wrote; a member who has not added the account may come without a `userId`.
        guard let thread = JSONValue.string(source["groupId"]) ?? JSONValue.string(source["roomId"]) ?? userID,
            let id = JSONValue.string(message["id"]),
            let at = JSONValue.date(event["timestamp"], milliseconds: true)
        else { return .unrecognized(kind: "line.message.incomplete") }
        let content = Self.content(of: message, id: id)
        return .message(
            IncomingMessage(
                channelAccountID: account.id, conversationExternalID: thread, conversationKind: .direct,
                buyer: BuyerProfile(platformUserID: userID ?? thread), platformMessageID: id, senderKind: .buyer,
                contentType: content.type, text: content.text, attachments: content.attachments, platformAt: at
            )
        )
    }

    private static func content(of message: [String: Any], id: String) -> (type: Message.ContentType, text: String?, attachments: [Attachment]) {
        // Media sent in LINE are downloaded by message id (the content endpoint); `external` ones also
        // carry their own URL.
        func media(_ kind: Attachment.Kind) -> [Attachment] {
            let provider = message["contentProvider"] as? [String: Any]
            let url = provider?["type"] as? String == "external" ? JSONValue.string(provider?["originalContentUrl"]) : nil
            return [Attachment(kind: kind, url: url, name: JSONValue.string(message["fileName"]), referenceID: id)]
        }
        switch JSONValue.string(message["type"]) {
        case "text":
            let text = JSONValue.text(message["text"])
            return (text == nil ? .other : .text, text, [])
        case "image": return (.image, nil, media(.image))
        case "video": return (.video, nil, media(.video))
        case "audio", "file": return (.other, nil, media(.file))
        case "sticker":
            // A sticker is drawn from its package; `packageId:stickerId` is enough to show it again.
            let package = JSONValue.string(message["packageId"])
            let sticker = JSONValue.string(message["stickerId"])
            let reference = package.flatMap { package in sticker.map { package + ":" + $0 } }
            // Message stickers carry the words the buyer typed on them.
            return (.sticker, JSONValue.text(message["text"]), [Attachment(kind: .sticker, referenceID: reference)])
        case "location":
            let lines = [JSONValue.text(message["title"]), JSONValue.text(message["address"])].compactMap { $0 }
            return (.other, lines.isEmpty ? nil : lines.joined(separator: "\n"), [])
        default:
            return (.other, nil, [])
        }
    }
}
