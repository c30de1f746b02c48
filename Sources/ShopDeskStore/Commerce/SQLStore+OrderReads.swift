import Foundation
import SQLKit
import ShopDeskCore

/// Which orders to list.
public struct OrderFilter: Sendable, Hashable {
    public var channel: ChannelAccount.ID?
    public var status: Order.Status?
    /// The buyer's orders on every channel account linked to them.
    public var buyer: Buyer.ID?
    /// Waiting to be dispatched with less than this left before the ship-by time (or past it).
    public var dueWithin: TimeInterval?
    /// Sold beyond the seller's stock.
    public var oversold = false

    public init(
        channel: ChannelAccount.ID? = nil, status: Order.Status? = nil, buyer: Buyer.ID? = nil, dueWithin: TimeInterval? = nil, oversold: Bool = false
    ) {
        self.channel = channel
        self.status = status
        self.buyer = buyer
        self.dueWithin = dueWithin
        self.oversold = oversold
    }
}

/// One page of orders, newest first, and the cursor for the next.
public struct OrderPage: Sendable {
    public var items: [Order]
    public var nextCursor: String?
}

extension SQLStore {
    /// Orders of the workspace on the given channel accounts (nil: all), newest first. Orders waiting to be
    /// dispatched within `dueWithin` come by their ship-by time instead, the most urgent first.
    public func listOrders(
        workspace: Workspace.ID, channels: Set<ChannelAccount.ID>?, filter: OrderFilter, cursor: String?, limit: Int, now: Date
    ) async throws -> OrderPage {
        guard (1...200).contains(limit) else { throw StoreError.invalid(field: "limit", message: "limit must be between 1 and 200") }
        var sql = Self.orderSelect + SQLQueryString(" WHERE o.workspace_id = \(bind: workspace.rawValue) AND o.id IS NOT NULL")
        if let channels {
            guard !channels.isEmpty else { return OrderPage(items: [], nextCursor: nil) }
            sql = sql + SQLQueryString(" AND o.channel_account_id IN (") + Self.bindList(channels.map(\.rawValue).sorted()) + SQLQueryString(")")
        }
        if let channel = filter.channel { sql = sql + SQLQueryString(" AND o.channel_account_id = \(bind: channel.rawValue)") }
        if let status = filter.status { sql = sql + SQLQueryString(" AND o.status = \(bind: status.rawValue)") }
        if filter.oversold { sql = sql + SQLQueryString(" AND o.short_units > 0 AND o.status NOT IN ('cancelled')") }
        if let buyer = filter.buyer {
            sql =
                sql
                + SQLQueryString(
                    " AND EXISTS (SELECT 1 FROM buyer_identities x WHERE x.buyer_id = \(bind: buyer.rawValue) AND x.channel_account_id = o.channel_account_id AND x.platform_user_id = o.buyer_user_id)"
                )
        }
        let byDeadline = filter.dueWithin != nil
        if let within = filter.dueWithin {
            sql =
                sql
                + SQLQueryString(
                    " AND o.status IN ('awaiting_shipment', 'ready_to_ship') AND o.ship_by IS NOT NULL AND o.ship_by <= \(bind: now.addingTimeInterval(within).storeMillis)"
                )
        }
        if let cursor {
            let (key, id) = try Self.decodeCursor(cursor)
            sql =
                sql
                + (byDeadline
                    ? SQLQueryString(" AND (o.ship_by > \(bind: key) OR (o.ship_by = \(bind: key) AND o.id > \(bind: id)))")
                    : " AND o.id < \(bind: id)")
        }
        sql = sql + (byDeadline ? " ORDER BY o.ship_by, o.id" : " ORDER BY o.id DESC") + SQLQueryString(" LIMIT \(bind: Int64(limit + 1))")
        let query = sql
        let rows = try await self.engine.read { db in try await db.raw(query).all() }
        let orders = try rows.prefix(limit).map { try Self.order(from: $0, history: []) }
        let next: String? =
            rows.count > limit
            ? orders.last.map { Self.encodeCursor(key: byDeadline ? ($0.shipBy?.storeMillis ?? 0) : 0, id: $0.id.rawValue) } : nil
        return OrderPage(items: orders, nextCursor: next)
    }

