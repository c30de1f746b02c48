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
    public func inventory(sku: String, workspace: Workspace.ID) async throws -> (balance: StockBalance, listings: [Listing]) {
        let variant = try await self.variant(sku: sku, workspace: workspace)
        return try await self.engine.read { db in
            let balance = try await Self.balance(variant.id, lock: false, in: db)
            let listings = try await Self.listings(SQLQueryString("l.variant_id = \(bind: variant.id.rawValue)"), in: db)
            return (balance, listings[variant.id] ?? [])
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
                        rule: $0, quantity: try row.decodeNil(column: "quantity") ? nil : try row.decode(column: "quantity", as: Int64.self))
                } ?? .shared
            let balance = StockBalance(
                onHand: try row.decode(column: "on_hand", as: Int64.self), reserved: try row.decode(column: "reserved", as: Int64.self))
            listings[try row.id("variant_id"), default: []].append(
                Listing(
                    channelAccountID: try row.id("channel_account_id"), platform: try row.enumValue("platform"),
                    platformProductID: try row.string("platform_product_id"), platformSKUID: try row.string("platform_sku_id"),
                    sellable: allocation.sellable(available: balance.available),
                    push: ListingPushState(
                        acknowledged: try row.decodeNil(column: "acked_quantity") ? nil : try row.decode(column: "acked_quantity", as: Int64.self),
                        acknowledgedAt: try row.optionalDate("acked_at"), pendingSince: try row.optionalDate("pending_since"),
                        error: try row.optionalString("push_error"))))
        }
        return listings
    }
}
