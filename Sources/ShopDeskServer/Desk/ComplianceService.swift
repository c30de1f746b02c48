import Foundation
import Logging
import ShopDeskCore
import ShopDeskStore
import Synchronization

/// The compliance guard as the server runs it: one guard per workspace (the bundled rules plus the
/// admins' additions, rebuilt on whichever node first sees them changed), fed with the store's record
/// of recent sends so the spam counters hold across nodes and restarts. Also the masker of buyers'
/// personal data.
final class ComplianceService: Sendable {
    private let store: SQLStore
    private let logger: Logger
    private let guards = Mutex<[Workspace.ID: (rules: String?, guard: ComplianceGuard)]>([:])
    let masker = PersonalDataMasker()

    init(store: SQLStore, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// The workspace's guard. One small read per call; the guard is built again only when the
    /// stored additions differ from those it was built from.
    func complianceGuard(for workspace: Workspace.ID) async throws -> ComplianceGuard {
        let rules = try await self.store.complianceRules(workspace: workspace)
        if let cached = self.guards.withLock({ $0[workspace] }), cached.rules == rules { return cached.guard }
        let built: ComplianceGuard
        do {
            built = try ComplianceGuard.bundled(extension: try Self.decode(rules))
        } catch {
            // Stored additions are validated before they are saved, so this means a newer release
            // dropped a list they name. The bundled rules still protect the seller.
            self.logger.error(
                "workspace compliance additions no longer load; using the bundled rules",
                metadata: [
                    "workspace": "\(workspace)", "error": "\(error)",
                ])
            built = .standard
        }
        self.guards.withLock { $0[workspace] = (rules, built) }
        return built
    }

    /// The stored additions, decoded; empty when there are none.
    static func decode(_ json: String?) throws -> ComplianceRuleExtension {
        guard let json else { return ComplianceRuleExtension() }
        return try JSONDecoder().decode(ComplianceRuleExtension.self, from: Data(json.utf8))
    }

    /// Validates additions by building a guard with them; returns them encoded for the store.
    static func validated(_ additions: ComplianceRuleExtension) throws(DeskError) -> String {
        do {
            _ = try ComplianceGuard.bundled(extension: additions)
        } catch {
            throw .invalid(error.description)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(additions)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// The check a reply to `conversation` gets at `now`: its platform's and market's rules, the
    /// messaging window, and the spam counters from the shop's recent sends.
    func checkReply(
        _ text: String, in conversation: Conversation, account: ChannelAccount, uiLanguage: String, isTemplate: Bool, byHuman: Bool,
        now: Date
    ) async throws -> ComplianceResult {
        let complianceGuard = try await self.complianceGuard(for: conversation.workspaceID)
        let policy = complianceGuard.spamPolicy(for: conversation.platform)
        let history = try await self.store.sendHistory(
            channel: account.id, buyer: conversation.buyerID, workspace: conversation.workspaceID, now: now,
            duplicateWindow: policy.duplicateWindow, unansweredPeriod: RecentOutboundLog.unansweredPeriod
        )
        var log = RecentOutboundLog()
        if let wrote = history.buyerLastWrote { log.recordBuyerMessage(from: conversation.buyerID, at: wrote) }
        for send in history.sends {
            log.recordSend(to: send.buyer, fingerprint: TextFingerprint(send.text), at: send.at, unsolicited: send.unsolicited)
        }
        let spam = log.spamContext(for: conversation.buyerID, fingerprint: TextFingerprint(text), at: now, policy: policy)
        let context = ComplianceContext(
            platform: conversation.platform, market: account.market, uiLanguage: uiLanguage,
            lastBuyerMessageAt: conversation.state.lastInboundAt, now: now, byHuman: byHuman, isTemplate: isTemplate,
            // No push says a conversation came from an ad, so Meta's standard 24 hours apply (safe reading).
            fromAd: false, spam: spam
        )
        return complianceGuard.check(text, context: context)
    }
}
