import Foundation
import SQLKit
import ShopDeskCore

/// A balance that does not equal the sum of its ledger (what `shopdesk stock verify` reports).
public struct StockDifference: Sendable, Hashable {
    public var sku: String
    public var location: String
    public var balance: StockBalance
    public var ledger: StockBalance
}

/// One ledger entry as stored.
public struct StockLedgerEntry: Sendable, Hashable {
    public var kind: StockMovement.Kind
    public var quantity: Int64
    public var change: StockMovement.Change
    public var reason: String?
    public var reference: String?
    public var actor: String
    public var at: Date
}

extension SQLStore {
    /// Where stock is counted until the seller names warehouses.
    public static let defaultLocation = "default"

    /// A stocktake at the default location: on hand becomes `count`, recorded as the difference. A count
    /// below what carts and orders hold is refused.
    public func setOnHand(
        _ count: Int64, sku: String, workspace: Workspace.ID, actor: String, reason: String? = nil, now: Date
    ) async throws -> StockBalance {
        guard count >= 0, count <= 1_000_000_000 else {
            throw StoreError.invalid(field: "on_hand", message: "on_hand must be 0 to 1000000000")
        }
        let variant = try await self.variant(sku: sku, workspace: workspace)
        let kind = self.engine.kind
        return try await self.engine.transaction { db in
            let current = try await Self.balance(variant.id, lock: kind == .postgres, in: db)
            return try await Self.move(
                StockMovement(kind: .stocktake, quantity: count - current.onHand), variant: variant.id, from: current, workspace: workspace,
                reason: reason, reference: nil, actor: actor, now: now, in: db, ids: self.ids)
        }
    }

    /// A SKU's ledger, newest first.
    public func stockMovements(sku: String, workspace: Workspace.ID, limit: Int = 100) async throws -> [StockLedgerEntry] {
        let variant = try await self.variant(sku: sku, workspace: workspace)
        return try await self.engine.read { db in
            try await db.raw(
                """
                SELECT * FROM stock_movements WHERE variant_id = \(bind: variant.id.rawValue) ORDER BY at DESC, id DESC LIMIT \(bind: limit)
                """
            ).all().map { row in
                StockLedgerEntry(
                    kind: try row.enumValue("kind"), quantity: try row.decode(column: "quantity", as: Int64.self),
                    change: StockMovement.Change(
                        onHand: try row.decode(column: "on_hand_change", as: Int64.self),
                        reserved: try row.decode(column: "reserved_change", as: Int64.self)),
                    reason: try row.optionalString("reason"), reference: try row.optionalString("reference"), actor: try row.string("actor"),
                    at: try row.date("at"))
            }
        }
    }

    /// Every balance whose on-hand or reserved count differs from the sum of its ledger (none, when all is
    /// well). The sums are cast back to BIGINT: PostgreSQL sums BIGINTs as NUMERIC.
    public func verifyStock() async throws -> [StockDifference] {
        try await self.engine.read { db in
            try await db.raw(
                """
                SELECT v.sku, b.location, b.on_hand, b.reserved,
                    CAST(COALESCE((SELECT SUM(m.on_hand_change) FROM stock_movements m
                        WHERE m.variant_id = b.variant_id AND m.location = b.location), 0) AS BIGINT) AS ledger_on_hand,
                    CAST(COALESCE((SELECT SUM(m.reserved_change) FROM stock_movements m
                        WHERE m.variant_id = b.variant_id AND m.location = b.location), 0) AS BIGINT) AS ledger_reserved
                FROM stock_balances b JOIN product_variants v ON v.id = b.variant_id
                ORDER BY v.sku, b.location
                """
            ).all().compactMap { row in
                let balance = StockBalance(
                    onHand: try row.decode(column: "on_hand", as: Int64.self), reserved: try row.decode(column: "reserved", as: Int64.self))
                let ledger = StockBalance(
                    onHand: try row.decode(column: "ledger_on_hand", as: Int64.self),
                    reserved: try row.decode(column: "ledger_reserved", as: Int64.self))
                return balance == ledger
                    ? nil : StockDifference(sku: try row.string("sku"), location: try row.string("location"), balance: balance, ledger: ledger)
            }
        }
    }

    /// The balance of a variant at the default location; with `lock`, locked until the transaction ends
    /// (PostgreSQL only: SQLite's single writer serialises anyway).
    static func balance(_ variant: ProductVariant.ID, lock: Bool, in db: any SQLDatabase) async throws -> StockBalance {
        let row = try await db.raw(
            SQLQueryString(
                """
                SELECT on_hand, reserved FROM stock_balances WHERE variant_id = \(bind: variant.rawValue) AND location = \(bind: Self.defaultLocation)
                """) + SQLQueryString(lock ? " FOR UPDATE" : "")
        ).first()
        guard let row else { throw StoreError.notFound("stock of variant \(variant)") }
        return StockBalance(onHand: try row.decode(column: "on_hand", as: Int64.self), reserved: try row.decode(column: "reserved", as: Int64.self))
    }

