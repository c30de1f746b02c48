import Foundation
import HTTPTypes
import ShopDeskCore
import ShopDeskStore

extension APIHandler {
    func checkCompliance(_ input: Operations.CheckCompliance.Input) async throws -> Operations.CheckCompliance.Output {
        let signedIn = try await self.authenticate()
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected a JSON body") }
        try Self.validateDraft(body.text, allowEmpty: true)
        let language = body.uiLanguage ?? "en"
        if let conversationID = body.conversationId {
            let conversation = try await self.store.conversation(Conversation.ID(rawValue: conversationID), for: signedIn.agent)
            let account = try await self.store.channelAccount(conversation.channelAccountID, workspace: signedIn.workspaceID)
            let result = try await self.dependencies.compliance.checkReply(
                body.text, in: conversation, account: account, uiLanguage: language, isTemplate: body.isTemplate ?? false, byHuman: true,
                now: self.now
            )
            return .ok(.init(body: .json(.init(result))))
        }
        guard let platform = body.platform.flatMap({ Platform(rawValue: $0.rawValue) }), let market = body.market else {
            throw APIError.invalid("give conversation_id, or platform and market")
        }
        let complianceGuard = try await self.dependencies.compliance.complianceGuard(for: signedIn.workspaceID)
        let result = complianceGuard.check(body.text, context: ComplianceContext(platform: platform, market: market.uppercased(), uiLanguage: language))
        return .ok(.init(body: .json(.init(result))))
    }

    func getComplianceRules(_ input: Operations.GetComplianceRules.Input) async throws -> Operations.GetComplianceRules.Output {
        let signedIn = try await self.authenticate()
        try signedIn.require(.admin)
        let additions = try ComplianceService.decode(try await self.store.complianceRules(workspace: signedIn.workspaceID))
        return .ok(.init(body: .json(.init(additions))))
    }

    func setComplianceRules(_ input: Operations.SetComplianceRules.Input) async throws -> Operations.SetComplianceRules.Output {
        let signedIn = try await self.authenticate()
        try signedIn.require(.admin)
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected a JSON body") }
        let additions = ComplianceRuleExtension(body)
        let json = try ComplianceService.validated(additions)
        let phraseCount = additions.phrases.reduce(0) { $0 + $1.phrases.count }
        try await self.store.setComplianceRules(
            additions.phrases.isEmpty && additions.allowedLinks.isEmpty ? nil : json, workspace: signedIn.workspaceID,
            by: .init(signedIn.agent), detail: "\(phraseCount) added phrases, \(additions.allowedLinks.count) allowed link entries",
            now: self.now
        )
        return .ok(.init(body: .json(.init(additions))))
    }

    /// Runs the guard on a reply before it is recorded: a block stops it; a warning stops it unless
    /// the agent overrides, which is audited.
    func guardReply(
        _ text: String, to conversationID: Conversation.ID, by signedIn: AuthenticatedAgent, overrideWarnings: Bool, uiLanguage: String
    ) async throws {
        let conversation = try await self.store.conversation(conversationID, for: signedIn.agent)
        let account = try await self.store.channelAccount(conversation.channelAccountID, workspace: signedIn.workspaceID)
        let result = try await self.dependencies.compliance.checkReply(
            text, in: conversation, account: account, uiLanguage: uiLanguage, isTemplate: false, byHuman: true, now: self.now
        )
        switch result.verdict {
        case .ok:
            return
        case .block:
            throw APIError(
                status: .unprocessableContent, code: "compliance_blocked",
                message: "not sent: " + Self.summary(of: result.findings.filter { $0.severity == .block }), compliance: .init(result)
            )
        case .warn:
            guard overrideWarnings else {
                throw APIError(
                    status: .unprocessableContent, code: "compliance_warning",
                    message: "check before sending: " + Self.summary(of: result.findings) + " (send again with override_warnings to send anyway)",
                    compliance: .init(result)
                )
            }
            let reasons = Set(result.findings.map { "\($0.rule.rawValue)/\($0.reason.rawValue)" }).sorted().joined(separator: ", ")
            try await self.store.recordAudit(
                .complianceOverridden, by: .init(signedIn.agent), workspace: signedIn.workspaceID,
                subject: ("conversation", conversationID.rawValue), detail: "sent despite: \(reasons)", now: self.now
            )
        }
    }

    /// A draft's length, checked before the guard reads it: the same limit the store applies to replies.
    static func validateDraft(_ text: String, allowEmpty: Bool = false) throws(APIError) {
        guard text.count <= 20_000 else { throw .invalid("text must be at most 20000 characters") }
        guard allowEmpty || !text.allSatisfy(\.isWhitespace) else { throw .invalid("text must not be empty") }
    }

    private static func summary(of findings: [ComplianceFinding]) -> String {
        var seen = Set<String>()
        return findings.compactMap { seen.insert($0.explanation).inserted ? $0.explanation : nil }.joined(separator: "; ")
    }
}

extension Components.Schemas.ComplianceResult {
    init(_ result: ComplianceResult) {
        self.init(
            verdict: .init(rawValue: result.verdict.rawValue)!,
            findings: result.findings.map { finding in
                .init(
                    rule: .init(rawValue: finding.rule.rawValue)!, reason: finding.reason.rawValue,
                    severity: .init(rawValue: finding.severity.rawValue)!, start: finding.start, end: finding.end,
                    explanation: finding.explanation
                )
            },
            window: result.window.map(Self.describe)
        )
    }

    static func describe(_ window: MessagingWindow.Verdict) -> String {
        switch window {
        case .open: "open"
        case .openWithHumanAgentTag: "open_with_human_agent_tag"
        case .templateOnly: "template_only"
        case .closed: "closed"
        case .neverOpened: "never_opened"
        }
    }
}

extension Components.Schemas.ComplianceRuleExtension {
    init(_ additions: ComplianceRuleExtension) {
        self.init(
            phrases: additions.phrases.map {
                .init(rule: $0.rule, list: $0.list, market: $0.market, phrases: $0.phrases, matchDiacritics: $0.matchDiacritics)
            },
            allowedLinks: additions.allowedLinks.map { .init(platform: $0.platform, hosts: $0.hosts, pathPrefixes: $0.pathPrefixes) }
        )
    }
}

extension ComplianceRuleExtension {
    init(_ body: Components.Schemas.ComplianceRuleExtension) {
        self.init(
            phrases: body.phrases.map {
                Phrases(rule: $0.rule, list: $0.list, market: $0.market, phrases: $0.phrases, matchDiacritics: $0.matchDiacritics)
            },
            allowedLinks: body.allowedLinks.map { AllowedLink(platform: $0.platform, hosts: $0.hosts, pathPrefixes: $0.pathPrefixes) }
        )
    }
}
