import Foundation
import ShopDeskCore
import ShopDeskStore

/// Text to check as an agent types it: against a conversation (the exact check its reply would get), or
/// against a platform's and market's rules alone.
struct DraftCheck: Sendable {
    enum Target: Sendable {
        case conversation(Conversation.ID)
        case market(Platform, String)
    }

    var text: String
    var target: Target
    var uiLanguage = "en"
    var isTemplate = false
}

extension Desk {
    /// The live check as the agent types.
    func check(_ draft: DraftCheck, by signedIn: AuthenticatedAgent) async throws -> ComplianceResult {
        try Self.validateDraft(draft.text, allowEmpty: true)
        switch draft.target {
        case .conversation(let id):
            return try await self.checkReply(draft, to: id, by: signedIn).result
        case .market(let platform, let market):
            let complianceGuard = try await self.compliance.complianceGuard(for: signedIn.workspaceID)
            return complianceGuard.check(
                draft.text, context: ComplianceContext(platform: platform, market: market.uppercased(), uiLanguage: draft.uiLanguage)
            )
        }
    }

    /// The exact check a reply to the conversation gets now, and the conversation's channel account.
    private func checkReply(
        _ draft: DraftCheck, to id: Conversation.ID, by signedIn: AuthenticatedAgent
    ) async throws -> (result: ComplianceResult, channel: ChannelAccount.ID) {
        let conversation = try await self.store.conversation(id, for: signedIn.agent)
        let account = try await self.store.channelAccount(conversation.channelAccountID, workspace: signedIn.workspaceID)
        let result = try await self.compliance.checkReply(
            draft.text, in: conversation, account: account, uiLanguage: draft.uiLanguage, isTemplate: draft.isTemplate, byHuman: true,
            now: self.now
        )
        return (result, account.id)
    }

    /// The phrases and link hosts admins added to the bundled rules.
    func complianceRules(by signedIn: AuthenticatedAgent) async throws -> ComplianceRuleExtension {
        try signedIn.require(.admin)
        return try ComplianceService.decode(try await self.store.complianceRules(workspace: signedIn.workspaceID))
    }

    /// Replaces the workspace's additions, once a guard built with them proves them valid.
    func setComplianceRules(_ additions: ComplianceRuleExtension, by signedIn: AuthenticatedAgent) async throws -> ComplianceRuleExtension {
        try signedIn.require(.admin)
        let json = try ComplianceService.validated(additions)
        let phraseCount = additions.phrases.reduce(0) { $0 + $1.phrases.count }
        try await self.store.setComplianceRules(
            additions.phrases.isEmpty && additions.allowedLinks.isEmpty ? nil : json, workspace: signedIn.workspaceID, by: signedIn.actor,
            detail: "\(phraseCount) added phrases, \(additions.allowedLinks.count) allowed link entries", now: self.now
        )
        return self.finish(additions, .audited(.complianceRulesChanged))
    }

    /// Runs the guard on a reply before it is recorded: a block stops it; a warning stops it unless the
    /// agent overrides, which is audited. Returns what was written to the audit log, and the
    /// conversation's channel account.
    func guardReply(
        _ draft: ReplyDraft, to id: Conversation.ID, by signedIn: AuthenticatedAgent
    ) async throws -> (audited: [AuditEntry.Action], channel: ChannelAccount.ID) {
        // Only an approved template passes the WhatsApp window; its filled text is still checked.
        let (result, channel) = try await self.checkReply(
            DraftCheck(text: draft.text, target: .conversation(id), uiLanguage: draft.uiLanguage, isTemplate: draft.template != nil), to: id,
            by: signedIn
        )
        switch result.verdict {
        case .ok:
            return ([], channel)
        case .block:
            throw DeskError.complianceBlocked(result, message: "not sent: " + Self.summary(of: result.findings.filter { $0.severity == .block }))
        case .warn:
            guard draft.overrideWarnings else {
                throw DeskError.complianceWarning(
                    result,
                    message: "check before sending: " + Self.summary(of: result.findings) + " (send again with override_warnings to send anyway)"
                )
            }
            let reasons = Set(result.findings.map { "\($0.rule.rawValue)/\($0.reason.rawValue)" }).sorted().joined(separator: ", ")
            try await self.store.recordAudit(
                .complianceOverridden, by: signedIn.actor, workspace: signedIn.workspaceID, subject: ("conversation", id.rawValue),
                detail: "sent despite: \(reasons)", now: self.now
            )
            return ([.complianceOverridden], channel)
        }
    }

    private static func summary(of findings: [ComplianceFinding]) -> String {
        var seen = Set<String>()
        return findings.compactMap { seen.insert($0.explanation).inserted ? $0.explanation : nil }.joined(separator: "; ")
    }
}
