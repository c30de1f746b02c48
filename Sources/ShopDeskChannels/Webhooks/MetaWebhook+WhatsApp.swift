import Foundation
import ShopDeskCore

/// WhatsApp Cloud (`object: "whatsapp_business_account"`, platforms.md §4.3): buyers' messages in
/// `value.messages[]`, what became of ours in `value.statuses[]`.
extension MetaWebhook {
    func whatsAppEntry(_ entry: MetaEntry, account: ChannelAccount) -> [InboundEvent] {
        var events: [InboundEvent] = []
        for change in JSONValue.objects(entry.fields["changes"]) {
            let field = JSONValue.string(change["field"]) ?? "unknown"
            guard field == "messages" else {
                events.append(.unrecognized(kind: "\(self.prefix).\(field)"))
                continue
            }
            guard let value = JSONValue.object(change["value"]) else {
                events.append(self.incomplete("messages"))
                continue
            }
            let messages = JSONValue.objects(value["messages"])
            let statuses = JSONValue.objects(value["statuses"])
            let contacts = JSONValue.objects(value["contacts"])
            events += messages.map { self.whatsAppMessage($0, contacts: contacts, account: account) }
            events += statuses.map { self.whatsAppStatus($0, account: account) }
            if messages.isEmpty, statuses.isEmpty {
                // Typically `value.errors[]`: a problem with the number or app rather than with one message.
                events.append(.unrecognized(kind: value["errors"] != nil ? "\(self.prefix).errors" : "\(self.prefix).messages.empty"))
            }
        }
        return events
    }

    // MARK: Messages

    private func whatsAppMessage(_ message: [String: Any], contacts: [[String: Any]], account: ChannelAccount) -> InboundEvent {
        let type = JSONValue.string(message["type"]) ?? "unknown"
        guard let from = JSONValue.string(message["from"]),
            let id = JSONValue.string(message["id"]),
            let at = JSONValue.date(message["timestamp"])
        else { return self.incomplete("message") }
        // Reactions, system notices (a changed number), unsupported types and orders are not modelled yet.
        guard let content = Self.content(of: message, type: type) else {
            return .unrecognized(kind: "\(self.prefix).message.\(type)")
        }
        let contact = contacts.first { JSONValue.string($0["wa_id"]) == from }
        let name = JSONValue.text(JSONValue.object(contact?["profile"])?["name"])
        // Group messages add `group_id` (§4.3): the thread is the group's, the buyer the member who wrote.
        let thread = JSONValue.string(message["group_id"]) ?? from
        return .message(
            IncomingMessage(
                channelAccountID: account.id, conversationExternalID: thread, conversationKind: .direct,
                buyer: BuyerProfile(platformUserID: from, displayName: name), platformMessageID: id, senderKind: .buyer,
                contentType: content.type, text: content.text, attachments: content.attachments, platformAt: at
            )
        )
    }

    private typealias Content = (type: Message.ContentType, text: String?, attachments: [Attachment])

    /// The body of each message type sits under a key named like the type (`text{body}`, `image{id, caption}`…).
    private static func content(of message: [String: Any], type: String) -> Content? {
        let body = JSONValue.object(message[type]) ?? [:]
        let caption = JSONValue.text(body["caption"])
        // Media stay with Meta: the id is what the media endpoint downloads them by.
        func media(_ kind: Attachment.Kind) -> [Attachment] {
            [
                Attachment(
                    kind: kind, mimeType: JSONValue.text(body["mime_type"]), name: JSONValue.text(body["filename"]),
                    referenceID: JSONValue.string(body["id"])
                )
            ]
        }
        func plain(_ text: String?) -> Content { (text == nil ? .other : .text, text, []) }
        switch type {
        case "text": return plain(JSONValue.text(body["body"]))
        case "image": return (.image, caption, media(.image))
        case "sticker": return (.sticker, nil, media(.sticker))
        case "video": return (.video, caption, media(.video))
        case "document": return (.other, caption, media(.file))
        case "audio": return (.other, nil, media(.file))
        // A tap on a template's quick-reply button, or on an interactive button or list row: the buyer's
        // answer is the label they chose.
        case "button": return plain(JSONValue.text(body["text"]))
        case "interactive":
            let reply = JSONValue.object(body["button_reply"]) ?? JSONValue.object(body["list_reply"])
            return plain(JSONValue.text(reply?["title"]))
        case "location":
            let lines = [JSONValue.text(body["name"]), JSONValue.text(body["address"])].compactMap { $0 }
            return (.other, lines.isEmpty ? nil : lines.joined(separator: "\n"), [])
        default: return nil
        }
    }

    // MARK: Statuses

    private func whatsAppStatus(_ status: [String: Any], account: ChannelAccount) -> InboundEvent {
        let name = JSONValue.string(status["status"]) ?? "unknown"
        guard let id = JSONValue.string(status["id"]), let at = JSONValue.date(status["timestamp"]) else {
            return self.incomplete("status")
        }
        let mapped: Message.DeliveryStatus
        switch name {
        case "sent": mapped = .sent
        case "delivered": mapped = .delivered
        case "read": mapped = .read
        case "failed": mapped = .failed
        default: return .unrecognized(kind: "\(self.prefix).status.\(name)")
        }
        let error = mapped == .failed ? JSONValue.objects(status["errors"]).first.flatMap(Self.errorText) : nil
        return .delivery(DeliveryUpdate(channelAccountID: account.id, platformMessageID: id, status: mapped, at: at, error: error))
    }

    /// `errors[0] {code, title, message, error_data.details}` as one line an agent can act on: the title,
    /// the code to look up, and the details when they say more than the title.
    private static func errorText(_ error: [String: Any]) -> String? {
        let title = JSONValue.text(error["title"]) ?? JSONValue.text(error["message"])
        let details = JSONValue.text(JSONValue.object(error["error_data"])?["details"]) ?? JSONValue.text(error["message"])
        let code = JSONValue.string(error["code"])
        guard let headline = title ?? details else { return code.map { "error \($0)" } }
        var text = headline
        if let code { text += " (\(code))" }
        if let details, details != headline { text += ": " + details }
        return text
    }
}
