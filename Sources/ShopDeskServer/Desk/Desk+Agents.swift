import Foundation
import Logging
import ShopDeskCore
import ShopDeskStore

/// A new agent as an admin describes them.
struct NewAgent: Sendable {
    var email: String
    var name: String
    var role: Agent.Role
    var password: String
    /// nil: every channel account.
    var channelAccountIDs: [ChannelAccount.ID]?
}

extension Desk {
    func agents(by signedIn: AuthenticatedAgent) async throws -> [Agent] {
        try signedIn.require(.admin)
        return try await self.store.listAgents(workspace: signedIn.workspaceID)
    }

    /// Admins add agents; only owners add admins and owners.
    func createAgent(_ new: NewAgent, by signedIn: AuthenticatedAgent) async throws -> Agent {
        try signedIn.require(.admin)
        if new.role >= .admin { try signedIn.require(.owner) }
        let email = try Agent.validatedEmail(new.email)
        let name = try ValidationError.validatedName(new.name)
        try Agent.validatePassword(new.password)
        let access: Agent.ChannelAccess = new.channelAccountIDs.map { .only(Set($0)) } ?? .all
        let hash = try await PasswordHasher.hash(new.password, cost: self.bcryptCost)
        let agent = try await self.store.createAgent(
            workspace: signedIn.workspaceID, email: email, name: name, role: new.role, channelAccess: access, passwordHash: hash, now: self.now
        )
        try await self.store.recordAudit(
            .agentCreated, by: signedIn.actor, workspace: signedIn.workspaceID, subject: ("agent", agent.id.rawValue),
            detail: "role \(agent.role.rawValue)", now: self.now
        )
        return self.finish(agent, .audited(.agentCreated))
    }

    /// Deactivates an agent (their sessions end and their tokens are revoked at once) or reactivates one.
    /// Owners only, and not themselves, so a workspace always keeps an owner who can sign in.
    func setAgentActive(_ active: Bool, agent id: Agent.ID, by signedIn: AuthenticatedAgent) async throws -> Agent {
        try signedIn.require(.owner)
        guard active || id != signedIn.agent.id else { throw DeskError.invalid("you cannot deactivate yourself") }
        let agent = try await self.store.setAgentActive(active, agent: id, workspace: signedIn.workspaceID, now: self.now)
        let action: AuditEntry.Action = active ? .agentReactivated : .agentDeactivated
        try await self.store.recordAudit(action, by: signedIn.actor, workspace: signedIn.workspaceID, subject: ("agent", id.rawValue), now: self.now)
        self.logger.notice("agent \(active ? "reactivated" : "deactivated")", metadata: ["agent": "\(id)", "by": "\(signedIn.agent.id)"])
        return self.finish(agent, .audited(action))
    }

    /// Changes the agent's own password (the current one is required) and ends their other sessions.
    func changePassword(current: String, new: String, by signedIn: AuthenticatedAgent) async throws {
        guard let credentials = try await self.store.agentCredentials(email: signedIn.agent.email),
            try await PasswordHasher.verify(current, hash: credentials.passwordHash)
        else {
            throw DeskError.invalid("the current password is wrong")
        }
        try Agent.validatePassword(new)
        let hash = try await PasswordHasher.hash(new, cost: self.bcryptCost)
        try await self.store.setPasswordHash(hash, agent: signedIn.agent.id, keepingSession: signedIn.sessionToken)
        try await self.store.recordAudit(
            .passwordChanged, by: signedIn.actor, workspace: signedIn.workspaceID, subject: ("agent", signedIn.agent.id.rawValue), now: self.now)
        self.finish((), .audited(.passwordChanged))
    }

    /// Issues a one-time code with which the agent sets a new password (owners only, for another agent:
    /// one's own password is changed with the current one). The code is shown once and works for an hour;
    /// audited.
    func issuePasswordReset(for id: Agent.ID, by signedIn: AuthenticatedAgent) async throws -> (code: String, expiresAt: Date) {
        try signedIn.require(.owner)
        guard id != signedIn.agent.id else { throw DeskError.invalid("change your own password with your current one") }
        let issued = try await self.store.issuePasswordReset(for: id, workspace: signedIn.workspaceID, now: self.now)
        try await self.store.recordAudit(
            .passwordResetIssued, by: signedIn.actor, workspace: signedIn.workspaceID, subject: ("agent", id.rawValue), now: self.now)
        return self.finish(issued, .audited(.passwordResetIssued))
    }

    /// Sets a new password with a reset code. Wrong attempts count against the address like failed
    /// sign-ins (API and web form together), so a code cannot be guessed; every session of the agent ends.
    func resetPassword(email: String, code: String, newPassword: String, from clientAddress: String? = nil) async throws {
        let email = Agent.normalizedEmail(email)
        let attempt = SignInAttempt(email: email, clientAddress: clientAddress)
        if let wait = self.signInLimiter.waitBeforeTrying(attempt, now: self.now) {
            throw DeskError.tooManyAttempts(retryAfter: wait)
        }
        try Agent.validatePassword(newPassword)
        let hash = try await PasswordHasher.hash(newPassword, cost: self.bcryptCost)
        guard let agent = try await self.store.redeemPasswordReset(email: email, code: code, newPasswordHash: hash, now: self.now) else {
            self.signInLimiter.recordFailure(attempt, now: self.now)
            throw DeskError.notSignedIn("wrong e-mail or reset code, or the code has expired")
        }
        self.signInLimiter.succeeded(attempt)
        try await self.store.recordAudit(
            .passwordReset, by: .init(agent), workspace: agent.workspaceID, subject: ("agent", agent.id.rawValue), now: self.now)
        self.finish((), .audited(.passwordReset))
    }

    func tokens(by signedIn: AuthenticatedAgent) async throws -> [ApiToken] {
        try signedIn.require(.admin)
        return try await self.store.listTokens(workspace: signedIn.workspaceID)
    }

    /// A new API token acting as the agent who makes it; the secret is shown this once.
    func createToken(named name: String, by signedIn: AuthenticatedAgent) async throws -> (token: ApiToken, secret: String) {
        try signedIn.require(.admin)
        let name = try ValidationError.validatedName(name)
        let (token, secret) = try await self.store.createToken(name: name, agent: signedIn.agent, now: self.now)
        try await self.store.recordAudit(
            .tokenCreated, by: signedIn.actor, workspace: signedIn.workspaceID, subject: ("api_token", token.id.rawValue),
            detail: "named \(name)" + (signedIn.viaCommandLine ? ", acting as \(signedIn.agent.email)" : ""), now: self.now
        )
        return self.finish((token, secret), .audited(.tokenCreated))
    }

    func revokeToken(_ id: ApiToken.ID, by signedIn: AuthenticatedAgent) async throws {
        try signedIn.require(.admin)
        try await self.store.revokeToken(id, workspace: signedIn.workspaceID, now: self.now)
        try await self.store.recordAudit(
            .tokenRevoked, by: signedIn.actor, workspace: signedIn.workspaceID, subject: ("api_token", id.rawValue), now: self.now
        )
        self.finish((), .audited(.tokenRevoked))
    }

    func setUILanguage(_ language: String?, by signedIn: AuthenticatedAgent) async throws {
        try await self.store.setUILanguage(language, of: signedIn.agent.id)
    }
}
