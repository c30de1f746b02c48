import Foundation
import SQLKit
import ShopDeskCore

extension SQLStore {
    /// Links a SKU to its listing on a channel account of the workspace (its stock is then pushed there);
    /// a listing already linked to another SKU of that account, or the SKU already listed there, is a
    /// conflict.
    public func linkListing(
        sku: String, channel: ChannelAccount.ID, platformProductID: String, platformSKUID: String, workspace: Workspace.ID, now: Date
    ) async throws {
        let variant = try await self.variant(sku: sku, workspace: workspace)
        _ = try await self.channelAccount(channel, workspace: workspace)
        for (field, value) in [("platform_product_id", platformProductID), ("platform_sku_id", platformSKUID)] {
            guard !value.isEmpty, value.count <= 64 else { throw StoreError.invalid(field: field, message: "\(field) must be 1 to 64 characters") }
        }
        let linked = try await self.engine.transaction { db in
            try await db.raw(
                """
                INSERT INTO listings (workspace_id, channel_account_id, variant_id, platform_product_id, platform_sku_id, created_at,
                    push_due_since, push_next_at)
                VALUES (\(bind: workspace.rawValue), \(bind: channel.rawValue), \(bind: variant.id.rawValue), \(bind: platformProductID),
                    \(bind: platformSKUID), \(bind: now.storeMillis), \(bind: now.storeMillis), \(bind: now.storeMillis))
                ON CONFLICT DO NOTHING RETURNING variant_id
                """
            ).first() != nil
        }
        guard linked else {
            throw StoreError.conflict("\(sku) or listing \(platformProductID)/\(platformSKUID) is already linked on this channel account")
        }
        try await self.engine.transaction { db in
            try await db.raw(
                """
                DELETE FROM unlinked_listings WHERE channel_account_id = \(bind: channel.rawValue)
                AND platform_product_id = \(bind: platformProductID) AND platform_sku_id = \(bind: platformSKUID)
                """
            ).run()
        }
    }

    /// What a channel's product import did: listings linked to the catalog SKU they name, listings
    /// linked before, and listings whose seller SKU matched nothing (kept for linking by hand).
    public struct ListingImport: Sendable, Hashable {
        /// The catalog SKUs linked by this import.
        public var linked: [String]
        public var alreadyLinked: Int
        public var unmatched: [UnlinkedListing]
    }

    /// Links each imported listing whose seller SKU is in the catalog (and not listed on this channel
    /// yet) to that SKU; the rest are kept as unlinked, replacing what an earlier import kept.
    public func importListings(
        _ listings: [UnlinkedListing], channel: ChannelAccount.ID, workspace: Workspace.ID, now: Date
    ) async throws -> ListingImport {
        _ = try await self.channelAccount(channel, workspace: workspace)
        return try await self.engine.transaction { db in
            var result = ListingImport(linked: [], alreadyLinked: 0, unmatched: [])
            try await db.raw("DELETE FROM unlinked_listings WHERE channel_account_id = \(bind: channel.rawValue)").run()
            let variants = try await Self.variantIDs(listings.compactMap(\.sellerSKU), workspace: workspace, in: db)
            for listing in listings {
                let existing = try await db.raw(
                    """
                    SELECT variant_id FROM listings WHERE channel_account_id = \(bind: channel.rawValue)
                    AND platform_product_id = \(bind: listing.key.productID) AND platform_sku_id = \(bind: listing.key.skuID)
                    """
                ).first()
                if existing != nil {
                    result.alreadyLinked += 1
                    continue
                }
                if let sku = listing.sellerSKU, let variant = variants[sku] {
                    let inserted = try await db.raw(
                        """
                        INSERT INTO listings (workspace_id, channel_account_id, variant_id, platform_product_id, platform_sku_id, created_at,
                            push_due_since, push_next_at)
                        VALUES (\(bind: workspace.rawValue), \(bind: channel.rawValue), \(bind: variant.rawValue), \(bind: listing.key.productID),
                            \(bind: listing.key.skuID), \(bind: now.storeMillis), \(bind: now.storeMillis), \(bind: now.storeMillis))
                        ON CONFLICT DO NOTHING RETURNING variant_id
                        """
                    ).first()
                    if inserted != nil {
                        result.linked.append(sku)
                        continue
                    }
                }
                // No SKU, a SKU not in the catalog, or a SKU already listed here under another listing.
                try await db.raw(
                    """
                    INSERT INTO unlinked_listings (channel_account_id, platform_product_id, platform_sku_id, workspace_id, seller_sku, title,
                        imported_at)
                    VALUES (\(bind: channel.rawValue), \(bind: listing.key.productID), \(bind: listing.key.skuID), \(bind: workspace.rawValue),
                        \(bind: listing.sellerSKU), \(bind: listing.title), \(bind: now.storeMillis))
                    ON CONFLICT DO NOTHING
                    """
                ).run()
                result.unmatched.append(listing)
            }
            return result
        }
    }

