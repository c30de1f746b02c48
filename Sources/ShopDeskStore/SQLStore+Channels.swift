import Foundation
import SQLKit
import ShopDeskCore

/// What may change on a channel account; nil leaves a field as it is.
public struct ChannelAccountUpdate: Sendable {
    public var name: String?
    public var market: String?
    public var timeZone: String?
    public var credentials: ChannelCredentials?

    public init(name: String? = nil, market: String? = nil, timeZone: String? = nil, credentials: ChannelCredentials? = nil) {
        self.name = name
        self.market = market
        self.timeZone = timeZone
        self.credentials = credentials
    }
}

extension SQLStore {
    /// Adds a channel account after checking its name, market, zone and credentials.
    public func createChannelAccount(
        workspace: Workspace.ID, platform: Platform, name: String, market: String, timeZone: String?,
        credentials: ChannelCredentials, now: Date
    ) async throws -> ChannelAccount {
        let name = try ValidationError.validatedName(name)
        let (market, zone) = try Market.validated(market: market, timeZone: timeZone)
        try credentials.validate(for: platform)
        let account = ChannelAccount(
            id: self.ids.make(), workspaceID: workspace, platform: platform, name: name, market: market, timeZone: zone,
            credentialFields: credentials.fieldNames, createdAt: now
        )
        let sealed = try self.secrets.seal(try JSONEncoder().encode(credentials.fields))
        let fields = account.credentialFields.joined(separator: ",")
        try await self.engine.transaction { db in
            try await db.raw(
                """
                INSERT INTO channel_accounts (id, workspace_id, platform, name, market, time_zone, credentials,
                                              credential_fields, created_at)
                VALUES (\(bind: account.id.rawValue), \(bind: workspace.rawValue), \(bind: platform.rawValue),
                        \(bind: name), \(bind: market), \(bind: zone), \(bind: sealed), \(bind: fields), \(bind: now.storeMillis))
                """
            ).run()
        }
        return account
    }

    public func listChannelAccounts(workspace: Workspace.ID) async throws -> [ChannelAccount] {
        try await self.engine.read { db in
            try await db.raw(
                """
                SELECT * FROM channel_accounts WHERE workspace_id = \(bind: workspace.rawValue) AND archived_at IS NULL
                ORDER BY created_at, id
                """
            ).all().map(Self.channelAccount(from:))
        }
    }

    public func channelAccount(_ id: ChannelAccount.ID, workspace: Workspace.ID) async throws -> ChannelAccount {
        let row = try await self.engine.read { db in
            try await db.raw(
                """
                SELECT * FROM channel_accounts WHERE id = \(bind: id.rawValue) AND workspace_id = \(bind: workspace.rawValue)
                AND archived_at IS NULL
                """
            ).first()
        }
        guard let row else { throw StoreError.notFound("channel account \(id)") }
        return try Self.channelAccount(from: row)
    }

    /// A channel account with its decrypted credentials, looked up by id alone: webhooks name the account
    /// in their path and prove who they are by signature, not by session.
    public func channelAccountWithCredentials(_ id: ChannelAccount.ID) async throws -> (ChannelAccount, ChannelCredentials)? {
        let row = try await self.engine.read { db in
            try await db.raw("SELECT * FROM channel_accounts WHERE id = \(bind: id.rawValue) AND archived_at IS NULL").first()
        }
        guard let row else { return nil }
        return (try Self.channelAccount(from: row), try self.credentials(from: row))
    }

    /// Every live channel account of `platforms`, in every workspace, with its credentials: for the
    /// background services that talk to platforms on the accounts' behalf.
    public func channelAccountsWithCredentials(platforms: [Platform]) async throws -> [(ChannelAccount, ChannelCredentials)] {
        guard !platforms.isEmpty else { return [] }
        let rows = try await self.engine.read { db in
            try await db.raw(
                SQLQueryString("SELECT * FROM channel_accounts WHERE archived_at IS NULL AND platform IN (")
                    + Self.bindList(platforms.map(\.rawValue)) + SQLQueryString(") ORDER BY id")
            ).all()
        }
        return try rows.map { (try Self.channelAccount(from: $0), try self.credentials(from: $0)) }
    }

    private func credentials(from row: any SQLRow) throws -> ChannelCredentials {
        let sealed = try row.decode(column: "credentials", as: Data.self)
        return ChannelCredentials(try JSONDecoder().decode([String: String].self, from: try self.secrets.open(sealed)))
    }

    public func updateChannelAccount(
        _ id: ChannelAccount.ID, workspace: Workspace.ID, update: ChannelAccountUpdate
    ) async throws -> ChannelAccount {
        var account = try await self.channelAccount(id, workspace: workspace)
        if let name = update.name { account.name = try ValidationError.validatedName(name) }
        if update.market != nil || update.timeZone != nil {
            let zone = update.timeZone ?? (update.market == nil ? account.timeZone : nil)
            (account.market, account.timeZone) = try Market.validated(market: update.market ?? account.market, timeZone: zone)
        }
        var sealed: Data?
        if let credentials = update.credentials {
            try credentials.validate(for: account.platform)
            account.credentialFields = credentials.fieldNames
            sealed = try self.secrets.seal(try JSONEncoder().encode(credentials.fields))
        }
        let updated = account
        let newCredentials = sealed
        let kind = self.engine.kind
        try await self.engine.transaction { db in
            try await db.raw(
                """
                UPDATE channel_accounts SET name = \(bind: updated.name), market = \(bind: updated.market),
                    time_zone = \(bind: updated.timeZone), credential_fields = \(bind: updated.credentialFields.joined(separator: ","))
                WHERE id = \(bind: id.rawValue) AND workspace_id = \(bind: workspace.rawValue)
                """
            ).run()
            if let sealed = newCredentials {
                try await db.raw("UPDATE channel_accounts SET credentials = \(bind: sealed) WHERE id = \(bind: id.rawValue)").run()
            }
            // The market and time zone choose the platform's rules and the local day they read.
            if update.market != nil || update.timeZone != nil {
                _ = try await Self.recomputeDeadlines(workspace: workspace, channels: [id], kind: kind, in: db)
            }
        }
        return updated
    }

    /// Archives a channel account: it stops receiving webhooks and leaves lists, and its conversations stay.
    public func archiveChannelAccount(_ id: ChannelAccount.ID, workspace: Workspace.ID, now: Date) async throws {
        _ = try await self.channelAccount(id, workspace: workspace)
        try await self.engine.transaction { db in
            try await db.raw(
                """
                UPDATE channel_accounts SET archived_at = \(bind: now.storeMillis)
                WHERE id = \(bind: id.rawValue) AND workspace_id = \(bind: workspace.rawValue)
                """
            ).run()
        }
    }

    static func channelAccount(from row: any SQLRow) throws -> ChannelAccount {
        let fields = try row.string("credential_fields")
        return ChannelAccount(
            id: try row.id("id"), workspaceID: try row.id("workspace_id"), platform: try row.enumValue("platform"),
            name: try row.string("name"), market: try row.string("market"), timeZone: try row.string("time_zone"),
            credentialFields: fields.isEmpty ? [] : fields.split(separator: ",").map(String.init),
            createdAt: try row.date("created_at")
        )
    }
}
