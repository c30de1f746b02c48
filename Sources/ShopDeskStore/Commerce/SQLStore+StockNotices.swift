import Foundation
import SQLKit
import ShopDeskCore

/// A SKU's notice claimed for sending.
public struct ClaimedStockNotice: Sendable, Hashable {
    public var variantID: ProductVariant.ID
    public var notice: StockNotice
    /// Attempts so far, this one included.
    public var attempts: Int
    public var leaseUntil: Date
}

extension SQLStore {
    /// Claims up to `limit` SKUs whose stock changed since their last notice (or whose lease ran out),
    /// with their balance and level now: changes in between are coalesced into one notice.
    public func claimStockNotices(now: Date, lease: TimeInterval, limit: Int = 100) async throws -> [ClaimedStockNotice] {
        let skipLocked = self.engine.kind == .postgres ? " FOR UPDATE OF n SKIP LOCKED" : ""
        let leaseUntil = now.addingTimeInterval(lease)
        return try await self.engine.transaction { db in
            let rows = try await db.raw(
                SQLQueryString(
                    """
                    SELECT n.variant_id, n.workspace_id, n.attempts, n.level, v.sku, v.low_stock_threshold, b.on_hand, b.reserved
                    FROM stock_notices n JOIN product_variants v ON v.id = n.variant_id
                    JOIN stock_balances b ON b.variant_id = n.variant_id AND b.location = \(bind: Self.defaultLocation)
                    WHERE n.next_at IS NOT NULL AND n.next_at <= \(bind: now.storeMillis) ORDER BY n.next_at LIMIT \(bind: limit)
                    """) + SQLQueryString(skipLocked)
            ).all()
            var claimed: [ClaimedStockNotice] = []
            for row in rows {
                let variant: ProductVariant.ID = try row.id("variant_id")
                try await db.raw(
                    """
                    UPDATE stock_notices SET next_at = \(bind: leaseUntil.storeMillis), due_since = NULL, attempts = attempts + 1
                    WHERE variant_id = \(bind: variant.rawValue)
                    """
                ).run()
                claimed.append(
                    ClaimedStockNotice(
                        variantID: variant,
                        notice: StockNotice(
                            workspaceID: try row.id("workspace_id"), sku: try row.string("sku"),
                            balance: StockBalance(
                                onHand: try row.decode(column: "on_hand", as: Int64.self),
                                reserved: try row.decode(column: "reserved", as: Int64.self)),
                            threshold: try row.decode(column: "low_stock_threshold", as: Int64.self), previous: try row.enumValue("level"), at: now),
                        attempts: try row.int("attempts") + 1, leaseUntil: leaseUntil))
            }
            return claimed
        }
    }

    /// A notice went out (or was given up, with `error`): its level is remembered, and a change that came
    /// meanwhile makes the next one due now. With `retryAt` it failed and goes again then.
    public func finishStockNotice(_ claimed: ClaimedStockNotice, retryAt: Date?, error: String?, now: Date) async throws {
        try await self.engine.transaction { db in
            if let retryAt {
                try await db.raw(
                    """
                    UPDATE stock_notices SET next_at = \(bind: retryAt.storeMillis), due_since = COALESCE(due_since, \(bind: claimed.notice.at.storeMillis)),
                        last_error = \(bind: error)
                    WHERE variant_id = \(bind: claimed.variantID.rawValue) AND next_at = \(bind: claimed.leaseUntil.storeMillis)
                    """
                ).run()
                return
            }
            try await db.raw(
                """
                UPDATE stock_notices SET level = \(bind: claimed.notice.level.rawValue), attempts = 0, last_error = \(bind: error),
                    next_at = CASE WHEN due_since IS NOT NULL THEN \(bind: now.storeMillis) ELSE NULL END
                WHERE variant_id = \(bind: claimed.variantID.rawValue) AND next_at = \(bind: claimed.leaseUntil.storeMillis)
                """
            ).run()
        }
    }

    public func nextStockNotice() async throws -> Date? {
        try await self.engine.read { db in
            try await db.raw("SELECT MIN(next_at) AS t FROM stock_notices WHERE next_at IS NOT NULL").first()?.optionalDate("t")
        }
    }

    /// Sets the level at or below which a SKU counts as low on stock.
    public func setLowStockThreshold(_ threshold: Int64, sku: String, workspace: Workspace.ID, now: Date) async throws {
        guard (0...1_000_000_000).contains(threshold) else {
            throw StoreError.invalid(field: "low_stock_threshold", message: "low_stock_threshold must be 0 to 1000000000")
        }
        let variant = try await self.variant(sku: sku, workspace: workspace)
        try await self.engine.transaction { db in
            try await db.raw("UPDATE product_variants SET low_stock_threshold = \(bind: threshold) WHERE id = \(bind: variant.id.rawValue)").run()
            try await Self.stockChanged(variant.id, workspace: workspace, now: now, in: db)
        }
    }
}
