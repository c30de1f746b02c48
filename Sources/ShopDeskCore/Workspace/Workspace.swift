import Foundation

/// A seller's organisation: every agent, channel account, buyer and conversation belongs to one.
public struct Workspace: Sendable, Hashable, Codable {
    public typealias ID = Identifier<Workspace>

    public var id: ID
    public var name: String
    public var createdAt: Date

    public init(id: ID, name: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
    }
}
