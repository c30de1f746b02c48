import Foundation

/// A message a platform (or the seller's own site) delivered to ShopDesk, decoded from its payload.
/// This is the unit the ingest pipeline stores exactly once per channel account and platform message id.
public struct IncomingMessage: Sendable, Hashable {
    public var channelAccountID: ChannelAccount.ID
    /// The platform's id for the thread this message belongs to.
    public var conversationExternalID: String
    public var conversationKind: Conversation.Kind
    public var subject: String?
    public var buyer: BuyerProfile
    public var platformMessageID: String
    /// `.buyer` for inbound messages; anything else is the seller's side seen through the platform
    /// (an echo of a reply sent from the platform's own app, an auto-reply, a chatbot answer).
    public var senderKind: Message.SenderKind
    public var contentType: Message.ContentType
    public var text: String?
    public var attachments: [Attachment]
    public var platformAt: Date

    public init(
        channelAccountID: ChannelAccount.ID, conversationExternalID: String, conversationKind: Conversation.Kind,
        subject: String? = nil, buyer: BuyerProfile, platformMessageID: String, senderKind: Message.SenderKind = .buyer,
        contentType: Message.ContentType = .text, text: String?, attachments: [Attachment] = [], platformAt: Date
    ) {
        self.channelAccountID = channelAccountID
        self.conversationExternalID = conversationExternalID
        self.conversationKind = conversationKind
        self.subject = subject
        self.buyer = buyer
        self.platformMessageID = platformMessageID
        self.senderKind = senderKind
        self.contentType = contentType
        self.text = text
        self.attachments = attachments
        self.platformAt = platformAt
    }

    public var direction: Message.Direction {
        self.senderKind == .buyer ? .inbound : .outbound
    }
}

/// What the ingest pipeline did with one incoming message.
public struct IngestOutcome: Sendable, Hashable {
    public var messageID: Message.ID
    public var conversationID: Conversation.ID
    /// True when the message had been stored before (a platform retry or a poll overlap).
    public var duplicate: Bool
    /// The workspace of the channel account, for what happens after commit (realtime, deadlines).
    public var workspaceID: Workspace.ID

    public init(messageID: Message.ID, conversationID: Conversation.ID, duplicate: Bool, workspaceID: Workspace.ID) {
        self.messageID = messageID
        self.conversationID = conversationID
        self.duplicate = duplicate
        self.workspaceID = workspaceID
    }
}

extension IngestOutcome {
    /// The same message met again: stored once, reported as a duplicate.
    public var asDuplicate: IngestOutcome {
        IngestOutcome(messageID: self.messageID, conversationID: self.conversationID, duplicate: true, workspaceID: self.workspaceID)
    }
}
