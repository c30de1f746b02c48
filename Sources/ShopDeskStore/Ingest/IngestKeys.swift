import ShopDeskCore

/// A platform message as ingest tells it apart: its platform id is unique per channel account.
struct MessageKey: Hashable {
    var channel: ChannelAccount.ID
    var platformMessageID: String
}

/// The thread a message belongs to: one conversation per channel account, kind and platform thread id.
struct ThreadKey: Hashable {
    var channel: ChannelAccount.ID
    var kind: Conversation.Kind
    var externalID: String
}

/// A buyer as one channel account knows them: a platform user id is unique per account.
struct BuyerKey: Hashable {
    var channel: ChannelAccount.ID
    var platformUserID: String
}

extension MessageKey {
    init(_ incoming: IncomingMessage) {
        self.init(channel: incoming.channelAccountID, platformMessageID: incoming.platformMessageID)
    }
}

extension ThreadKey {
    init(_ incoming: IncomingMessage) {
        self.init(channel: incoming.channelAccountID, kind: incoming.conversationKind, externalID: incoming.conversationExternalID)
    }
}

extension BuyerKey {
    init(_ incoming: IncomingMessage) {
        self.init(channel: incoming.channelAccountID, platformUserID: incoming.buyer.platformUserID)
    }
}
