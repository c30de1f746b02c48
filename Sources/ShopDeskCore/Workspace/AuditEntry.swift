import Foundation

/// One privileged action, kept so that owners and admins can see who did what and when: sign-ins,
/// tokens, credentials, buyer exports and erasures, reveals of masked personal data, compliance
/// overrides and privacy settings.
public struct AuditEntry: Sendable, Hashable {
    public typealias ID = Identifier<AuditEntry>

    /// What was done. The raw values are stable: they are stored and served.
    public enum Action: String, Sendable, Hashable, Codable, CaseIterable {
        case signIn = "sign_in"
        case signInFailed = "sign_in_failed"
        case agentCreated = "agent_created"
        case tokenCreated = "token_created"
        case tokenRevoked = "token_revoked"
        case channelCreated = "channel_created"
        case credentialsChanged = "credentials_changed"
        case channelArchived = "channel_archived"
        case buyerExported = "buyer_exported"
        case buyerErased = "buyer_erased"
        case personalDataRevealed = "personal_data_revealed"
        case complianceOverridden = "compliance_overridden"
        case complianceRulesChanged = "compliance_rules_changed"
        case retentionChanged = "retention_changed"
        case buyersLinked = "buyers_linked"
        case agentDeactivated = "agent_deactivated"
        case agentReactivated = "agent_reactivated"
        case passwordChanged = "password_changed"
        case whatsAppTemplateRegistered = "whatsapp_template_registered"
        case whatsAppTemplateRemoved = "whatsapp_template_removed"
        case passwordResetIssued = "password_reset_issued"
        case passwordReset = "password_reset"
        case orderCancelled = "order_cancelled"
        case returnReceived = "return_received"
        case afterSaleApproved = "after_sale_approved"
        case afterSaleRejected = "after_sale_rejected"
    }

    /// Who did it: an agent, or the command line run by whoever has the server's data directory.
    public enum Actor: Sendable, Hashable {
        case agent(Agent.ID, name: String)
        case commandLine
        /// A sign-in attempt for an e-mail no agent has, or with the wrong password (the e-mail is the name).
        case unknown(String)

        public var agentID: Agent.ID? {
            if case .agent(let id, _) = self { return id }
            return nil
        }

        public var name: String {
            switch self {
            case .agent(_, let name): name
            case .commandLine: "command line"
            case .unknown(let name): name
            }
        }
    }

    public var id: ID
    public var workspaceID: Workspace.ID
    public var at: Date
    public var actor: Actor
    public var action: Action
    /// What it was done to, e.g. `("buyer", id)`.
    public var subjectKind: String?
    public var subjectID: String?
    /// A short description for people (the rules overridden, the new retention period, …). Never
    /// personal data or secrets.
    public var detail: String?

    public init(
        id: ID, workspaceID: Workspace.ID, at: Date, actor: Actor, action: Action, subjectKind: String? = nil, subjectID: String? = nil,
        detail: String? = nil
    ) {
        self.id = id
        self.workspaceID = workspaceID
        self.at = at
        self.actor = actor
        self.action = action
        self.subjectKind = subjectKind
        self.subjectID = subjectID
        self.detail = detail
    }
}

extension AuditEntry.Actor {
    /// The agent acting.
    public init(_ agent: Agent) {
        self = .agent(agent.id, name: agent.name)
    }
}
