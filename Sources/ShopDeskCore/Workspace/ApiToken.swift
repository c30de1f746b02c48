import Foundation

/// A bearer token for integrations. It acts as the agent who created it; only its hash is stored.
public struct ApiToken: Sendable, Hashable, Codable {
    public typealias ID = Identifier<ApiToken>

    public var id: ID
    public var workspaceID: Workspace.ID
    public var agentID: Agent.ID
    public var name: String
    public var createdAt: Date
    public var lastUsedAt: Date?

    public init(id: ID, workspaceID: Workspace.ID, agentID: Agent.ID, name: String, createdAt: Date, lastUsedAt: Date?) {
        self.id = id
        self.workspaceID = workspaceID
        self.agentID = agentID
        self.name = name
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
    }
}
