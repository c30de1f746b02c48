import Foundation

/// A person who answers buyers, signed in to one workspace.
public struct Agent: Sendable, Hashable, Codable {
    public typealias ID = Identifier<Agent>

    /// What an agent may do. Ordered: an owner can do everything an admin can, and an admin everything an agent can.
    public enum Role: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
        case agent
        case admin
        case owner

        private var rank: Int {
            switch self {
            case .agent: 0
            case .admin: 1
            case .owner: 2
            }
        }

        public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
    }

    /// Which channel accounts' conversations an agent sees. Owners and admins always see all of them.
    public enum ChannelAccess: Sendable, Hashable, Codable {
        case all
        case only(Set<ChannelAccount.ID>)

        public func allows(_ channel: ChannelAccount.ID) -> Bool {
            switch self {
            case .all: true
            case .only(let ids): ids.contains(channel)
            }
        }

        /// The channel accounts the agent is limited to; nil when they may see every one.
        public var restriction: Set<ChannelAccount.ID>? {
            if case .only(let ids) = self { return ids }
            return nil
        }
    }

    public var id: ID
    public var workspaceID: Workspace.ID
    public var email: String
    public var name: String
    public var role: Role
    public var channelAccess: ChannelAccess
    public var createdAt: Date
    /// When an owner deactivated the agent; nil while they may sign in.
    public var deactivatedAt: Date?
    /// The web UI language the agent chose; nil for the browser's.
    public var uiLanguage: String?

    public init(
        id: ID, workspaceID: Workspace.ID, email: String, name: String, role: Role,
        channelAccess: ChannelAccess, createdAt: Date, deactivatedAt: Date? = nil, uiLanguage: String? = nil
    ) {
        self.id = id
        self.workspaceID = workspaceID
        self.email = email
        self.name = name
        self.role = role
        self.channelAccess = channelAccess
        self.createdAt = createdAt
        self.deactivatedAt = deactivatedAt
        self.uiLanguage = uiLanguage
    }

    /// The channel access that actually applies: roles above `agent` see every channel account.
    public var effectiveChannelAccess: ChannelAccess {
        self.role >= .admin ? .all : self.channelAccess
    }

    /// Whether this agent may act on conversations of `channel`.
    public func canAccess(_ channel: ChannelAccount.ID) -> Bool {
        self.effectiveChannelAccess.allows(channel)
    }

    /// The sign-in e-mail address in its stored form, if it looks like one.
    public static func validatedEmail(_ email: String) throws(ValidationError) -> String {
        let normalized = Self.normalizedEmail(email)
        let parts = normalized.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !normalized.contains(" "), normalized.count <= 320 else {
            throw ValidationError(field: "email", message: "'\(email)' is not an e-mail address")
        }
        return normalized
    }

    /// Passwords need at least 8 characters; bcrypt does the rest.
    public static func validatePassword(_ password: String) throws(ValidationError) {
        guard password.count >= 8 else {
            throw ValidationError(field: "password", message: "the password must be at least 8 characters")
        }
    }

    /// E-mail addresses compare case-insensitively; they are stored in this form.
    public static func normalizedEmail(_ email: String) -> String {
        email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}
