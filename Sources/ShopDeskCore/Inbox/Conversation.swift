import Foundation

/// A thread with one buyer on one channel account: a chat, a comment thread, a livestream or a review.
public struct Conversation: Sendable, Hashable, Codable {
    public typealias ID = Identifier<Conversation>

    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case direct
        case commentThread = "comment_thread"
        case livestream
        case review
    }

    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case open
        case pending
        case snoozed
        case resolved
    }

    public var id: ID
    public var workspaceID: Workspace.ID
    public var channelAccountID: ChannelAccount.ID
    public var platform: Platform
    public var kind: Kind
    /// The platform's id for the thread (conversation id, post id, phone number...).
    public var externalID: String
    public var buyerID: Buyer.ID
    public var buyerName: String?
    /// The post, video or product a comment thread or review is about.
    public var subject: String?
    public var assigneeID: Agent.ID?
    public var tags: [String]
    public var state: ConversationState
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: ID, workspaceID: Workspace.ID, channelAccountID: ChannelAccount.ID, platform: Platform, kind: Kind,
        externalID: String, buyerID: Buyer.ID, buyerName: String?, subject: String?, assigneeID: Agent.ID?,
        tags: [String], state: ConversationState, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.workspaceID = workspaceID
        self.channelAccountID = channelAccountID
        self.platform = platform
        self.kind = kind
        self.externalID = externalID
        self.buyerID = buyerID
        self.buyerName = buyerName
        self.subject = subject
        self.assigneeID = assigneeID
        self.tags = tags
        self.state = state
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Tags are trimmed, lower-cased, de-duplicated and sorted so that filters match however they were typed.
    public static func normalizedTags(_ tags: [String]) throws(ValidationError) -> [String] {
        var seen = Set<String>()
        for raw in tags {
            let tag = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            guard !tag.isEmpty, tag.count <= 64 else {
                throw ValidationError(field: "tags", message: "a tag must be 1 to 64 characters")
            }
            guard !tag.contains(",") else {
                throw ValidationError(field: "tags", message: "a tag cannot contain a comma")
            }
            seen.insert(tag)
        }
        guard seen.count <= 50 else { throw ValidationError(field: "tags", message: "at most 50 tags") }
        return seen.sorted()
    }
}
