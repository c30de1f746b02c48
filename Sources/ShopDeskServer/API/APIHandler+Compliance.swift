import Foundation
import HTTPTypes
import ShopDeskCore
import ShopDeskStore

extension APIHandler {
    func checkCompliance(_ input: Operations.CheckCompliance.Input) async throws -> Operations.CheckCompliance.Output {
        let signedIn = try await self.authenticate()
        guard case .json(let body) = input.body else { throw Self.expectedJSON }
        let target: DraftCheck.Target
        if let conversationID = body.conversationId {
            target = .conversation(Conversation.ID(rawValue: conversationID))
        } else if let platform = body.platform.flatMap({ Platform(rawValue: $0.rawValue) }), let market = body.market {
            target = .market(platform, market)
        } else {
            throw DeskError.invalid("give conversation_id, or platform and market")
        }
        let draft = DraftCheck(text: body.text, target: target, uiLanguage: body.uiLanguage ?? "en", isTemplate: body.isTemplate ?? false)
        return .ok(.init(body: .json(.init(try await self.desk.check(draft, by: signedIn)))))
    }

    func getComplianceRules(_ input: Operations.GetComplianceRules.Input) async throws -> Operations.GetComplianceRules.Output {
        .ok(.init(body: .json(.init(try await self.desk.complianceRules(by: try await self.authenticate())))))
    }

    func setComplianceRules(_ input: Operations.SetComplianceRules.Input) async throws -> Operations.SetComplianceRules.Output {
        let signedIn = try await self.authenticate()
        guard case .json(let body) = input.body else { throw Self.expectedJSON }
        return .ok(.init(body: .json(.init(try await self.desk.setComplianceRules(ComplianceRuleExtension(body), by: signedIn)))))
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
