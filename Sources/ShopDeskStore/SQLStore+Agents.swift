import Foundation
import SQLKit
import ShopDeskCore

/// An agent with the password hash the store keeps for signing in.
public struct AgentCredentials: Sendable {
    public var agent: Agent
    public var passwordHash: String
}

extension SQLStore {
    /// The first workspace, if any: a single-seller installation has exactly one.
    public func firstWorkspace() async throws -> Workspace? {
        try await self.engine.read { db in
            try await db.raw("SELECT id, name, created_at FROM workspaces ORDER BY created_at, id LIMIT 1").first()
                .map { Workspace(id: try $0.id("id"), name: try $0.string("name"), createdAt: try $0.date("created_at")) }
        }
    }

    /// Creates a workspace. Used on first `admin create` and by tests.
    public func createWorkspace(name: String, now: Date) async throws -> Workspace {
        let workspace = Workspace(id: self.ids.make(), name: name, createdAt: now)
        try await self.engine.transaction { db in
            try await db.raw(
                """
                INSERT INTO workspaces (id, workspace_id, name, created_at)
                VALUES (\(bind: workspace.id.rawValue), \(bind: workspace.id.rawValue), \(bind: name), \(bind: now.storeMillis))
                """
            ).run()
        }
        return workspace
    }

    /// Creates an agent; the e-mail address must be free across all workspaces (it is the sign-in name).
    public func createAgent(
        workspace: Workspace.ID, email: String, name: String, role: Agent.Role, channelAccess: Agent.ChannelAccess,
        passwordHash: String, now: Date
    ) async throws -> Agent {
        let agent = Agent(
            id: self.ids.make(), workspaceID: workspace, email: Agent.normalizedEmail(email), name: name, role: role,
            channelAccess: channelAccess, createdAt: now
        )
        if case .only(let channels) = channelAccess, !channels.isEmpty {
            let known = try await self.listChannelAccounts(workspace: workspace).map(\.id)
            let unknown = channels.subtracting(known)
            if !unknown.isEmpty {
                throw StoreError.invalid(
                    field: "channel_account_ids", message: "unknown channel account(s): \(unknown.map(\.rawValue).sorted().joined(separator: ", "))")
            }
        }
        let access = try Self.encodeAccess(channelAccess)
        try await self.engine.transaction { db in
            let taken = try await db.raw("SELECT id FROM agents WHERE email = \(bind: agent.email)").first()
            guard taken == nil else { throw StoreError.conflict("an agent with e-mail \(agent.email) already exists") }
            try await db.raw(
                """
                INSERT INTO agents (id, workspace_id, email, name, role, channel_access, password_hash, created_at)
                VALUES (\(bind: agent.id.rawValue), \(bind: workspace.rawValue), \(bind: agent.email), \(bind: name),
                        \(bind: role.rawValue), \(bind: access), \(bind: passwordHash), \(bind: now.storeMillis))
                """
            ).run()
        }
        return agent
    }

    public func agent(_ id: Agent.ID, workspace: Workspace.ID) async throws -> Agent {
        let row = try await self.engine.read { db in
            try await db.raw("SELECT * FROM agents WHERE id = \(bind: id.rawValue) AND workspace_id = \(bind: workspace.rawValue)").first()
        }
        guard let row else { throw StoreError.notFound("agent \(id)") }
        return try Self.agent(from: row)
    }

    /// The agent signing in with `email`, with the stored hash to check the password against.
    public func agentCredentials(email: String) async throws -> AgentCredentials? {
        let email = Agent.normalizedEmail(email)
        return try await self.engine.read { db in
            try await db.raw("SELECT * FROM agents WHERE email = \(bind: email) AND deactivated_at IS NULL").first()
                .map { AgentCredentials(agent: try Self.agent(from: $0), passwordHash: try $0.string("password_hash")) }
        }
    }

    public func listAgents(workspace: Workspace.ID) async throws -> [Agent] {
        try await self.engine.read { db in
            try await db.raw("SELECT * FROM agents WHERE workspace_id = \(bind: workspace.rawValue) ORDER BY created_at, id").all()
                .map(Self.agent(from:))
        }
    }

