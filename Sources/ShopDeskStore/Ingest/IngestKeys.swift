import ShopDeskCore

/// A platform message as ingest tells it apart: its platform id is unique per channel account.
struct MessageKey: Hashable {
    var channel: ChannelAccount.ID
    var platformMessageID: String

    init(channel: ChannelAccount.ID, platformMessageID: String) {
        self.channel = channel
        self.platformMessageID = platformMessageID
    }

    init(_ incoming: IncomingMessage) {
        self.init(channel: incoming.channelAccountID, platformMessageID: incoming.platformMessageID)
    }
}

/// The thread a message belongs to: one conversation per channel account, kind and platform thread id.
struct ThreadKey: Hashable {
    var channel: ChannelAccount.ID
    var kind: Conversation.Kind
    var externalID: String

    init(_ incoming: IncomingMessage) {
        self.init(channel: incoming.channelAccountID, kind: incoming.conversationKind, externalID: incoming.conversationExternalID)
    }

    init(channel: ChannelAccount.ID, kind: Conversation.Kind, externalID: String) {
        self.channel = channel
        self.kind = kind
        self.externalID = externalID
    }
}

/// A buyer as one channel account knows them: a platform user id is unique per account.
struct BuyerKey: Hashable {
    var channel: ChannelAccount.ID
    var platformUserID: String

    init(channel: ChannelAccount.ID, platformUserID: String) {
        self.channel = channel
        self.platformUserID = platformUserID
    }

    init(_ incoming: IncomingMessage) {
        self.init(channel: incoming.channelAccountID, platformUserID: incoming.buyer.platformUserID)
    }
}