    /// Applies one movement to a balance read (and locked) in this transaction: the ledger entry and the
    /// new balance are written together, or the movement is refused (`StockError`) and nothing is.
    static func move(
        _ movement: StockMovement, variant: ProductVariant.ID, from current: StockBalance, workspace: Workspace.ID, reason: String?,
        reference: String?, actor: String, now: Date, in db: any SQLDatabase, ids: IDGenerator
    ) async throws -> StockBalance {
        let next = try current.applying(movement.change)
        try await db.raw(
            """
            UPDATE stock_balances SET on_hand = \(bind: next.onHand), reserved = \(bind: next.reserved), updated_at = \(bind: now.storeMillis)
            WHERE variant_id = \(bind: variant.rawValue) AND location = \(bind: Self.defaultLocation)
            """
        ).run()
        try await Self.recordMovement(
            movement, variant: variant, workspace: workspace, reason: reason, reference: reference, actor: actor, now: now, in: db, ids: ids)
        return next
    }

    /// Appends a ledger entry (the balance is written by the caller in the same transaction); a movement
    /// that changes what is available makes the variant's listings due for a push.
    ///
    /// - Parameter marksChange: false when the caller marks the variant's change itself, once for many
    ///   movements (a batch of checkouts on one hot SKU).
    static func recordMovement(
        _ movement: StockMovement, variant: ProductVariant.ID, workspace: Workspace.ID, reason: String?, reference: String?, actor: String,
        now: Date, marksChange: Bool = true, in db: any SQLDatabase, ids: IDGenerator
    ) async throws {
        let id: Identifier<StockMovement> = ids.make()
        let change = movement.change
        try await db.raw(
            """
            INSERT INTO stock_movements (id, workspace_id, variant_id, location, kind, quantity, on_hand_change, reserved_change, reason,
                reference, actor, at)
            VALUES (\(bind: id.rawValue), \(bind: workspace.rawValue), \(bind: variant.rawValue), \(bind: Self.defaultLocation),
                \(bind: movement.kind.rawValue), \(bind: movement.quantity), \(bind: change.onHand), \(bind: change.reserved), \(bind: reason),
                \(bind: reference), \(bind: actor), \(bind: now.storeMillis))
            """
        ).run()
        if marksChange, change.onHand != change.reserved {
            try await Self.stockChanged(variant, workspace: workspace, now: now, in: db)
        }
    }
}

/// A SKU with its titles, its stock at the default location and its listings, for the catalog page.
public struct StockedSKU: Sendable, Hashable {
    public var sku: String
    public var title: [String: String]
    public var balance: StockBalance
    public var listings: [Listing]
    public var lowStockThreshold: Int64

    public var level: StockLevel { StockLevel(available: self.balance.available, threshold: self.lowStockThreshold) }
}

extension SQLStore {
    /// The workspace's SKUs by SKU (at most `limit`, those matching `sku` when given), with titles,
    /// stock and listings.
    public func stockList(workspace: Workspace.ID, sku: String? = nil, limit: Int = 500) async throws -> [StockedSKU] {
        try await self.engine.read { db in
            let only = sku.map { SQLQueryString(" AND v.sku = \(bind: $0)") } ?? SQLQueryString("")
            let rows = try await db.raw(
                SQLQueryString(
                    """
                    SELECT v.id, v.sku, v.low_stock_threshold, p.title, b.on_hand, b.reserved FROM product_variants v JOIN products p ON p.id = v.product_id
                    JOIN stock_balances b ON b.variant_id = v.id AND b.location = \(bind: Self.defaultLocation)
                    WHERE v.workspace_id = \(bind: workspace.rawValue)
                    """) + only + SQLQueryString(" ORDER BY v.sku LIMIT \(bind: limit)")
            ).all()
            let listings = try await Self.listings(
                SQLQueryString("l.workspace_id = \(bind: workspace.rawValue)")
                    + (sku.map {
                        SQLQueryString(
                            " AND l.variant_id = (SELECT id FROM product_variants WHERE workspace_id = \(bind: workspace.rawValue) AND sku = \(bind: $0))"
                        )
                    }
                        ?? SQLQueryString("")),
                in: db)
            return try rows.map { row in
                StockedSKU(
                    sku: try row.string("sku"), title: try JSONDecoder().decode([String: String].self, from: Data(try row.string("title").utf8)),
                    balance: StockBalance(
                        onHand: try row.decode(column: "on_hand", as: Int64.self), reserved: try row.decode(column: "reserved", as: Int64.self)),
                    listings: listings[try row.id("id")] ?? [], lowStockThreshold: try row.decode(column: "low_stock_threshold", as: Int64.self))
            }
        }
    }
}