    /// Deactivates an agent (their sessions end and their API tokens are revoked, in the same
    /// transaction) or reactivates one (who then signs in again and makes new tokens).
    public func setAgentActive(_ active: Bool, agent id: Agent.ID, workspace: Workspace.ID, now: Date) async throws -> Agent {
        try await self.engine.transaction { db in
            guard
                let row = try await db.raw(
                    "SELECT * FROM agents WHERE id = \(bind: id.rawValue) AND workspace_id = \(bind: workspace.rawValue)"
                ).first()
            else {
                throw StoreError.notFound("agent \(id)")
            }
            var agent = try Self.agent(from: row)
            if active {
                agent.deactivatedAt = nil
                try await db.raw("UPDATE agents SET deactivated_at = NULL WHERE id = \(bind: id.rawValue)").run()
            } else if agent.deactivatedAt == nil {
                agent.deactivatedAt = now
                try await db.raw("UPDATE agents SET deactivated_at = \(bind: now.storeMillis) WHERE id = \(bind: id.rawValue)").run()
                try await db.raw("DELETE FROM sessions WHERE agent_id = \(bind: id.rawValue)").run()
                try await db.raw(
                    "UPDATE api_tokens SET revoked_at = \(bind: now.storeMillis) WHERE agent_id = \(bind: id.rawValue) AND revoked_at IS NULL"
                ).run()
            }
            return agent
        }
    }

    /// Replaces an agent's password hash and ends their other sessions (all of them when `keeping` is nil).
    public func setPasswordHash(_ hash: String, agent id: Agent.ID, keepingSession keeping: String?) async throws {
        try await self.engine.transaction { db in
            try await db.raw("UPDATE agents SET password_hash = \(bind: hash) WHERE id = \(bind: id.rawValue)").run()
            let kept = keeping.map(TokenHasher.hash) ?? ""
            try await db.raw("DELETE FROM sessions WHERE agent_id = \(bind: id.rawValue) AND token_hash <> \(bind: kept)").run()
        }
    }

    // MARK: Sessions

    /// Records a sign-in; returns the cookie value (only its hash is stored).
    public func createSession(for agent: Agent, lifetime: TimeInterval, now: Date) async throws -> String {
        let token = TokenHasher.makeToken(prefix: "sds_")
        try await self.engine.transaction { db in
            try await db.raw("DELETE FROM sessions WHERE expires_at < \(bind: now.storeMillis)").run()
            try await db.raw(
                """
                INSERT INTO sessions (token_hash, workspace_id, agent_id, created_at, expires_at)
                VALUES (\(bind: TokenHasher.hash(token)), \(bind: agent.workspaceID.rawValue), \(bind: agent.id.rawValue),
                        \(bind: now.storeMillis), \(bind: now.addingTimeInterval(lifetime).storeMillis))
                """
            ).run()
        }
        return token
    }

    /// The agent behind a session cookie, if the session exists and has not expired.
    public func agent(sessionToken token: String, now: Date) async throws -> Agent? {
        try await self.engine.read { db in
            try await db.raw(
                """
                SELECT a.* FROM sessions s JOIN agents a ON a.id = s.agent_id
                WHERE s.token_hash = \(bind: TokenHasher.hash(token)) AND s.expires_at > \(bind: now.storeMillis)
                AND a.deactivated_at IS NULL
                """
            ).first().map(Self.agent(from:))
        }
    }

    public func deleteSession(token: String) async throws {
        try await self.engine.transaction { db in
            try await db.raw("DELETE FROM sessions WHERE token_hash = \(bind: TokenHasher.hash(token))").run()
        }
    }

    // MARK: API tokens

    /// Creates an API token acting as `agent`; returns it with the secret, which is never shown again.
    public func createToken(name: String, agent: Agent, now: Date) async throws -> (token: ApiToken, secret: String) {
        let secret = TokenHasher.makeToken(prefix: "sdt_")
        let token = ApiToken(id: self.ids.make(), workspaceID: agent.workspaceID, agentID: agent.id, name: name, createdAt: now, lastUsedAt: nil)
        try await self.engine.transaction { db in
            try await db.raw(
                """
                INSERT INTO api_tokens (id, workspace_id, agent_id, name, token_hash, created_at)
                VALUES (\(bind: token.id.rawValue), \(bind: agent.workspaceID.rawValue), \(bind: agent.id.rawValue),
                        \(bind: name), \(bind: TokenHasher.hash(secret)), \(bind: now.storeMillis))
                """
            ).run()
        }
        return (token, secret)
    }