    /// The listings imports found and nobody has linked yet, by channel and title.
    public func unlinkedListings(workspace: Workspace.ID, channel: ChannelAccount.ID? = nil) async throws -> [UnlinkedListing] {
        try await self.engine.read { db in
            let only = channel.map { SQLQueryString(" AND u.channel_account_id = \(bind: $0.rawValue)") } ?? SQLQueryString("")
            return try await db.raw(
                SQLQueryString(
                    """
                    SELECT u.* FROM unlinked_listings u JOIN channel_accounts c ON c.id = u.channel_account_id
                    WHERE u.workspace_id = \(bind: workspace.rawValue) AND c.archived_at IS NULL
                    """) + only + SQLQueryString(" ORDER BY u.channel_account_id, u.title, u.platform_product_id, u.platform_sku_id LIMIT 1000")
            ).all().map { row in
                UnlinkedListing(
                    channelAccountID: try row.id("channel_account_id"),
                    key: PlatformListingKey(productID: try row.string("platform_product_id"), skuID: try row.string("platform_sku_id")),
                    sellerSKU: try row.optionalString("seller_sku"), title: try row.string("title"))
            }
        }
    }

    /// Sets what a channel account may sell of the shared stock; its listings are pushed again.
    public func setAllocation(_ allocation: ChannelAllocation, channel: ChannelAccount.ID, workspace: Workspace.ID, now: Date) async throws {
        _ = try await self.channelAccount(channel, workspace: workspace)
        let (rule, quantity) = allocation.rule
        try await self.engine.transaction { db in
            try await db.raw(
                """
                INSERT INTO channel_allocations (channel_account_id, workspace_id, rule, quantity, updated_at)
                VALUES (\(bind: channel.rawValue), \(bind: workspace.rawValue), \(bind: rule), \(bind: quantity), \(bind: now.storeMillis))
                ON CONFLICT (channel_account_id) DO UPDATE SET rule = excluded.rule, quantity = excluded.quantity, updated_at = excluded.updated_at
                """
            ).run()
            try await db.raw(
                """
                UPDATE listings SET push_due_since = COALESCE(push_due_since, \(bind: now.storeMillis)),
                    push_next_at = COALESCE(push_next_at, \(bind: now.storeMillis))
                WHERE channel_account_id = \(bind: channel.rawValue)
                """
            ).run()
        }
    }

    /// A SKU's stock at the default location and its listings with what each may offer now: the
    /// available units through each channel's allocation (the shared pool when none was set), and how
    /// far each platform has taken it.
    public func inventory(
        sku: String, workspace: Workspace.ID
    ) async throws -> (balance: StockBalance, listings: [Listing], lowStockThreshold: Int64) {
        let variant = try await self.variant(sku: sku, workspace: workspace)
        return try await self.engine.read { db in
            let balance = try await Self.balance(variant.id, lock: false, in: db)
            let listings = try await Self.listings(SQLQueryString("l.variant_id = \(bind: variant.id.rawValue)"), in: db)
            return (balance, listings[variant.id] ?? [], variant.lowStockThreshold)
        }
    }

