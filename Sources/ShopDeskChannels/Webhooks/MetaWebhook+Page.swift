import Foundation
import ShopDeskCore

/// Messenger and Instagram (`object: "page"` and `"instagram"`, platforms.md §4.3): direct messages in
/// `messaging[]`, comments in `changes[]`.
extension MetaWebhook {
    func pageEntry(_ entry: MetaEntry, account: ChannelAccount) -> [InboundEvent] {
        var events: [InboundEvent] = []
        // Under the handover protocol another app owns the thread and its events arrive in `standby[]`
        // (§4.3); they are still the buyer's messages and the seller still answers for them.
        for item in JSONValue.objects(entry.fields["messaging"]) + JSONValue.objects(entry.fields["standby"]) {
            events += self.messagingEvent(item, entry: entry, account: account)
        }
        for change in JSONValue.objects(entry.fields["changes"]) {
            events.append(self.change(change, entry: entry, account: account))
        }
        return events
    }

    // MARK: Direct messages

    private func messagingEvent(_ item: [String: Any], entry: MetaEntry, account: ChannelAccount) -> [InboundEvent] {
        if let message = JSONValue.object(item["message"]) {
            return [self.directMessage(message, in: item, entry: entry, account: account)]
        }
        if let delivery = JSONValue.object(item["delivery"]) {
            return self.deliveries(delivery, in: item, account: account)
        }
        // A read receipt carries only a watermark ("everything before this was read"), no message ids, so
        // it cannot be matched to stored messages; storing it as unrecognized would only add noise.
        if item["read"] != nil { return [] }
        // Reactions, postbacks, referrals, edits, handover notices: named by the one key beside the envelope.
        let envelope: Set<String> = ["sender", "recipient", "timestamp"]
        let kind = item.keys.filter { !envelope.contains($0) }.sorted().first ?? "unknown"
        return [.unrecognized(kind: "\(self.prefix).\(kind)")]
    }

    private func directMessage(_ message: [String: Any], in item: [String: Any], entry: MetaEntry, account: ChannelAccount) -> InboundEvent {
        let sender = JSONValue.string(JSONValue.object(item["sender"])?["id"])
        let recipient = JSONValue.string(JSONValue.object(item["recipient"])?["id"])
        // An echo is the page's own message (sent from Meta's inbox, another app or ShopDesk itself), so the
        // thread is the buyer's, who is then the recipient.
        let fromPage = JSONValue.bool(message["is_echo"]) || (sender != nil && sender == entry.id)
        guard let mid = JSONValue.string(message["mid"]),
            let buyerID = fromPage ? recipient : sender,
            let at = JSONValue.date(item["timestamp"], milliseconds: true) ?? entry.time
        else { return self.incomplete("message") }
        if JSONValue.bool(message["is_deleted"]) {
            return .unrecognized(kind: "\(self.prefix).message.deleted")
        }
        let text = JSONValue.text(message["text"])
        let attachments = JSONValue.objects(message["attachments"]).compactMap(Self.attachment)
        return .message(
            IncomingMessage(
                channelAccountID: account.id, conversationExternalID: buyerID, conversationKind: .direct,
                buyer: BuyerProfile(platformUserID: buyerID), platformMessageID: mid,
                senderKind: fromPage ? .agent : .buyer, contentType: Self.contentType(text: text, attachments: attachments),
                text: text, attachments: attachments, platformAt: at
            )
        )
    }

    /// `attachments[] {type, payload.url}` (§4.3).
    private static func attachment(_ raw: [String: Any]) -> Attachment? {
        let payload = JSONValue.object(raw["payload"]) ?? [:]
        let url = JSONValue.text(payload["url"])
        // Messenger sends stickers, the thumbs-up included, as `image` attachments with a `sticker_id`.
        if let sticker = JSONValue.string(payload["sticker_id"]) {
            return Attachment(kind: .sticker, url: url, referenceID: sticker)
        }
        switch raw["type"] as? String {
        case "image": return Attachment(kind: .image, url: url)
        case "video": return Attachment(kind: .video, url: url)
        case "sticker": return Attachment(kind: .sticker, url: url)
        // Audio, files and whatever Instagram adds (shared posts, reels, story mentions) are all a link
        // an agent can open; with nothing to open there is nothing to show.
        default: return url.map { Attachment(kind: .file, url: $0) }
        }
    }

    private static func contentType(text: String?, attachments: [Attachment]) -> Message.ContentType {
        guard let first = attachments.first else { return text == nil ? .other : .text }
        switch first.kind {
        case .image: return .image
        case .video: return .video
        case .sticker: return .sticker
        default: return .other
        }
    }

