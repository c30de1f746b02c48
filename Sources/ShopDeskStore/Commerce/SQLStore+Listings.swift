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
        guard linked else { throw StoreError.conflict("\(sku) or listing \(platformSKUID) is already linked on this channel account") }
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
    /// available units through each channel's allocation (the shared pool when none was set).
    public func inventory(sku: String, workspace: Workspace.ID) async throws -> (balance: StockBalance, listings: [Listing]) {
        let variant = try await self.variant(sku: sku, workspace: workspace)
        return try await self.engine.read { db in
            let balance = try await Self.balance(variant.id, lock: false, in: db)
            let listings = try await db.raw(
                """
                SELECT l.channel_account_id, c.platform, l.platform_product_id, l.platform_sku_id, a.rule, a.quantity, l.acked_quantity,
                    l.acked_at, COALESCE(l.push_started_since, l.push_due_since) AS pending_since, l.push_error
                FROM listings l JOIN channel_accounts c ON c.id = l.channel_account_id
                LEFT JOIN channel_allocations a ON a.channel_account_id = l.channel_account_id
                WHERE l.variant_id = \(bind: variant.id.rawValue) AND c.archived_at IS NULL ORDER BY l.channel_account_id
                """
            ).all().map { row in
                let allocation =
                    try row.optionalString("rule").map {
                        try ChannelAllocation(
                            rule: $0, quantity: try row.decodeNil(column: "quantity") ? nil : try row.decode(column: "quantity", as: Int64.self))
                    } ?? .shared
                return Listing(
                    channelAccountID: try row.id("channel_account_id"), platform: try row.enumValue("platform"),
                    platformProductID: try row.string("platform_product_id"), platformSKUID: try row.string("platform_sku_id"),
                    sellable: allocation.sellable(available: balance.available),
                    push: ListingPushState(
                        acknowledged: try row.decodeNil(column: "acked_quantity") ? nil : try row.decode(column: "acked_quantity", as: Int64.self),
                        acknowledgedAt: try row.optionalDate("acked_at"), pendingSince: try row.optionalDate("pending_since"),
                        error: try row.optionalString("push_error")))
            }
            return (balance, listings)
        }
    }
}