    public func listTokens(workspace: Workspace.ID) async throws -> [ApiToken] {
        try await self.engine.read { db in
            try await db.raw(
                """
                SELECT * FROM api_tokens WHERE workspace_id = \(bind: workspace.rawValue) AND revoked_at IS NULL
                ORDER BY created_at, id
                """
            ).all().map(Self.token(from:))
        }
    }

    public func revokeToken(_ id: ApiToken.ID, workspace: Workspace.ID, now: Date) async throws {
        let found = try await self.engine.transaction { db in
            let row = try await db.raw(
                """
                SELECT id FROM api_tokens WHERE id = \(bind: id.rawValue) AND workspace_id = \(bind: workspace.rawValue)
                AND revoked_at IS NULL
                """
            ).first()
            guard row != nil else { return false }
            try await db.raw("UPDATE api_tokens SET revoked_at = \(bind: now.storeMillis) WHERE id = \(bind: id.rawValue)").run()
            return true
        }
        if !found { throw StoreError.notFound("token \(id)") }
    }

    /// The agent a bearer token acts as, if the token exists and is not revoked.
    public func agent(apiToken secret: String, now: Date) async throws -> Agent? {
        let hash = TokenHasher.hash(secret)
        let found = try await self.engine.read { db in
            try await db.raw(
                """
                SELECT a.*, t.last_used_at AS token_last_used_at FROM api_tokens t JOIN agents a ON a.id = t.agent_id
                WHERE t.token_hash = \(bind: hash) AND t.revoked_at IS NULL AND a.deactivated_at IS NULL
                """
            ).first().map { (try Self.agent(from: $0), try $0.optionalDate("token_last_used_at")) }
        }
        guard let (agent, lastUsed) = found else { return nil }
        // Coarse (one write per minute per token), and only then a write transaction, so that busy
        // integrations do not take the single writer away from ingest on every request.
        if lastUsed.map({ now.timeIntervalSince($0) >= 60 }) ?? true {
            try await self.engine.transaction { db in
                try await db.raw("UPDATE api_tokens SET last_used_at = \(bind: now.storeMillis) WHERE token_hash = \(bind: hash)").run()
            }
        }
        return agent
    }

    // MARK: Rows

    static func agent(from row: any SQLRow) throws -> Agent {
        Agent(
            id: try row.id("id"), workspaceID: try row.id("workspace_id"), email: try row.string("email"),
            name: try row.string("name"), role: try row.enumValue("role"),
            channelAccess: try decodeAccess(try row.optionalString("channel_access")), createdAt: try row.date("created_at"),
            deactivatedAt: try row.optionalDate("deactivated_at"), uiLanguage: try row.optionalString("ui_language")
        )
    }

    static func token(from row: any SQLRow) throws -> ApiToken {
        ApiToken(
            id: try row.id("id"), workspaceID: try row.id("workspace_id"), agentID: try row.id("agent_id"),
            name: try row.string("name"), createdAt: try row.date("created_at"), lastUsedAt: try row.optionalDate("last_used_at")
        )
    }

    /// Channel access is stored as NULL (all) or a JSON array of channel account ids.
    static func encodeAccess(_ access: Agent.ChannelAccess) throws -> String? {
        switch access {
        case .all: nil
        case .only(let ids): String(decoding: try JSONEncoder().encode(ids.map(\.rawValue).sorted()), as: UTF8.self)
        }
    }

    static func decodeAccess(_ text: String?) throws -> Agent.ChannelAccess {
        guard let text else { return .all }
        let ids = try JSONDecoder().decode([String].self, from: Data(text.utf8))
        return .only(Set(ids.map { ChannelAccount.ID(rawValue: $0) }))
    }
}
