import Foundation
import SQLKit
import ShopDeskCore

extension SQLStore {
    /// Keeps the requests of one order as its platform now shows them: each is written over (a read older
    /// than the one kept changes nothing), and what the seller decided in ShopDesk stays beside it.
    public func saveAfterSales(_ requests: [AfterSale], workspace: Workspace.ID, now: Date) async throws {
        guard !requests.isEmpty else { return }
        try await self.engine.transaction { db in
            for request in requests {
                let lines = String(decoding: try JSONEncoder().encode(request.lineIDs), as: UTF8.self)
                try await db.raw(
                    """
                    INSERT INTO after_sales (channel_account_id, request_id, workspace_id, order_id, kind, platform_status, awaiting_seller,
                        respond_by, reason, refund_minor, currency, line_ids, platform_updated_at, read_at)
                    VALUES (\(bind: request.channelAccountID.rawValue), \(bind: request.requestID), \(bind: workspace.rawValue),
                        \(bind: request.orderID.rawValue), \(bind: request.kind.rawValue), \(bind: request.platformStatus),
                        \(bind: request.awaitingSeller ? 1 : 0), \(bind: request.respondBy?.storeMillis), \(bind: request.reason),
                        \(bind: request.refundMinor), \(bind: request.currency), \(bind: lines), \(bind: request.updatedAt?.storeMillis),
                        \(bind: now.storeMillis))
                    ON CONFLICT (channel_account_id, request_id) DO UPDATE SET kind = excluded.kind, platform_status = excluded.platform_status,
                        awaiting_seller = excluded.awaiting_seller, respond_by = excluded.respond_by, reason = excluded.reason,
                        refund_minor = excluded.refund_minor, currency = excluded.currency, line_ids = excluded.line_ids,
                        platform_updated_at = excluded.platform_updated_at, read_at = excluded.read_at
                    WHERE after_sales.platform_updated_at IS NULL OR excluded.platform_updated_at IS NULL
                        OR excluded.platform_updated_at >= after_sales.platform_updated_at
                    """
                ).run()
            }
        }
    }

    /// The seller decided a request in ShopDesk (and its platform took the decision).
    public func recordAfterSaleDecision(
        _ decision: AfterSale.Decision, channel: ChannelAccount.ID, requestID: String, actor: String, now: Date
    ) async throws {
        try await self.engine.transaction { db in
            try await db.raw(
                """
                UPDATE after_sales SET decision = \(bind: decision.rawValue), decided_by = \(bind: actor), decided_at = \(bind: now.storeMillis),
                    awaiting_seller = 0
                WHERE channel_account_id = \(bind: channel.rawValue) AND request_id = \(bind: requestID)
                """
            ).run()
        }
    }

    /// An order's requests, newest first.
    public func afterSales(order: Order.ID, workspace: Workspace.ID) async throws -> [AfterSale] {
        try await self.engine.read { db in
            try await db.raw(
                """
                SELECT * FROM after_sales WHERE order_id = \(bind: order.rawValue) AND workspace_id = \(bind: workspace.rawValue)
                ORDER BY COALESCE(platform_updated_at, read_at) DESC, request_id
                """
            ).all().map(Self.afterSale(from:))
        }
    }

    /// Requests waiting for the seller's answer, on the given channel accounts (nil: all), the one due
    /// soonest first.
    public func afterSalesAwaitingSeller(workspace: Workspace.ID, channels: Set<ChannelAccount.ID>?, limit: Int = 100) async throws -> [AfterSale] {
        var sql = SQLQueryString(
            "SELECT * FROM after_sales WHERE workspace_id = \(bind: workspace.rawValue) AND awaiting_seller = 1")
        if let channels {
            guard !channels.isEmpty else { return [] }
            sql = sql + SQLQueryString(" AND channel_account_id IN (") + Self.bindList(channels.map(\.rawValue).sorted()) + SQLQueryString(")")
        }
        sql = sql + SQLQueryString(" ORDER BY respond_by IS NULL, respond_by, request_id LIMIT \(bind: Int64(limit))")
        let query = sql
        return try await self.engine.read { db in try await db.raw(query).all().map(Self.afterSale(from:)) }
    }