    /// `delivery {mids[], watermark}`: every listed message of ours reached the buyer.
    private func deliveries(_ delivery: [String: Any], in item: [String: Any], account: ChannelAccount) -> [InboundEvent] {
        // Meta may leave `mids` out and send only the watermark, which, like a read receipt, names no message.
        let mids = (delivery["mids"] as? [Any] ?? []).compactMap(JSONValue.string)
        guard let at = JSONValue.date(delivery["watermark"], milliseconds: true) ?? JSONValue.date(item["timestamp"], milliseconds: true)
        else { return mids.isEmpty ? [] : [self.incomplete("delivery")] }
        return mids.map {
            .delivery(DeliveryUpdate(channelAccountID: account.id, platformMessageID: $0, status: .delivered, at: at))
        }
    }

    // MARK: Comments

    private func change(_ change: [String: Any], entry: MetaEntry, account: ChannelAccount) -> InboundEvent {
        let field = JSONValue.string(change["field"]) ?? "unknown"
        let value = JSONValue.object(change["value"]) ?? [:]
        switch (self.platform, field) {
        case (.facebook, "feed"): return self.pageComment(value, entry: entry, account: account)
        case (.instagram, "comments"): return self.instagramComment(value, kind: .commentThread, field: field, entry: entry, account: account)
        case (.instagram, "live_comments"): return self.instagramComment(value, kind: .livestream, field: field, entry: entry, account: account)
        default: return .unrecognized(kind: "\(self.prefix).\(field)")
        }
    }

    /// A comment on a Page post (`field: "feed"`, `value.item == "comment"`). The value's fields follow
    /// the official `group_feed` reference; platforms.md §4.3 notes that the `feed` schema itself is
    /// partly inferred from code samples, so every field is optional here.
    private func pageComment(_ value: [String: Any], entry: MetaEntry, account: ChannelAccount) -> InboundEvent {
        let item = JSONValue.string(value["item"]) ?? "unknown"
        let verb = JSONValue.string(value["verb"]) ?? "unknown"
        // Edits, hides, removals and the post/reaction/share items are no turn in a conversation.
        guard item == "comment", verb == "add" else {
            return .unrecognized(kind: "\(self.prefix).feed.\(item).\(verb)")
        }
        let from = JSONValue.object(value["from"])
        guard let commentID = JSONValue.string(value["comment_id"]),
            let postID = JSONValue.string(value["post_id"]),
            let authorID = JSONValue.string(from?["id"]),
            let at = JSONValue.date(value["created_time"]) ?? entry.time
        else { return self.incomplete("feed.comment") }
        return self.comment(
            kind: .commentThread, subject: postID, id: commentID, authorID: authorID, authorName: JSONValue.text(from?["name"]),
            text: JSONValue.text(value["message"]), at: at, entry: entry, account: account
        )
    }

    /// An Instagram comment or live comment: `value {id, from{id, username}, text, media{id}}`, timed by
    /// the entry, as the value has no time of its own (§4.3).
    private func instagramComment(
        _ value: [String: Any], kind: Conversation.Kind, field: String, entry: MetaEntry, account: ChannelAccount
    ) -> InboundEvent {
        let from = JSONValue.object(value["from"])
        guard let commentID = JSONValue.string(value["id"]),
            let mediaID = JSONValue.string(JSONValue.object(value["media"])?["id"]),
            let authorID = JSONValue.string(from?["id"]),
            let at = entry.time
        else { return self.incomplete(field) }
        return self.comment(
            kind: kind, subject: mediaID, id: commentID, authorID: authorID, authorName: JSONValue.text(from?["username"]),
            text: JSONValue.text(value["text"]), at: at, entry: entry, account: account
        )
    }

    private func comment(
        kind: Conversation.Kind, subject: String, id: String, authorID: String, authorName: String?, text: String?, at: Date,
        entry: MetaEntry, account: ChannelAccount
    ) -> InboundEvent {
        // One thread per post and commenter: an agent answers one person's questions under one post. The
        // seller's own comment (its author is the entry's page or account) names only the comment it
        // answers (`parent_id`), not the buyer, so it lands in the seller's own thread under the post.
        .message(
            IncomingMessage(
                channelAccountID: account.id, conversationExternalID: subject + ":" + authorID, conversationKind: kind,
                subject: subject, buyer: BuyerProfile(platformUserID: authorID, displayName: authorName), platformMessageID: id,
                senderKind: authorID == entry.id ? .agent : .buyer, contentType: text == nil ? .other : .text, text: text,
                platformAt: at
            )
        )
    }
}
