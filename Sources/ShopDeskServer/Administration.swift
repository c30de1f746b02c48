import Foundation
import Logging
import ShopDeskCore
import ShopDeskStore

/// The operations behind `shopdesk migrate | admin | tokens | channels`: each opens the store, does one
/// thing in as few transactions as possible, and closes it.
public enum Administration {
    /// Applies missing migrations; returns the schema version after.
    public static func migrate(_ settings: AppSettings, logger: Logger) async throws -> (applied: [Int], version: Int) {
        try await self.withStore(settings, logger: logger, migrate: false) { store in
            let applied = try await store.migrate()
            return (applied, try await store.schemaVersion())
        }
    }

    /// Creates an owner (and, on first use, the workspace).
    public static func createAdmin(_ settings: AppSettings, email: String, password: String, name: String?, logger: Logger) async throws -> Agent {
        let email = try Agent.validatedEmail(email)
        try Agent.validatePassword(password)
        let hash = try await PasswordHasher.hash(password, cost: settings.bcryptCost)
        return try await self.withStore(settings, logger: logger) { store in
            let now = Date()
            let workspace: Workspace
            if let existing = try await store.firstWorkspace() {
                workspace = existing
            } else {
                workspace = try await store.createWorkspace(name: "ShopDesk", now: now)
            }
            let displayName = name ?? String(email.split(separator: "@").first ?? "Owner")
            let owner = try await store.createAgent(
                workspace: workspace.id, email: email, name: displayName, role: .owner, channelAccess: .all, passwordHash: hash, now: now
            )
            try await store.recordAudit(
                .agentCreated, by: .commandLine, workspace: workspace.id, subject: ("agent", owner.id.rawValue), detail: "role owner", now: now
            )
            return owner
        }
    }

    /// Creates an API token acting as the workspace's first owner; returns the secret.
    public static func createToken(_ settings: AppSettings, name: String, logger: Logger) async throws -> String {
        try await self.withDesk(settings, logger: logger) { desk, owner in
            try await desk.createToken(named: try ValidationError.validatedName(name, field: "token name"), by: owner).secret
        }
    }

