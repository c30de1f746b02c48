import Foundation
import SQLKit
import ShopDeskCore

/// An order to fetch from its platform, claimed.
public struct OrderFetch: Sendable, Hashable {
    public var channelAccountID: ChannelAccount.ID
    public var orderID: String
    /// The push this fetch answers: a newer push while it runs makes it due again.
    public var requestedAt: Date
    /// Attempts so far, this one included.
    public var attempts: Int
}

/// A marketplace order's hold on the ledger, as stored.
public struct ChannelOrderStock: Sendable, Hashable {
    public struct Line: Sendable, Hashable, Codable {
        public var sku: String
        /// Units ordered.
        public var quantity: Int64
        /// Units the ledger held for it; fewer than ordered when the platform sold what was gone.
        public var held: Int64
    }

    public var platformStatus: String
    public var state: ChannelOrder.StockState
    public var lines: [Line]
    /// Units sold on the platform beyond the seller's stock.
    public var oversold: Int64 { self.lines.reduce(0) { $0 + $1.quantity - $1.held } }
}

extension SQLStore {
    /// Claims up to `limit` orders due to be fetched, each until `now + lease`.
    public func claimOrderFetches(now: Date, lease: TimeInterval, limit: Int = 200) async throws -> [OrderFetch] {
        let skipLocked = self.engine.kind == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        return try await self.engine.transaction { db in
            let fetches = try await db.raw(
                SQLQueryString(
                    """
                    SELECT channel_account_id, order_id, requested_at, attempts FROM order_fetches
                    WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= \(bind: now.storeMillis)
                    ORDER BY next_attempt_at LIMIT \(bind: limit)
                    """) + SQLQueryString(skipLocked)
            ).all().map {
                OrderFetch(
                    channelAccountID: try $0.id("channel_account_id"), orderID: try $0.string("order_id"), requestedAt: try $0.date("requested_at"),
                    attempts: try $0.int("attempts") + 1)
            }
            for fetch in fetches {
                try await db.raw(
                    """
                    UPDATE order_fetches SET next_attempt_at = \(bind: now.addingTimeInterval(lease).storeMillis), attempts = attempts + 1
                    WHERE channel_account_id = \(bind: fetch.channelAccountID.rawValue) AND order_id = \(bind: fetch.orderID)
                    """
                ).run()
            }
            return fetches
        }
    }

    /// The fetch is done: forgotten, unless another push asked again meanwhile (then it is due now).
    /// With `retryAt`, it failed and is tried again then, `error` kept beside it.
    public func finishOrderFetch(_ fetch: OrderFetch, retryAt: Date? = nil, error: String? = nil, now: Date) async throws {
        try await self.engine.transaction { db in
            let key = SQLQueryString(
                "WHERE channel_account_id = \(bind: fetch.channelAccountID.rawValue) AND order_id = \(bind: fetch.orderID)")
            if let retryAt {
                try await db.raw(
                    SQLQueryString("UPDATE order_fetches SET next_attempt_at = \(bind: retryAt.storeMillis), last_error = \(bind: error) ") + key
                ).run()
                return
            }
            try await db.raw(
                SQLQueryString("DELETE FROM order_fetches ") + key + SQLQueryString(" AND requested_at <= \(bind: fetch.requestedAt.storeMillis)")
            ).run()
            try await db.raw(
                SQLQueryString("UPDATE order_fetches SET next_attempt_at = \(bind: now.storeMillis), attempts = 0, last_error = NULL ") + key
            ).run()
        }
    }

    public func nextOrderFetch() async throws -> Date? {
        try await self.engine.read { db in
            try await db.raw("SELECT MIN(next_attempt_at) AS t FROM order_fetches WHERE next_attempt_at IS NOT NULL").first()?.optionalDate("t")
        }
    }

