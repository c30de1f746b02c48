import Foundation

/// One shop, page, number or channel on one platform, connected to a workspace.
public struct ChannelAccount: Sendable, Hashable, Codable {
    public typealias ID = Identifier<ChannelAccount>

    public var id: ID
    public var workspaceID: Workspace.ID
    public var platform: Platform
    public var name: String
    /// ISO 3166-1 alpha-2 country code of the market the shop sells in (platform rules differ by market).
    public var market: String
    /// IANA time zone for the account's local-time rules (deadlines, business hours).
    public var timeZone: String
    /// The names of the credential fields that are set; the values are held by the store, encrypted.
    public var credentialFields: [String]
    public var createdAt: Date

    public init(
        id: ID, workspaceID: Workspace.ID, platform: Platform, name: String, market: String, timeZone: String,
        credentialFields: [String], createdAt: Date
    ) {
        self.id = id
        self.workspaceID = workspaceID
        self.platform = platform
        self.name = name
        self.market = market
        self.timeZone = timeZone
        self.credentialFields = credentialFields
        self.createdAt = createdAt
    }

    /// Where the platform posts this account's webhooks; a custom channel posts signed messages to the API.
    public var webhookPath: String {
        self.platform == .custom
            ? "/api/v1/channels/\(self.id.rawValue)/messages"
            : "/webhooks/\(self.platform.rawValue)/\(self.id.rawValue)"
    }
}
