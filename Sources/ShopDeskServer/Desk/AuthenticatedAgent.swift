import ShopDeskCore

/// An agent whose session or token has been checked for this request: the type that says "signed in".
struct AuthenticatedAgent: Sendable {
    var agent: Agent
    /// How the agent signed in: only a session can be ended by signing out.
    var sessionToken: String?
    /// Acting from the command line, as whoever has the server's data directory (audited as such).
    var viaCommandLine = false

    var workspaceID: Workspace.ID { self.agent.workspaceID }

    /// Who did it, for the audit log.
    var actor: AuditEntry.Actor { self.viaCommandLine ? .commandLine : AuditEntry.Actor(self.agent) }
    /// Who did it, as the stock ledger records it.
    var actorName: String { self.viaCommandLine ? "command line" : "agent:\(self.agent.id.rawValue)" }

    /// The command line acting as `owner` (the workspace's first owner).
    static func commandLine(_ owner: Agent) -> AuthenticatedAgent {
        AuthenticatedAgent(agent: owner, sessionToken: nil, viaCommandLine: true)
    }

    /// Refuses the action unless the agent's role is at least `role`.
    func require(_ role: Agent.Role) throws(DeskError) {
        guard self.agent.role >= role else {
            throw .notAllowed("this needs the \(role.rawValue) role or higher; you are \(self.agent.role.rawValue)")
        }
    }

    /// Refuses an action that spans every channel (a buyer's export, erasure or linking) to an agent
    /// limited to some of them.
    func requireAccessToEveryChannel() throws(DeskError) {
        guard self.agent.channelAccess.restriction == nil else {
            throw .notAllowed("this spans every channel account; you may see only some of them")
        }
    }

    /// Refuses the action unless the agent may see `channel` (as if it did not exist).
    func requireAccess(to channel: ChannelAccount.ID) throws(DeskError) {
        guard self.agent.canAccess(channel) else { throw .notFound("channel account \(channel) not found") }
    }
}