    /// Brings the ledger in line with a marketplace order as its platform now shows it: a new order's
    /// units are held (as many as are available: the rest were oversold, and are recorded as such),
    /// a shipped order's held units leave the shelf, a cancelled one's come back. The platform changed
    /// its own count when it sold (and changes it back when an order is cancelled), so the basis of
    /// that platform's listing moves with it and only the other channels are pushed the difference.
    /// Returns the SKUs whose stock moved.
    public func applyChannelOrder(_ order: ChannelOrder, platform: Platform, workspace: Workspace.ID, now: Date) async throws -> Set<String> {
        let target = ChannelOrder.stockState(platform: platform, status: order.platformStatus)
        let engineKind = self.engine.kind
        return try await self.engine.transaction { db in
            let existing = try await Self.channelOrderStock(order.channelAccountID, order.orderID, in: db)
            var lines = existing?.lines ?? order.lines.map { ChannelOrderStock.Line(sku: $0.sku, quantity: $0.quantity, held: 0) }
            let from = existing?.state
            var moved: Set<String> = []
            let variants = try await Self.variantIDs(lines.map(\.sku), workspace: workspace, in: db)
            let reference = "order:\(platform.rawValue):\(order.orderID)"
            func move(_ kind: StockMovement.Kind, _ index: Int, _ quantity: Int64, variant: ProductVariant.ID) async throws {
                guard quantity > 0 else { return }
                let current = try await Self.balance(variant, lock: engineKind == .postgres, in: db)
                _ = try await Self.move(
                    StockMovement(kind: kind, quantity: quantity), variant: variant, from: current, workspace: workspace,
                    reason: order.platformStatus, reference: reference, actor: platform.rawValue, now: now, in: db, ids: self.ids)
                moved.insert(lines[index].sku)
            }
            // The selling platform's count moved by its own sale: its basis moves with it, and its push is
            // looked at again (a push it refused while its count was lower than ShopDesk knew goes again).
            func moveBasis(by change: Int64, variant: ProductVariant.ID) async throws {
                try await db.raw(
                    """
                    UPDATE listings SET delta_basis = delta_basis + \(bind: change),
                        push_due_since = COALESCE(push_due_since, \(bind: now.storeMillis)), push_next_at = COALESCE(push_next_at, \(bind: now.storeMillis))
                    WHERE channel_account_id = \(bind: order.channelAccountID.rawValue) AND variant_id = \(bind: variant.rawValue)
                    """
                ).run()
            }
            if let target, from != target, from != .shipped, from != .cancelled {
                for index in lines.indices {
                    guard let variant = variants[lines[index].sku] else { continue }
                    if from == nil, target != .cancelled {
                        let balance = try await Self.balance(variant, lock: engineKind == .postgres, in: db)
                        lines[index].held = min(lines[index].quantity, max(balance.available, 0))
                        try await move(.reserve, index, lines[index].held, variant: variant)
                        try await moveBasis(by: -lines[index].quantity, variant: variant)
                    }
                    switch target {
                    case .shipped: try await move(.commit, index, lines[index].held, variant: variant)
                    case .cancelled where from == .held:
                        try await move(.release, index, lines[index].held, variant: variant)
                        try await moveBasis(by: lines[index].quantity, variant: variant)
                    case .held, .cancelled: break
                    }
                }
            }
            guard let state = target.flatMap({ from == .shipped || from == .cancelled ? from : $0 }) ?? from else { return moved }
            let encoded = String(decoding: try JSONEncoder().encode(lines), as: UTF8.self)
            let short = lines.reduce(0) { $0 + $1.quantity - $1.held }
            try await db.raw(
                """
                INSERT INTO channel_orders (channel_account_id, order_id, workspace_id, platform_status, stock_state, lines, short_units, updated_at)
                VALUES (\(bind: order.channelAccountID.rawValue), \(bind: order.orderID), \(bind: workspace.rawValue), \(bind: order.platformStatus),
                    \(bind: state.rawValue), \(bind: encoded), \(bind: short), \(bind: now.storeMillis))
                ON CONFLICT (channel_account_id, order_id) DO UPDATE SET platform_status = excluded.platform_status,
                    stock_state = excluded.stock_state, lines = excluded.lines, short_units = excluded.short_units, updated_at = excluded.updated_at
                """
            ).run()
            return moved
        }
    }

    /// A marketplace order's hold on the ledger (nil when it was never fetched).
    public func channelOrderStock(_ channel: ChannelAccount.ID, orderID: String) async throws -> ChannelOrderStock? {
        try await self.engine.read { db in try await Self.channelOrderStock(channel, orderID, in: db) }
    }

    static func channelOrderStock(_ channel: ChannelAccount.ID, _ orderID: String, in db: any SQLDatabase) async throws -> ChannelOrderStock? {
        guard
            let row = try await db.raw(
                """
                SELECT platform_status, stock_state, lines FROM channel_orders
                WHERE channel_account_id = \(bind: channel.rawValue) AND order_id = \(bind: orderID)
                """
            ).first()
        else { return nil }
        return ChannelOrderStock(
            platformStatus: try row.string("platform_status"), state: try row.enumValue("stock_state"),
            lines: try JSONDecoder().decode([ChannelOrderStock.Line].self, from: Data(try row.string("lines").utf8)))
    }
}