    /// One order with its status history.
    public func order(_ id: Order.ID, workspace: Workspace.ID) async throws -> Order {
        let (row, history) = try await self.engine.read { db in
            let row = try await db.raw(
                Self.orderSelect + SQLQueryString(" WHERE o.id = \(bind: id.rawValue) AND o.workspace_id = \(bind: workspace.rawValue)")
            ).first()
            let history = try await db.raw("SELECT * FROM order_history WHERE order_id = \(bind: id.rawValue) ORDER BY seq").all()
            return (row, history)
        }
        guard let row else { throw StoreError.notFound("order \(id)") }
        return try Self.order(
            from: row,
            history: history.map {
                Order.StatusChange(status: try $0.enumValue("status"), platformStatus: try $0.string("platform_status"), at: try $0.date("at"))
            })
    }

    /// The order with this platform id on a channel account, if ShopDesk has it.
    public func order(channel: ChannelAccount.ID, externalID: String, workspace: Workspace.ID) async throws -> Order? {
        let id = try await self.engine.read { db in
            try await db.raw(
                "SELECT id FROM channel_orders WHERE channel_account_id = \(bind: channel.rawValue) AND order_id = \(bind: externalID) AND id IS NOT NULL"
            ).first()?.optionalID("id", as: Order.self)
        }
        guard let id else { return nil }
        return try await self.order(id, workspace: workspace)
    }

    /// Each channel account's late-dispatch rate over the orders dispatched in `[from, to)`.
    public func lateDispatchRates(workspace: Workspace.ID, from: Date, to: Date) async throws -> [ChannelAccount.ID: LateDispatchRate] {
        let rows = try await self.engine.read { db in
            try await db.raw(
                """
                SELECT channel_account_id, ship_by, shipped_at FROM channel_orders
                WHERE workspace_id = \(bind: workspace.rawValue) AND shipped_at >= \(bind: from.storeMillis) AND shipped_at < \(bind: to.storeMillis)
                """
            ).all()
        }
        var orders: [ChannelAccount.ID: [(shipBy: Date?, shippedAt: Date?)]] = [:]
        for row in rows {
            orders[try row.id("channel_account_id"), default: []].append((try row.optionalDate("ship_by"), try row.optionalDate("shipped_at")))
        }
        return orders.mapValues { LateDispatchRate(orders: $0, from: from, to: to) }
    }

    static let orderSelect = SQLQueryString(
        """
        SELECT o.*, (SELECT MIN(x.buyer_id) FROM buyer_identities x
            WHERE x.channel_account_id = o.channel_account_id AND x.platform_user_id = o.buyer_user_id) AS buyer_id
        FROM channel_orders o
        """)

    static func order(from row: any SQLRow, history: [Order.StatusChange]) throws -> Order {
        let lines = try JSONDecoder().decode([ChannelOrderStock.Line].self, from: Data(try row.string("lines").utf8))
        var order = Order(
            id: try row.id("id"), workspaceID: try row.id("workspace_id"), channelAccountID: try row.id("channel_account_id"),
            platform: try row.enumValue("platform"), externalID: try row.string("order_id"), status: try row.enumValue("status"),
            platformStatus: try row.string("platform_status"), lines: lines.map { Order.Line($0.details, held: $0.held) },
            currency: try row.optionalString("currency"),
            totalMinor: try row.optionalInt64("total_minor"),
            buyerPlatformUserID: try row.optionalString("buyer_user_id"), buyerID: try row.optionalID("buyer_id"),
            shippingAddress: try row.optionalString("shipping_address"), paymentMethod: try row.optionalString("payment_method"),
            cashOnDelivery: try row.int("cod") != 0, carrier: try row.optionalString("carrier"),
            trackingNumber: try row.optionalString("tracking_number"),
            placedAt: try row.optionalDate("placed_at"), shipBy: try row.optionalDate("ship_by"),
            autoCancelAt: try row.optionalDate("auto_cancel_at"),
            shippedAt: try row.optionalDate("shipped_at"), updatedAt: try row.date("updated_at"), history: history)
        order.returnReceived = try row.string("stock_state") == ChannelOrder.StockState.returned.rawValue
        return order
    }
}
