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
    /// The buyer's after-sale requests are to be read with the order.
    public var afterSales = false
}

/// A marketplace order's hold on the ledger, as stored.
public struct ChannelOrderStock: Sendable, Hashable {
    public struct Line: Sendable, Hashable, Codable {
        public var sku: String
        /// Units ordered.
        public var quantity: Int64
        /// Units the ledger held for it; fewer than ordered when the platform sold what was gone.
        public var held: Int64
        /// The rest of the platform's line (absent in rows written before version 20).
        public var title: String?
        public var unitPriceMinor: Int64?
        public var discountMinor: Int64?
        public var platformProductID: String?
        public var platformSKUID: String?
        public var platformItemIDs: [String]?

        init(_ line: ChannelOrder.Line, held: Int64) {
            self.sku = line.sku
            self.quantity = line.quantity
            self.held = held
            self.details = line
        }

        /// The platform's line, without the units held.
        var details: ChannelOrder.Line {
            get {
                ChannelOrder.Line(
                    sku: self.sku, quantity: self.quantity, title: self.title, unitPriceMinor: self.unitPriceMinor,
                    discountMinor: self.discountMinor ?? 0, platformProductID: self.platformProductID, platformSKUID: self.platformSKUID,
                    platformItemIDs: self.platformItemIDs ?? [])
            }
            set {
                self.title = newValue.title
                self.unitPriceMinor = newValue.unitPriceMinor
                self.discountMinor = newValue.discountMinor
                self.platformProductID = newValue.platformProductID
                self.platformSKUID = newValue.platformSKUID
                self.platformItemIDs = newValue.platformItemIDs
            }
        }
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
                    SELECT channel_account_id, order_id, requested_at, attempts, after_sales FROM order_fetches
                    WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= \(bind: now.storeMillis)
                    ORDER BY next_attempt_at LIMIT \(bind: limit)
                    """) + SQLQueryString(skipLocked)
            ).all().map {
                OrderFetch(
                    channelAccountID: try $0.id("channel_account_id"), orderID: try $0.string("order_id"), requestedAt: try $0.date("requested_at"),
                    attempts: try $0.int("attempts") + 1, afterSales: try $0.int("after_sales") != 0)
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

extension SQLStore {
    /// Where a shop's order reconciliation stands: read up to `until`, next due at `nextAt`.
    public func orderPoll(channel: ChannelAccount.ID) async throws -> (until: Date, nextAt: Date)? {
        try await self.engine.read { db in
            try await db.raw("SELECT polled_until, next_poll_at FROM order_poll_cursors WHERE channel_account_id = \(bind: channel.rawValue)").first()
                .map { (try $0.date("polled_until"), try $0.date("next_poll_at")) }
        }
    }

    public func saveOrderPoll(channel: ChannelAccount.ID, workspace: Workspace.ID, until: Date, nextAt: Date, error: String?) async throws {
        try await self.engine.transaction { db in
            try await db.raw(
                """
                INSERT INTO order_poll_cursors (channel_account_id, workspace_id, polled_until, next_poll_at, last_error)
                VALUES (\(bind: channel.rawValue), \(bind: workspace.rawValue), \(bind: until.storeMillis), \(bind: nextAt.storeMillis), \(bind: error))
                ON CONFLICT (channel_account_id) DO UPDATE SET polled_until = excluded.polled_until, next_poll_at = excluded.next_poll_at,
                    last_error = excluded.last_error
                """
            ).run()
        }
    }

    /// The earliest time one of these shops' reconciliation is due (now for a shop never read).
    public func nextOrderPoll(channels: [ChannelAccount.ID], now: Date) async throws -> Date? {
        try await self.nextPerShop("order_poll_cursors", column: "next_poll_at", channels: channels, now: now)
    }

    /// The earliest of `column` in a table with a row per shop, for these shops: now when one has no row
    /// yet (never done), nil for no shops.
    func nextPerShop(_ table: String, column: String, channels: [ChannelAccount.ID], now: Date) async throws -> Date? {
        guard !channels.isEmpty else { return nil }
        return try await self.engine.read { db in
            let rows = try await db.raw(
                SQLQueryString("SELECT \(unsafeRaw: column) AS t FROM \(unsafeRaw: table) WHERE channel_account_id IN (")
                    + Self.bindList(channels.map(\.rawValue)) + SQLQueryString(")")
            ).all()
            guard rows.count == Set(channels).count else { return now }
            return try rows.map { try $0.date("t") }.min()
        }
    }

    /// Queues a fetch of each listed order ShopDesk does not have as new as the list shows it (orders
    /// whose pushes never came, or came before a change). Returns how many were queued.
    public func requestOrderFetches(
        _ orders: [(orderID: String, updatedAt: Date?)], channel: ChannelAccount.ID, workspace: Workspace.ID, now: Date
    ) async throws -> Int {
        guard !orders.isEmpty else { return 0 }
        return try await self.engine.transaction { db in
            var queued = 0
            for order in orders {
                let known = try await db.raw(
                    """
                    SELECT platform_updated_at FROM channel_orders
                    WHERE channel_account_id = \(bind: channel.rawValue) AND order_id = \(bind: order.orderID)
                    """
                ).first()
                if let known, let stored = try known.optionalDate("platform_updated_at"), let listed = order.updatedAt, listed <= stored { continue }
                try await Self.queueOrderFetch(order.orderID, channel: channel, workspace: workspace, now: now, in: db)
                queued += 1
            }
            return queued
        }
    }

    /// Queues a fetch of one order (a fetch already waiting keeps its time); with `afterSales`, its
    /// buyer's after-sale requests are read with it.
    static func queueOrderFetch(
        _ orderID: String, channel: ChannelAccount.ID, workspace: Workspace.ID, afterSales: Bool = false, now: Date, in db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            INSERT INTO order_fetches (channel_account_id, order_id, workspace_id, requested_at, next_attempt_at, after_sales)
            VALUES (\(bind: channel.rawValue), \(bind: orderID), \(bind: workspace.rawValue), \(bind: now.storeMillis), \(bind: now.storeMillis),
                \(bind: afterSales ? 1 : 0))
            ON CONFLICT (channel_account_id, order_id) DO UPDATE SET requested_at = excluded.requested_at,
                next_attempt_at = COALESCE(order_fetches.next_attempt_at, excluded.next_attempt_at),
                after_sales = CASE WHEN excluded.after_sales = 1 THEN 1 ELSE order_fetches.after_sales END
            """
        ).run()
    }

    /// Asks for an order to be fetched again now (after ShopDesk changed it on its platform); with
    /// `afterSales`, its after-sale requests too.
    public func requestOrderFetch(
        _ orderID: String, channel: ChannelAccount.ID, workspace: Workspace.ID, afterSales: Bool = false, now: Date
    ) async throws {
        try await self.engine.transaction { db in
            try await Self.queueOrderFetch(orderID, channel: channel, workspace: workspace, afterSales: afterSales, now: now, in: db)
        }
    }
}
