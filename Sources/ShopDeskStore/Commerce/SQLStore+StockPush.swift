import Foundation
import SQLKit
import ShopDeskCore

/// A listing's stock push claimed for sending: the update to send, and what recording its outcome needs.
public struct StockPushItem: Sendable, Hashable {
    public var workspaceID: Workspace.ID
    public var platform: Platform
    public var variantID: ProductVariant.ID
    /// The update with the listing's sellable quantity now; `delta` is filled from `basis` by whoever
    /// knows the platform takes deltas.
    public var update: StockUpdate
    /// The platform's count as ShopDesk last left it (less the units the platform sold itself since),
    /// when known.
    public var basis: Int64?
    /// A previous attempt was cut short, so what the platform took is unknown.
    public var inDoubt: Bool
    /// The first change this push carries: the time from it to the platform's acknowledgement is the
    /// push's latency.
    public var changedAt: Date
    /// Attempts so far, this one included.
    public var attempts: Int
    /// The claim; the outcome is recorded only while it is still this one.
    public var leaseUntil: Date
}

extension SQLStore {
    /// A change of a variant's available stock: every listing of it has a push due, and so has its notice
    /// to the seller's systems (each kept at its backoff time when it is waiting to retry). Called in the
    /// transaction that moved the stock.
    static func stockChanged(_ variant: ProductVariant.ID, workspace: Workspace.ID, now: Date, in db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE listings SET push_due_since = COALESCE(push_due_since, \(bind: now.storeMillis)),
                push_next_at = COALESCE(push_next_at, \(bind: now.storeMillis))
            WHERE variant_id = \(bind: variant.rawValue)
            """
        ).run()
        try await db.raw(
            """
            INSERT INTO stock_notices (variant_id, workspace_id, due_since, next_at)
            VALUES (\(bind: variant.rawValue), \(bind: workspace.rawValue), \(bind: now.storeMillis), \(bind: now.storeMillis))
            ON CONFLICT (variant_id) DO UPDATE SET due_since = COALESCE(stock_notices.due_since, excluded.due_since),
                next_at = COALESCE(stock_notices.next_at, excluded.next_at)
            """
        ).run()
    }

    /// Claims up to `limit` listings whose push is due, or whose previous attempt's lease ran out, with
    /// their sellable quantity read now (the latest value is the only one sent: changes in between are
    /// coalesced). Listings of platforms not in `pushable`, and listings whose platform already shows
    /// the value, are settled without a call.
    public func claimStockPushes(now: Date, lease: TimeInterval, pushable: Set<Platform>, limit: Int = 200) async throws -> [StockPushItem] {
        let skipLocked = self.engine.kind == .postgres ? " FOR UPDATE OF l SKIP LOCKED" : ""
        let nowMillis = now.storeMillis
        let leaseUntil = now.addingTimeInterval(lease)
        return try await self.engine.transaction { db in
            let rows = try await db.raw(
                SQLQueryString(
                    """
                    SELECT l.workspace_id, l.channel_account_id, l.variant_id, l.platform_product_id, l.platform_sku_id, l.push_due_since,
                        l.push_started_since, l.push_lease_until, l.push_attempts, l.delta_basis, c.platform, v.sku, b.on_hand, b.reserved,
                        a.rule, a.quantity
                    FROM listings l JOIN channel_accounts c ON c.id = l.channel_account_id JOIN product_variants v ON v.id = l.variant_id
                    JOIN stock_balances b ON b.variant_id = l.variant_id AND b.location = \(bind: Self.defaultLocation)
                    LEFT JOIN channel_allocations a ON a.channel_account_id = l.channel_account_id
                    WHERE l.push_next_at IS NOT NULL AND l.push_next_at <= \(bind: nowMillis) AND c.archived_at IS NULL
                    ORDER BY l.push_next_at LIMIT \(bind: limit)
                    """) + SQLQueryString(skipLocked)
            ).all()
            var items: [StockPushItem] = []
            for row in rows {
                let channel: ChannelAccount.ID = try row.id("channel_account_id")
                let variant: ProductVariant.ID = try row.id("variant_id")
                let platform: Platform = try row.enumValue("platform")
                let key = SQLQueryString(
                    "WHERE channel_account_id = \(bind: channel.rawValue) AND variant_id = \(bind: variant.rawValue)")
                let inDoubt = !(try row.decodeNil(column: "push_lease_until"))
                let basis = try row.optionalInt64("delta_basis")
                let balance = StockBalance(
                    onHand: try row.decode(column: "on_hand", as: Int64.self), reserved: try row.decode(column: "reserved", as: Int64.self))
                let allocation =
                    try row.optionalString("rule").map {
                        try ChannelAllocation(
                            rule: $0, quantity: try row.optionalInt64("quantity"))
                    } ?? .shared
                let sellable = allocation.sellable(available: balance.available)
                guard pushable.contains(platform) else {
                    try await db.raw(
                        SQLQueryString("UPDATE listings SET push_due_since = NULL, push_next_at = NULL, push_attempts = 0 ") + key
                    ).run()
                    continue
                }
                // The platform shows this value already (its own sale or cancellation moved both): its
                // count is taken as acknowledged, with no call.
                guard inDoubt || basis != sellable else {
                    try await db.raw(
                        SQLQueryString(
                            """
                            UPDATE listings SET push_due_since = NULL, push_next_at = NULL, push_started_since = NULL, push_attempts = 0,
                                push_error = NULL, acked_quantity = \(bind: sellable), acked_at = \(bind: nowMillis)
                            """) + SQLQueryString(" ") + key
                    ).run()
                    continue
                }
                let changedAt =
                    inDoubt
                    ? (try row.optionalDate("push_started_since") ?? row.optionalDate("push_due_since") ?? now)
                    : (try row.optionalDate("push_due_since") ?? now)
                try await db.raw(
                    SQLQueryString(
                        """
                        UPDATE listings SET push_lease_until = \(bind: leaseUntil.storeMillis), push_next_at = \(bind: leaseUntil.storeMillis),
                            push_started_since = \(bind: changedAt.storeMillis), push_due_since = NULL, push_quantity = \(bind: sellable),
                            push_attempts = push_attempts + 1
                        """) + SQLQueryString(" ") + key
                ).run()
                items.append(
                    StockPushItem(
                        workspaceID: try row.id("workspace_id"), platform: platform, variantID: variant,
                        update: StockUpdate(
                            channelAccountID: channel, sku: try row.string("sku"), platformProductID: try row.string("platform_product_id"),
                            platformSKUID: try row.string("platform_sku_id"), quantity: sellable, delta: nil),
                        basis: inDoubt ? nil : basis, inDoubt: inDoubt, changedAt: changedAt, attempts: try row.int("push_attempts") + 1,
                        leaseUntil: leaseUntil))
            }
            return items
        }
    }

    /// What became of claimed pushes. An acknowledgement records the platform's count (a push sent as a
    /// delta moves the basis by that delta, so sales the platform made meanwhile stay counted); a retry
    /// puts the change back in line at `retryAt` and forgets the basis, so the next attempt sends a
    /// total, and so does a refused delta, at once; a refused total is kept beside the listing for the
    /// seller. A change that came while the push was
    /// in flight makes another push due at once.
    public func recordStockPushes(_ outcomes: [(item: StockPushItem, result: StockPushResult, retryAt: Date?)], now: Date) async throws {
        guard !outcomes.isEmpty else { return }
        let nowMillis = now.storeMillis
        try await self.engine.transaction { db in
            for (item, result, retryAt) in outcomes {
                let key = SQLQueryString(
                    """
                     WHERE channel_account_id = \(bind: item.update.channelAccountID.rawValue) AND variant_id = \(bind: item.variantID.rawValue)
                    AND push_lease_until = \(bind: item.leaseUntil.storeMillis)
                    """)
                let again = SQLQueryString(
                    "push_next_at = CASE WHEN push_due_since IS NOT NULL THEN \(bind: nowMillis) ELSE NULL END")
                switch result {
                case .acknowledged(let quantity):
                    let basis =
                        item.update.delta.map { SQLQueryString("delta_basis = COALESCE(delta_basis, 0) + \(bind: $0)") }
                        ?? SQLQueryString("delta_basis = \(bind: quantity)")
                    try await db.raw(
                        SQLQueryString(
                            """
                            UPDATE listings SET acked_quantity = \(bind: quantity), acked_at = \(bind: nowMillis), push_lease_until = NULL,
                                push_started_since = NULL, push_attempts = 0, push_error = NULL,
                            """) + basis + SQLQueryString(", ") + again + key
                    ).run()
                case .retry(let reason, _):
                    let at = (retryAt ?? now).storeMillis
                    try await db.raw(
                        SQLQueryString(
                            """
                            UPDATE listings SET push_lease_until = NULL, push_next_at = \(bind: at),
                                push_due_since = COALESCE(push_due_since, push_started_since), push_started_since = NULL,
                                push_error = \(bind: "retrying: " + reason), delta_basis = NULL
                            """) + key
                    ).run()
                case .rejected(let reason) where item.update.delta != nil:
                    // A change the platform would not apply (Lazada: it would take its count below zero,
                    // because it sold units ShopDesk has not heard of yet): sent again at once as a total.
                    try await db.raw(
                        SQLQueryString(
                            """
                            UPDATE listings SET push_lease_until = NULL, push_next_at = \(bind: nowMillis),
                                push_due_since = COALESCE(push_due_since, push_started_since), push_started_since = NULL,
                                push_error = \(bind: "retrying as a total: " + reason), delta_basis = NULL
                            """) + key
                    ).run()
                case .rejected(let reason):
                    try await db.raw(
                        SQLQueryString(
                            """
                            UPDATE listings SET push_lease_until = NULL, push_started_since = NULL, push_attempts = 0, push_error = \(bind: reason),
                            """) + again + key
                    ).run()
                }
            }
        }
    }

    /// When the next listing's push falls due (nil when none is waiting).
    public func nextStockPush() async throws -> Date? {
        try await self.engine.read { db in
            try await db.raw("SELECT MIN(push_next_at) AS t FROM listings WHERE push_next_at IS NOT NULL").first()?.optionalDate("t")
        }
    }
}
