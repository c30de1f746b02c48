import Foundation
import Logging
import ShopDeskCore
import ShopDeskStore

extension Desk {
    /// A page of the workspace's buyers, personal data masked.
    func buyers(matching text: String?, cursor: String?, limit: Int, by signedIn: AuthenticatedAgent) async throws -> BuyerPage {
        guard (1...200).contains(limit) else { throw DeskError.malformed("limit must be between 1 and 200") }
        if let text, text.count > 200 { throw DeskError.malformed("q must be at most 200 characters") }
        var page: BuyerPage
        do {
            page = try await self.store.listBuyers(
                workspace: signedIn.workspaceID, channels: signedIn.agent.channelAccess.restriction, text: text, cursor: cursor, limit: limit
            )
        } catch StoreError.invalid(_, let message) {
            throw DeskError.malformed(message)
        }
        let filter = try await self.personalDataFilter(for: signedIn, reveal: false, subject: ("buyers", "list"))
        page.items = page.items.map(filter.buyer)
        return page
    }

    /// One buyer with their identities on the channels the agent may see (a buyer known on none of them
    /// does not exist for the agent); personal data masked unless `reveal` (admins, audited).
    func buyer(_ id: Buyer.ID, reveal: Bool = false, by signedIn: AuthenticatedAgent, filter: PersonalDataFilter? = nil) async throws -> Buyer {
        var buyer = try await self.store.buyer(id, workspace: signedIn.workspaceID)
        if let channels = signedIn.agent.channelAccess.restriction {
            buyer.identities = buyer.identities.filter { channels.contains($0.channelAccountID) }
            guard !buyer.identities.isEmpty else { throw StoreError.notFound("buyer \(id)") }
        }
        let masking = try await self.personalDataFilter(for: signedIn, reveal: reveal, subject: ("buyer", buyer.id.rawValue), unless: filter)
        return masking.buyer(buyer)
    }

    /// Makes `other` the same person as `buyer` (their identities and conversations move over). It
    /// cannot be undone, so only owners may, and it is audited.
    func linkBuyer(_ other: Buyer.ID, into buyer: Buyer.ID, by signedIn: AuthenticatedAgent) async throws -> Buyer {
        try signedIn.require(.owner)
        try signedIn.requireAccessToEveryChannel()
        let linked = try await self.store.linkBuyer(other, into: buyer, workspace: signedIn.workspaceID)
        try await self.store.recordAudit(
            .buyersLinked, by: signedIn.actor, workspace: signedIn.workspaceID, subject: ("buyer", linked.id.rawValue),
            detail: "merged buyer \(other.rawValue)", now: self.now
        )
        let filter = try await self.personalDataFilter(for: signedIn, reveal: false, subject: ("buyer", linked.id.rawValue))
        return self.finish(filter.buyer(linked), .audited(.buyersLinked))
    }

    /// Marks a buyer blocked (or not) on a channel account: their chats then leave the response rates.
    func setBuyerBlocked(_ blocked: Bool, buyer: Buyer.ID, channel: ChannelAccount.ID, by signedIn: AuthenticatedAgent) async throws {
        try signedIn.requireAccess(to: channel)
        try await self.store.setBuyerBlocked(blocked, buyer: buyer, channel: channel, workspace: signedIn.workspaceID, now: self.now)
    }

    /// Everything held about a buyer (audited). It spans every channel, so it needs access to all of them.
    func exportBuyer(_ id: Buyer.ID, by signedIn: AuthenticatedAgent) async throws -> BuyerExport {
        try signedIn.require(.admin)
        try signedIn.requireAccessToEveryChannel()
        let export = try await self.store.exportBuyer(id, workspace: signedIn.workspaceID, by: signedIn.actor, now: self.now)
        return self.finish(export, .audited(.buyerExported))
    }

    /// Erases a buyer's identities and message text, and cancels replies not yet sent to them (audited).
    func eraseBuyer(_ id: Buyer.ID, confirmed: Bool, by signedIn: AuthenticatedAgent) async throws -> ErasureReport {
        try signedIn.require(.admin)
        try signedIn.requireAccessToEveryChannel()
        guard confirmed else { throw DeskError.invalid("erasure cannot be undone: send {\"confirm\": true}") }
        let report = try await self.store.eraseBuyer(id, workspace: signedIn.workspaceID, by: signedIn.actor, now: self.now)
        self.logger.notice("buyer erased", metadata: ["buyer": "\(report.buyerID)", "by": "\(signedIn.agent.id)"])
        return self.finish(report, .audited(.buyerErased))
    }

    func retentionDays(by signedIn: AuthenticatedAgent) async throws -> Int? {
        try signedIn.require(.admin)
        return try await self.store.retentionDays(workspace: signedIn.workspaceID)
    }

    /// Owners set how long message text is kept (nil: until deleted); the purge runs at once.
    func setRetentionDays(_ days: Int?, by signedIn: AuthenticatedAgent) async throws {
        try signedIn.require(.owner)
        try await self.store.setRetentionDays(days, workspace: signedIn.workspaceID, by: signedIn.actor, now: self.now)
        var changes = Changes.audited(.retentionChanged)
        changes.retentionChanged = true
        self.finish((), changes)
    }

    func auditLog(action: AuditEntry.Action?, cursor: String?, limit: Int, by signedIn: AuthenticatedAgent) async throws -> AuditPage {
        try signedIn.require(.admin)
        guard (1...200).contains(limit) else { throw DeskError.malformed("limit must be between 1 and 200") }
        do {
            return try await self.store.auditLog(workspace: signedIn.workspaceID, action: action, cursor: cursor, limit: limit)
        } catch StoreError.invalid(_, let message) {
            throw DeskError.malformed(message)
        }
    }
}