    /// The listings matching `condition` (on `l`, the listings), by variant, each with its sellable
    /// quantity and its push.
    static func listings(_ condition: SQLQueryString, in db: any SQLDatabase) async throws -> [ProductVariant.ID: [Listing]] {
        var listings: [ProductVariant.ID: [Listing]] = [:]
        let rows = try await db.raw(
            SQLQueryString(
                """
                SELECT l.variant_id, l.channel_account_id, c.platform, l.platform_product_id, l.platform_sku_id, a.rule, a.quantity,
                    l.acked_quantity, l.acked_at, COALESCE(l.push_started_since, l.push_due_since) AS pending_since, l.push_error,
                    b.on_hand, b.reserved
                FROM listings l JOIN channel_accounts c ON c.id = l.channel_account_id
                JOIN stock_balances b ON b.variant_id = l.variant_id AND b.location = \(bind: Self.defaultLocation)
                LEFT JOIN channel_allocations a ON a.channel_account_id = l.channel_account_id
                WHERE c.archived_at IS NULL AND
                """) + SQLQueryString(" ") + condition + SQLQueryString(" ORDER BY l.variant_id, l.channel_account_id")
        ).all()
        for row in rows {
            let allocation =
                try row.optionalString("rule").map {
                    try ChannelAllocation(
                        rule: $0, quantity: try row.optionalInt64("quantity"))
                } ?? .shared
            let balance = StockBalance(
                onHand: try row.decode(column: "on_hand", as: Int64.self), reserved: try row.decode(column: "reserved", as: Int64.self))
            listings[try row.id("variant_id"), default: []].append(
                Listing(
                    channelAccountID: try row.id("channel_account_id"), platform: try row.enumValue("platform"),
                    platformProductID: try row.string("platform_product_id"), platformSKUID: try row.string("platform_sku_id"),
                    sellable: allocation.sellable(available: balance.available),
                    push: ListingPushState(
                        acknowledged: try row.optionalInt64("acked_quantity"),
                        acknowledgedAt: try row.optionalDate("acked_at"), pendingSince: try row.optionalDate("pending_since"),
                        error: try row.optionalString("push_error"))))
        }
        return listings
    }
}

/// A channel's product import as the seller sees it.
public struct ProductImport: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable {
        case queued, done, failed
    }

    public var channelAccountID: ChannelAccount.ID
    public var status: Status
    public var requestedAt: Date
    public var finishedAt: Date?
    public var linked: Int?
    public var alreadyLinked: Int?
    public var unmatched: Int?
    /// Why the last attempt failed (it is tried again while queued).
    public var error: String?
}

extension SQLStore {
    /// Asks for a channel's products to be imported (again); the import runs in the background.
    public func requestProductImport(channel: ChannelAccount.ID, workspace: Workspace.ID, now: Date) async throws -> ProductImport {
        _ = try await self.channelAccount(channel, workspace: workspace)
        try await self.engine.transaction { db in
            try await db.raw(
                """
                INSERT INTO product_imports (channel_account_id, workspace_id, requested_at, next_attempt_at)
                VALUES (\(bind: channel.rawValue), \(bind: workspace.rawValue), \(bind: now.storeMillis), \(bind: now.storeMillis))
                ON CONFLICT (channel_account_id) DO UPDATE SET requested_at = excluded.requested_at, next_attempt_at = excluded.next_attempt_at,
                    attempts = 0, error = NULL
                """
            ).run()
        }
        return try await self.productImport(channel: channel, workspace: workspace)!
    }

    public func productImport(channel: ChannelAccount.ID, workspace: Workspace.ID) async throws -> ProductImport? {
        try await self.engine.read { db in
            try await db.raw(
                """
                SELECT * FROM product_imports WHERE channel_account_id = \(bind: channel.rawValue) AND workspace_id = \(bind: workspace.rawValue)
                """
            ).first().map { row in
                let queued = !(try row.decodeNil(column: "next_attempt_at"))
                let error = try row.optionalString("error")
                func count(_ column: String) throws -> Int? { try row.decodeNil(column: column) ? nil : try row.int(column) }
                return ProductImport(
                    channelAccountID: channel, status: queued ? .queued : (error == nil ? .done : .failed), requestedAt: try row.date("requested_at"),
                    finishedAt: try row.optionalDate("finished_at"), linked: try count("linked"), alreadyLinked: try count("already_linked"),
                    unmatched: try count("unmatched"), error: error)
            }
        }
    }