    static func afterSale(from row: any SQLRow) throws -> AfterSale {
        let request = AfterSaleRequest(
            requestID: try row.string("request_id"), orderID: "", kind: try row.enumValue("kind"), platformStatus: try row.string("platform_status"),
            awaitingSeller: try row.int("awaiting_seller") != 0, respondBy: try row.optionalDate("respond_by"),
            reason: try row.optionalString("reason"),
            refundMinor: try row.optionalInt64("refund_minor"), currency: try row.optionalString("currency"),
            lineIDs: try JSONDecoder().decode([String].self, from: Data(try row.string("line_ids").utf8)),
            updatedAt: try row.optionalDate("platform_updated_at"))
        return AfterSale(
            channelAccountID: try row.id("channel_account_id"), orderID: try row.id("order_id"), request: request,
            decision: try row.optionalString("decision").flatMap(AfterSale.Decision.init(rawValue:)), decidedBy: try row.optionalString("decided_by"),
            decidedAt: try row.optionalDate("decided_at"))
    }
}

/// A shop's late-shipment figure as its platform last gave it.
public struct PlatformShopFigure: Sendable, Hashable {
    /// Late ÷ all, 0…1.
    public var lateShipmentRate: Double
    public var target: Double?
    public var period: String?
    public var readAt: Date
}

extension SQLStore {
    /// When a shop's figure is next to be read (now for one never read).
    public func nextShopFigureRead(channels: [ChannelAccount.ID], now: Date) async throws -> Date? {
        try await self.nextPerShop("platform_shop_figures", column: "next_read_at", channels: channels, now: now)
    }

    public func shopFigureDue(channel: ChannelAccount.ID, now: Date) async throws -> Bool {
        try await self.engine.read { db in
            guard
                let row = try await db.raw(
                    "SELECT next_read_at FROM platform_shop_figures WHERE channel_account_id = \(bind: channel.rawValue)"
                ).first()
            else { return true }
            return try row.date("next_read_at") <= now
        }
    }

    /// Keeps what the platform said (a nil rate: it gives none, or the read failed with `error`, and the
    /// last figure stays).
    public func saveShopFigure(
        channel: ChannelAccount.ID, workspace: Workspace.ID, rate: Double?, target: Double?, period: String?, error: String?, now: Date,
        nextAt: Date
    ) async throws {
        try await self.engine.transaction { db in
            try await db.raw(
                """
                INSERT INTO platform_shop_figures (channel_account_id, workspace_id, late_shipment_rate, late_shipment_target, period, read_at,
                    next_read_at, last_error)
                VALUES (\(bind: channel.rawValue), \(bind: workspace.rawValue), \(bind: rate), \(bind: target), \(bind: period),
                    \(bind: rate == nil ? nil : now.storeMillis), \(bind: nextAt.storeMillis), \(bind: error))
                ON CONFLICT (channel_account_id) DO UPDATE SET
                    late_shipment_rate = COALESCE(excluded.late_shipment_rate, platform_shop_figures.late_shipment_rate),
                    late_shipment_target = CASE WHEN excluded.late_shipment_rate IS NULL THEN platform_shop_figures.late_shipment_target
                        ELSE excluded.late_shipment_target END,
                    period = CASE WHEN excluded.late_shipment_rate IS NULL THEN platform_shop_figures.period ELSE excluded.period END,
                    read_at = COALESCE(excluded.read_at, platform_shop_figures.read_at), next_read_at = excluded.next_read_at,
                    last_error = excluded.last_error
                """
            ).run()
        }
    }

    /// Each shop's late-shipment figure as its platform last gave it.
    public func shopFigures(workspace: Workspace.ID) async throws -> [ChannelAccount.ID: PlatformShopFigure] {
        let rows = try await self.engine.read { db in
            try await db.raw(
                """
                SELECT * FROM platform_shop_figures WHERE workspace_id = \(bind: workspace.rawValue) AND late_shipment_rate IS NOT NULL
                """
            ).all()
        }
        var figures: [ChannelAccount.ID: PlatformShopFigure] = [:]
        for row in rows {
            figures[try row.id("channel_account_id")] = PlatformShopFigure(
                lateShipmentRate: try row.decode(column: "late_shipment_rate", as: Double.self),
                target: try row.decodeNil(column: "late_shipment_target") ? nil : try row.decode(column: "late_shipment_target", as: Double.self),
                period: try row.optionalString("period"), readAt: try row.date("read_at"))
        }
        return figures
    }
}
