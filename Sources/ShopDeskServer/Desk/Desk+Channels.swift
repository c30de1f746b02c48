import Foundation
import Logging
import ShopDeskCore
import ShopDeskStore

/// A new channel account as an admin (or the command line) describes it.
struct NewChannelAccount: Sendable {
    var platform: Platform
    var name: String
    var market: String
    var timeZone: String?
    var credentials: ChannelCredentials
}

extension Desk {
    /// The channel accounts the agent may see.
    func channelAccounts(by signedIn: AuthenticatedAgent) async throws -> [ChannelAccount] {
        try await self.store.listChannelAccounts(workspace: signedIn.workspaceID).filter { signedIn.agent.canAccess($0.id) }
    }

    func channelAccount(_ id: ChannelAccount.ID, by signedIn: AuthenticatedAgent) async throws -> ChannelAccount {
        try signedIn.requireAccess(to: id)
        return try await self.store.channelAccount(id, workspace: signedIn.workspaceID)
    }

    func createChannelAccount(_ new: NewChannelAccount, by signedIn: AuthenticatedAgent) async throws -> ChannelAccount {
        try signedIn.require(.admin)
        let account = try await self.store.createChannelAccount(
            workspace: signedIn.workspaceID, platform: new.platform, name: new.name, market: new.market, timeZone: new.timeZone,
            credentials: new.credentials, now: self.now
        )
        try await self.store.recordAudit(
            .channelCreated, by: signedIn.actor, workspace: signedIn.workspaceID, subject: ("channel_account", account.id.rawValue),
            detail: "\(account.platform.rawValue) \(account.market)", now: self.now
        )
        self.logger.info("channel account created", metadata: ["channel": "\(account.id)", "by": "\(signedIn.agent.id)"])
        var changes = Changes.audited(.channelCreated)
        // A new marketplace shop has orders to read back.
        changes.channelAccounts = [account.id]
        return self.finish(account, changes)
    }

    func updateChannelAccount(
        _ id: ChannelAccount.ID, with update: ChannelAccountUpdate, by signedIn: AuthenticatedAgent
    ) async throws -> ChannelAccount {
        try signedIn.require(.admin)
        let account = try await self.store.updateChannelAccount(id, workspace: signedIn.workspaceID, update: update)
        var changes = Changes()
        changes.channelAccounts = [account.id]
        // A new market or time zone may bring other platform rules: the deadline queue re-reads.
        if update.market != nil || update.timeZone != nil { changes.serviceLevels = [signedIn.workspaceID] }
        if let credentials = update.credentials {
            try await self.store.recordAudit(
                .credentialsChanged, by: signedIn.actor, workspace: signedIn.workspaceID, subject: ("channel_account", account.id.rawValue),
                detail: "fields: " + credentials.fieldNames.sorted().joined(separator: ", "), now: self.now
            )
            changes.audited = [.credentialsChanged]
        }
        self.logger.info("channel account updated", metadata: ["channel": "\(account.id)", "by": "\(signedIn.agent.id)"])
        return self.finish(account, changes)
    }

    func archiveChannelAccount(_ id: ChannelAccount.ID, by signedIn: AuthenticatedAgent) async throws {
        try signedIn.require(.admin)
        try await self.store.archiveChannelAccount(id, workspace: signedIn.workspaceID, now: self.now)
        try await self.store.recordAudit(
            .channelArchived, by: signedIn.actor, workspace: signedIn.workspaceID, subject: ("channel_account", id.rawValue), now: self.now
        )
        var changes = Changes.audited(.channelArchived)
        changes.channelAccounts = [id]
        self.finish((), changes)
    }
}