    /// Claims the imports due (each until `now + lease`): the channel and its workspace, and the attempt.
    public func claimProductImports(
        now: Date, lease: TimeInterval
    ) async throws -> [(channel: ChannelAccount.ID, workspace: Workspace.ID, attempt: Int)] {
        try await self.engine.transaction { db in
            let due = try await db.raw(
                """
                SELECT channel_account_id, workspace_id, attempts FROM product_imports
                WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= \(bind: now.storeMillis) ORDER BY next_attempt_at LIMIT 20
                """
            ).all().map {
                (try $0.id("channel_account_id") as ChannelAccount.ID, try $0.id("workspace_id") as Workspace.ID, try $0.int("attempts") + 1)
            }
            for (channel, _, _) in due {
                try await db.raw(
                    """
                    UPDATE product_imports SET next_attempt_at = \(bind: now.addingTimeInterval(lease).storeMillis), attempts = attempts + 1
                    WHERE channel_account_id = \(bind: channel.rawValue)
                    """
                ).run()
            }
            return due.map { (channel: $0.0, workspace: $0.1, attempt: $0.2) }
        }
    }

    /// Records an import's outcome: its counts, or its error and when it is tried again (nil: given up).
    public func finishProductImport(
        channel: ChannelAccount.ID, result: ListingImport?, error: String?, retryAt: Date?, now: Date
    ) async throws {
        try await self.engine.transaction { db in
            try await db.raw(
                """
                UPDATE product_imports SET next_attempt_at = \(bind: retryAt?.storeMillis), finished_at = \(bind: now.storeMillis),
                    linked = \(bind: result?.linked.count), already_linked = \(bind: result?.alreadyLinked),
                    unmatched = \(bind: result?.unmatched.count), error = \(bind: error)
                WHERE channel_account_id = \(bind: channel.rawValue)
                """
            ).run()
        }
    }

    public func nextProductImport() async throws -> Date? {
        try await self.engine.read { db in
            try await db.raw("SELECT MIN(next_attempt_at) AS t FROM product_imports WHERE next_attempt_at IS NOT NULL").first()?.optionalDate("t")
        }
    }
}

extension SQLStore {
    /// The catalog SKUs a conversation is about: those whose listing on the channel a product card
    /// names, and those whose SKU the buyer wrote (as a word, any case); at most `limit`.
    public func mentionedStock(
        channel: ChannelAccount.ID, productIDs: Set<String>, texts: [String], workspace: Workspace.ID, limit: Int = 5
    ) async throws -> [StockedSKU] {
        let words = Set(
            texts.flatMap { $0.uppercased().split { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") } }.map(String.init))
        let skus = try await self.engine.read { db in
            var found: [String] = []
            if !productIDs.isEmpty {
                found += try await db.raw(
                    SQLQueryString(
                        """
                        SELECT DISTINCT v.sku FROM listings l JOIN product_variants v ON v.id = l.variant_id
                        WHERE l.channel_account_id = \(bind: channel.rawValue) AND l.platform_product_id IN (
                        """) + Self.bindList(productIDs.sorted()) + SQLQueryString(") ORDER BY v.sku")
                ).all().map { try $0.string("sku") }
            }
            if !words.isEmpty {
                found += try await db.raw(
                    SQLQueryString("SELECT sku FROM product_variants WHERE workspace_id = \(bind: workspace.rawValue) AND UPPER(sku) IN (")
                        + Self.bindList(words.sorted()) + SQLQueryString(") ORDER BY sku")
                ).all().map { try $0.string("sku") }
            }
            return found
        }
        var seen: Set<String> = []
        var stocked: [StockedSKU] = []
        for sku in skus where seen.insert(sku).inserted && stocked.count < limit {
            stocked += try await self.stockList(workspace: workspace, sku: sku)
        }
        return stocked
    }
}
