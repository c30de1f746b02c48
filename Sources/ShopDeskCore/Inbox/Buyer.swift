import Foundation

/// A person who buys. One buyer may be seen on several channel accounts; each sighting is an identity,
/// and identities of the same person are linked to one buyer.
public struct Buyer: Sendable, Hashable, Codable {
    public typealias ID = Identifier<Buyer>

    public var id: ID
    public var workspaceID: Workspace.ID
    public var displayName: String?
    public var identities: [BuyerIdentity]
    public var createdAt: Date

    public init(id: ID, workspaceID: Workspace.ID, displayName: String?, identities: [BuyerIdentity], createdAt: Date) {
        self.id = id
        self.workspaceID = workspaceID
        self.displayName = displayName
        self.identities = identities
        self.createdAt = createdAt
    }
}

/// A buyer as one channel account knows them: the platform's user id, name and language.
public struct BuyerIdentity: Sendable, Hashable, Codable {
    public typealias ID = Identifier<BuyerIdentity>

    public var id: ID
    public var buyerID: Buyer.ID
    public var channelAccountID: ChannelAccount.ID
    public var platform: Platform
    public var platformUserID: String
    public var displayName: String?
    /// BCP 47 language tag when the platform or the seller's site tells it.
    public var language: String?
    public var createdAt: Date

    public init(
        id: ID, buyerID: Buyer.ID, channelAccountID: ChannelAccount.ID, platform: Platform, platformUserID: String,
        displayName: String?, language: String?, createdAt: Date
    ) {
        self.id = id
        self.buyerID = buyerID
        self.channelAccountID = channelAccountID
        self.platform = platform
        self.platformUserID = platformUserID
        self.displayName = displayName
        self.language = language
        self.createdAt = createdAt
    }
}

/// What a platform tells about the buyer behind a message.
public struct BuyerProfile: Sendable, Hashable, Codable {
    public var platformUserID: String
    public var displayName: String?
    public var language: String?

    public init(platformUserID: String, displayName: String? = nil, language: String? = nil) {
        self.platformUserID = platformUserID
        self.displayName = displayName
        self.language = language
    }
}