    public static func addChannel(
        _ settings: AppSettings, platform: String, name: String, market: String, timeZone: String?, credentials: [String: String],
        logger: Logger
    ) async throws -> ChannelAccount {
        guard let platform = Platform(rawValue: platform) else {
            throw AdministrationError("unknown platform '\(platform)'; expected one of \(Platform.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return try await self.withDesk(settings, logger: logger) { desk, owner in
            let new = NewChannelAccount(
                platform: platform, name: name, market: market, timeZone: timeZone, credentials: ChannelCredentials(credentials)
            )
            return try await desk.createChannelAccount(new, by: owner)
        }
    }

    public static func listChannels(_ settings: AppSettings, logger: Logger) async throws -> [ChannelAccount] {
        try await self.withDesk(settings, logger: logger) { desk, owner in try await desk.channelAccounts(by: owner) }
    }

    /// Everything held about a buyer of the first workspace, as the export document's JSON.
    public static func exportBuyer(_ settings: AppSettings, buyer: String, logger: Logger) async throws -> Data {
        try await self.withDesk(settings, logger: logger) { desk, owner in
            try await desk.exportBuyer(Buyer.ID(rawValue: buyer), by: owner).jsonData()
        }
    }

    /// Erases a buyer of the first workspace (the command asks for confirmation first).
    public static func eraseBuyer(_ settings: AppSettings, buyer: String, logger: Logger) async throws -> ErasureReport {
        try await self.withDesk(settings, logger: logger) { desk, owner in
            try await desk.eraseBuyer(Buyer.ID(rawValue: buyer), confirmed: true, by: owner)
        }
    }

    /// A stocktake of a SKU of the first workspace from the command line; returns the balance after it.
    public static func setStock(_ settings: AppSettings, sku: String, onHand: Int64, logger: Logger) async throws -> StockBalance {
        try await self.withDesk(settings, logger: logger) { desk, owner in try await desk.setOnHand(onHand, sku: sku, by: owner).balance }
    }

    /// A SKU's balance and its latest ledger entries, newest first.
    public static func showStock(_ settings: AppSettings, sku: String, logger: Logger) async throws -> (StockBalance, [StockLedgerEntry]) {
        try await self.withDesk(settings, logger: logger) { desk, owner in
            (try await desk.inventory(sku: sku, by: owner).balance, try await desk.stockMovements(sku: sku, by: owner))
        }
    }

    /// Every balance that differs from the sum of its ledger (every workspace's).
    public static func verifyStock(_ settings: AppSettings, logger: Logger) async throws -> [StockDifference] {
        try await self.withDesk(settings, logger: logger) { desk, _ in try await desk.store.verifyStock() }
    }

    /// The first workspace's catalog with stock as CSV.
    public static func exportCatalog(_ settings: AppSettings, logger: Logger) async throws -> String {
        try await self.withDesk(settings, logger: logger) { desk, owner in try await desk.exportCatalog(by: owner) }
    }

    /// Imports a catalog CSV into the first workspace, whole or not at all; returns the rows taken.
    public static func importCatalog(_ settings: AppSettings, csv: String, logger: Logger) async throws -> Int {
        try await self.withDesk(settings, logger: logger) { desk, owner in try await desk.importCatalog(csv, by: owner) }
    }

    /// What `seed` made besides the rows: the owner it created (nil when one existed) and a new token.
    public struct SeedResult: Sendable {
        public var ownerEmail: String?
        public var ownerPassword: String?
        public var token: String
        public var channels: Int
    }

    /// Fills the first workspace (created, with an owner, when there is none) with `conversations`
    /// conversations of `messagesPerConversation` messages each, spread over the channel accounts
    /// (one per platform is created when the workspace has none), for benchmarks and load tests.
    public static func seed(
        _ settings: AppSettings, conversations: Int, messagesPerConversation: Int, buyerTexts: [String], replies: [String], names: [String],
        credentials: @escaping @Sendable (Platform) -> [String: String], logger: Logger, progress: @escaping @Sendable (Int) -> Void
    ) async throws -> SeedResult {
        var ownerEmail: String?
        var ownerPassword: String?
        let hasOwner = try await self.withStore(settings, logger: logger) { store in try await store.firstWorkspace() != nil }
        if !hasOwner {
            let email = "owner@seed.shopdesk.test"
            let password = TokenHasher.makeToken(prefix: "")
            _ = try await self.createAdmin(settings, email: email, password: password, name: "Seed owner", logger: logger)
            (ownerEmail, ownerPassword) = (email, password)
        }
        let token = try await self.createToken(settings, name: "seed", logger: logger)
        let channels = try await self.withStore(settings, logger: logger) { store -> Int in
            let owner = try await self.firstOwner(store)
            var accounts = try await store.listChannelAccounts(workspace: owner.workspaceID)
            if accounts.isEmpty {
                let now = Date()
                for (platform, market) in [
                    (Platform.tiktokShop, "VN"), (.shopee, "MY"), (.lazada, "TH"), (.facebook, "PH"), (.instagram, "ID"), (.whatsapp, "SG"),
                    (.line, "TH"),
                ] {
                    accounts.append(
                        try await store.createChannelAccount(
                            workspace: owner.workspaceID, platform: platform, name: "Seed \(platform.rawValue) \(market)", market: market,
                            timeZone: nil, credentials: ChannelCredentials(credentials(platform)), now: now
                        ))
                }
            }
            try await store.seed(
                SeedPlan(
                    workspace: owner.workspaceID, channels: accounts, agent: owner.id, conversations: conversations,
                    messagesPerConversation: messagesPerConversation, now: Date(), buyerTexts: buyerTexts, replies: replies, names: names
                ),
                progress: progress
            )
            return accounts.count
        }
        return SeedResult(ownerEmail: ownerEmail, ownerPassword: ownerPassword, token: token, channels: channels)
    }

    private static func firstOwner(_ store: SQLStore) async throws -> Agent {
        guard let workspace = try await store.firstWorkspace(),
            let owner = try await store.listAgents(workspace: workspace.id).first(where: { $0.role == .owner })
        else {
            throw AdministrationError("no workspace yet: run `shopdesk admin create --email … --password-stdin` first")
        }
        return owner
    }

    private static func withStore<R: Sendable>(
        _ settings: AppSettings, logger: Logger, migrate: Bool = true, _ body: @Sendable @escaping (SQLStore) async throws -> R
    ) async throws -> R {
        let location = try settings.databaseLocation()
        let secrets = try SecretBox.load(environmentKey: settings.secretKey, dataDirectory: settings.dataDirectory)
        return try await SQLStore.withStore(location, secrets: secrets, logger: logger) { store in
            if migrate { try await store.migrate() }
            return try await body(store)
        }
    }

    /// Runs one desk action as the command line, acting as the workspace's first owner.
    private static func withDesk<R: Sendable>(
        _ settings: AppSettings, logger: Logger, _ body: @Sendable @escaping (Desk, AuthenticatedAgent) async throws -> R
    ) async throws -> R {
        try await self.withStore(settings, logger: logger) { store in
            let desk = Desk.offline(store: store, bcryptCost: settings.bcryptCost, logger: logger)
            return try await body(desk, .commandLine(try await self.firstOwner(store)))
        }
    }
}

/// A command's input cannot be used; the message says what to change.
public struct AdministrationError: Error, CustomStringConvertible {
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// A one-line, human explanation of any error a command can end with.
public func describeForCommandLine(_ error: any Error) -> String {
    if let known = HTTPProblem(error) { return known.message }
    switch error {
    case let error as StoreError: return error.description
    case let error as SettingsError: return error.description
    case let error as AdministrationError: return error.description
    case let error as any CustomStringConvertible: return error.description
    default: return String(describing: error)
    }
}
