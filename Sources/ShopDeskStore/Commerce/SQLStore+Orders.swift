import Foundation
import SQLKit
import ShopDeskCore

/// An order row as it stands before a change.
private struct StoredOrder {
    var id: Order.ID
    var status: Order.Status
    var stock: ChannelOrderStock
    var platformUpdatedAt: Date?
    var shipBy: Date?
    var shippedAt: Date?
    var alertsFired: Int
}

/// What applying a platform's read of an order did.
public struct AppliedOrder: Sendable, Hashable {
    /// The order, nil when the read changed nothing (older than the one kept, or a status unknown to a
    /// new order).
    public var id: Order.ID?
    /// The SKUs whose stock moved.
    public var skus: Set<String>
}

extension SQLStore {
    /// Brings an order and the ledger in line with a marketplace order as its platform now shows it.
    ///
    /// - The order is kept in full (lines, money, buyer, shipping, ship-by) in ShopDesk's lifecycle with
    ///   the platform's status beside it; each change of status is added to its history. A read older
    ///   than the one kept (pushes and fetches arrive out of order) changes nothing.
    /// - Stock: a new order's units are held (as many as are available: the rest were oversold, and are
    ///   recorded as such), a shipped order's held units leave the shelf, a cancelled one's come back.
    ///   The platform changed its own count when it sold (and changes it back when an order is
    ///   cancelled), so the basis of that platform's listing moves with it and only the other channels
    ///   are pushed the difference.
    /// - Its dispatch alerts are scheduled from its ship-by time while it waits to be dispatched.
    ///
    @discardableResult
    public func applyChannelOrder(_ order: ChannelOrder, platform: Platform, workspace: Workspace.ID, now: Date) async throws -> AppliedOrder {
        let mapped = OrderLifecycle.status(platform: platform, platformStatus: order.platformStatus)
        let target = ChannelOrder.stockState(platform: platform, status: order.platformStatus)
        let engineKind = self.engine.kind
        return try await self.engine.transaction { db in
            let existing = try await Self.storedOrder(order.channelAccountID, order.orderID, in: db)
            // Whoever ordered is a buyer of the desk, whether or not they have written yet.
            if let user = order.buyerPlatformUserID?.trimmingCharacters(in: .whitespaces), !user.isEmpty, user.count <= 200 {
                _ = try await Self.resolveBuyer(
                    BuyerProfile(platformUserID: user), channel: order.channelAccountID, workspace: workspace, platform: platform, ids: self.ids,
                    now: now, in: db)
            }
            let nothing = AppliedOrder(id: nil, skus: [])
            if let known = existing?.platformUpdatedAt, let read = order.platformUpdatedAt, read < known { return nothing }
            guard let status = OrderLifecycle.next(current: existing?.status, mapped: mapped) else { return nothing }
            var lines = existing?.stock.lines ?? order.lines.map { ChannelOrderStock.Line($0, held: 0) }
            let details = Dictionary(order.lines.map { ($0.sku, $0) }, uniquingKeysWith: { first, _ in first })
            for index in lines.indices {
                if let line = details[lines[index].sku] { lines[index].details = line }
            }
            let from = existing?.stock.state
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
            let settled: Set<ChannelOrder.StockState?> = [.shipped, .cancelled, .returned]
            // Sold through ShopDesk's checkout: its units left the shelf when the reservation was committed.
            // Shipping moves nothing more; a cancellation before shipping puts them back.
            var checkoutState = ChannelOrder.StockState.checkout
            if from == .checkout, let target, target != .held {
                if target == .cancelled {
                    for index in lines.indices {
                        guard let variant = variants[lines[index].sku] else { continue }
                        try await move(.returnToStock, index, lines[index].held, variant: variant)
                    }
                }
                checkoutState = target
            }
            if let target, from != target, from != .checkout, !settled.contains(from) {
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
                    case .held, .cancelled, .returned, .checkout: break
                    }
                }
            }
            let state: ChannelOrder.StockState = settled.contains(from) ? from! : from == .checkout ? checkoutState : target ?? from ?? .held
            let id = existing?.id ?? self.ids.make()
            // When it was handed over: the platform's time, else when ShopDesk first saw it shipped.
            var shippedAt = existing?.shippedAt ?? order.shippedAt
            if shippedAt == nil, state == .shipped || state == .returned, status != .cancelled { shippedAt = order.platformUpdatedAt ?? now }
            let shipBy = order.shipBy ?? existing?.shipBy
            let fired = shipBy == existing?.shipBy ? existing?.alertsFired ?? 0 : 0
            try await Self.writeOrder(
                order, id: id, platform: platform, status: status, state: state, lines: lines, shipBy: shipBy, shippedAt: shippedAt,
                alertsFired: fired,
                workspace: workspace, now: now, in: db)
            if existing?.status != status || existing == nil {
                try await Self.recordStatus(
                    status, platformStatus: order.platformStatus, order: id, workspace: workspace, at: order.platformUpdatedAt ?? now, in: db)
            }
            return AppliedOrder(id: id, skus: moved)
        }
    }

    /// The seller has a returned parcel in hand: its units go back on the shelf (once), and the order is
    /// `returned`. No platform's order status says when the goods are back with the seller, so this is
    /// the seller's word. Returns the SKUs whose stock moved.
    public func receiveReturn(_ id: Order.ID, workspace: Workspace.ID, actor: String, now: Date) async throws -> Set<String> {
        let engineKind = self.engine.kind
        return try await self.engine.transaction { db in
            guard
                let row = try await db.raw(
                    "SELECT channel_account_id, order_id, platform FROM channel_orders WHERE id = \(bind: id.rawValue) AND workspace_id = \(bind: workspace.rawValue)"
                ).first()
            else { throw StoreError.notFound("order \(id)") }
            let channel: ChannelAccount.ID = try row.id("channel_account_id")
            let externalID = try row.string("order_id")
            guard let stored = try await Self.storedOrder(channel, externalID, in: db) else { throw StoreError.notFound("order \(id)") }
            switch stored.stock.state {
            case .returned: return []
            case .held, .cancelled, .checkout:
                throw StoreError.conflict("order \(externalID) has not shipped, so nothing can come back; cancel it instead")
            case .shipped: break
            }
            let variants = try await Self.variantIDs(stored.stock.lines.map(\.sku), workspace: workspace, in: db)
            var moved: Set<String> = []
            for line in stored.stock.lines where line.held > 0 {
                guard let variant = variants[line.sku] else { continue }
                let current = try await Self.balance(variant, lock: engineKind == .postgres, in: db)
                _ = try await Self.move(
                    StockMovement(kind: .returnToStock, quantity: line.held), variant: variant, from: current, workspace: workspace,
                    reason: "return received", reference: "order:\(try row.string("platform")):\(externalID)", actor: actor, now: now, in: db,
                    ids: self.ids)
                moved.insert(line.sku)
            }
            try await db.raw(
                """
                UPDATE channel_orders SET stock_state = 'returned', status = 'returned', updated_at = \(bind: now.storeMillis), dispatch_alert_at = NULL
                WHERE id = \(bind: id.rawValue)
                """
            ).run()
            if stored.status != .returned {
                try await Self.recordStatus(.returned, platformStatus: stored.stock.platformStatus, order: id, workspace: workspace, at: now, in: db)
            }
            return moved
        }
    }

    /// Writes an order's row: inserted, or brought up to date (a field the read lacks keeps its value).
    static func writeOrder(
        _ order: ChannelOrder, id: Order.ID, platform: Platform, status: Order.Status, state: ChannelOrder.StockState,
        lines: [ChannelOrderStock.Line], shipBy: Date?, shippedAt: Date?, alertsFired fired: Int, workspace: Workspace.ID, now: Date,
        in db: any SQLDatabase
    ) async throws {
        let encoded = String(decoding: try JSONEncoder().encode(lines), as: UTF8.self)
        let short = lines.reduce(0) { $0 + $1.quantity - $1.held }
        try await db.raw(
            """
            INSERT INTO channel_orders (channel_account_id, order_id, workspace_id, platform_status, stock_state, lines, short_units, updated_at,
                id, platform, status, currency, total_minor, buyer_user_id, shipping_address, payment_method, cod, carrier, tracking_number,
                placed_at, platform_updated_at, ship_by, auto_cancel_at, shipped_at, created_at, dispatch_alert_at, dispatch_alert_stage)
            VALUES (\(bind: order.channelAccountID.rawValue), \(bind: order.orderID), \(bind: workspace.rawValue), \(bind: order.platformStatus),
                \(bind: state.rawValue), \(bind: encoded), \(bind: short), \(bind: now.storeMillis), \(bind: id.rawValue), \(bind: platform.rawValue),
                \(bind: status.rawValue), \(bind: order.currency), \(bind: order.totalMinor), \(bind: order.buyerPlatformUserID),
                \(bind: order.shippingAddress), \(bind: order.paymentMethod), \(bind: order.cashOnDelivery ? 1 : 0), \(bind: order.carrier),
                \(bind: order.trackingNumber), \(bind: order.placedAt?.storeMillis), \(bind: order.platformUpdatedAt?.storeMillis),
                \(bind: shipBy?.storeMillis), \(bind: order.autoCancelAt?.storeMillis), \(bind: shippedAt?.storeMillis), \(bind: now.storeMillis),
                \(bind: DispatchAlerts.next(shipBy: shipBy, status: status, fired: fired)?.storeMillis), \(bind: fired))
            ON CONFLICT (channel_account_id, order_id) DO UPDATE SET platform_status = excluded.platform_status,
                stock_state = excluded.stock_state, lines = excluded.lines, short_units = excluded.short_units, updated_at = excluded.updated_at,
                status = excluded.status, currency = COALESCE(excluded.currency, channel_orders.currency),
                total_minor = COALESCE(excluded.total_minor, channel_orders.total_minor),
                buyer_user_id = COALESCE(excluded.buyer_user_id, channel_orders.buyer_user_id),
                shipping_address = COALESCE(excluded.shipping_address, channel_orders.shipping_address),
                payment_method = COALESCE(excluded.payment_method, channel_orders.payment_method), cod = excluded.cod,
                carrier = COALESCE(excluded.carrier, channel_orders.carrier),
                tracking_number = COALESCE(excluded.tracking_number, channel_orders.tracking_number),
                placed_at = COALESCE(excluded.placed_at, channel_orders.placed_at),
                platform_updated_at = COALESCE(excluded.platform_updated_at, channel_orders.platform_updated_at),
                ship_by = excluded.ship_by, auto_cancel_at = COALESCE(excluded.auto_cancel_at, channel_orders.auto_cancel_at),
                shipped_at = excluded.shipped_at, dispatch_alert_at = excluded.dispatch_alert_at, dispatch_alert_stage = excluded.dispatch_alert_stage
            """
        ).run()
    }

    static func recordStatus(
        _ status: Order.Status, platformStatus: String, order: Order.ID, workspace: Workspace.ID, at: Date, in db: any SQLDatabase
    ) async throws {
        let seq = try await db.raw("SELECT COUNT(*) AS n FROM order_history WHERE order_id = \(bind: order.rawValue)").first()?.int("n") ?? 0
        try await db.raw(
            """
            INSERT INTO order_history (order_id, workspace_id, seq, at, status, platform_status)
            VALUES (\(bind: order.rawValue), \(bind: workspace.rawValue), \(bind: seq + 1), \(bind: at.storeMillis), \(bind: status.rawValue),
                \(bind: platformStatus))
            """
        ).run()
    }

    private static func storedOrder(_ channel: ChannelAccount.ID, _ orderID: String, in db: any SQLDatabase) async throws -> StoredOrder? {
        guard
            let row = try await db.raw(
                """
                SELECT id, status, platform_status, stock_state, lines, platform_updated_at, ship_by, shipped_at, dispatch_alert_stage
                FROM channel_orders WHERE channel_account_id = \(bind: channel.rawValue) AND order_id = \(bind: orderID)
                """
            ).first()
        else { return nil }
        let stock = ChannelOrderStock(
            platformStatus: try row.string("platform_status"), state: try row.enumValue("stock_state"),
            lines: try JSONDecoder().decode([ChannelOrderStock.Line].self, from: Data(try row.string("lines").utf8)))
        return StoredOrder(
            id: try row.id("id"), status: try row.enumValue("status"), stock: stock, platformUpdatedAt: try row.optionalDate("platform_updated_at"),
            shipBy: try row.optionalDate("ship_by"), shippedAt: try row.optionalDate("shipped_at"), alertsFired: try row.int("dispatch_alert_stage"))
    }
}
