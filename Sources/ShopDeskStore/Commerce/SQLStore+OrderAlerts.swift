import Foundation
import SQLKit
import ShopDeskCore

/// A fired dispatch alert whose webhook is due, claimed.
public struct OrderAlertDelivery: Sendable, Hashable {
    public var alert: OrderAlert
    /// Attempts so far, this one included.
    public var attempts: Int
}

extension SQLStore {
    /// Fires the dispatch alerts that are due: for each order waiting to be dispatched whose next alert
    /// time has come, the latest step reached is recorded once (an alert's id names its order, ship-by
    /// time and step, so two nodes or a restart cannot fire it twice), its webhook is queued, and the
    /// order's next alert is scheduled.
    public func fireDispatchAlerts(now: Date, limit: Int = 200) async throws -> [OrderAlert] {
        let skipLocked = self.engine.kind == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        return try await self.engine.transaction { db in
            let rows = try await db.raw(
                SQLQueryString(
                    """
                    SELECT id, order_id, platform, channel_account_id, workspace_id, status, ship_by, dispatch_alert_stage FROM channel_orders
                    WHERE dispatch_alert_at IS NOT NULL AND dispatch_alert_at <= \(bind: now.storeMillis) ORDER BY dispatch_alert_at LIMIT \(bind: limit)
                    """) + SQLQueryString(skipLocked)
            ).all()
            var fired: [OrderAlert] = []
            for row in rows {
                let id: Order.ID = try row.id("id")
                let status: Order.Status = try row.enumValue("status")
                let stage = try row.int("dispatch_alert_stage")
                guard let shipBy = try row.optionalDate("ship_by"), status.awaitsDispatch,
                    let (lead, firedNow) = DispatchAlerts.due(shipBy: shipBy, fired: stage, now: now)
                else {
                    try await db.raw("UPDATE channel_orders SET dispatch_alert_at = NULL WHERE id = \(bind: id.rawValue)").run()
                    continue
                }
                let kind = DispatchAlerts.kind(lead: lead)
                let alert = OrderAlert(
                    id: "\(id.rawValue):\(shipBy.storeMillis):\(kind):\(Int64(lead))", kind: kind, leadSeconds: Int64(lead), orderID: id,
                    externalID: try row.string("order_id"), platform: try row.enumValue("platform"),
                    channelAccountID: try row.id("channel_account_id"),
                    workspaceID: try row.id("workspace_id"), deadline: shipBy, firedAt: now)
                try await db.raw(
                    """
                    INSERT INTO order_alerts (id, workspace_id, order_id, kind, lead_seconds, deadline, fired_at, webhook_next_at)
                    VALUES (\(bind: alert.id), \(bind: alert.workspaceID.rawValue), \(bind: id.rawValue), \(bind: kind), \(bind: alert.leadSeconds),
                        \(bind: shipBy.storeMillis), \(bind: now.storeMillis), \(bind: now.storeMillis))
                    ON CONFLICT (id) DO NOTHING
                    """
                ).run()
                let next = DispatchAlerts.next(shipBy: shipBy, status: status, fired: firedNow)
                try await db.raw(
                    """
                    UPDATE channel_orders SET dispatch_alert_stage = \(bind: firedNow), dispatch_alert_at = \(bind: next?.storeMillis)
                    WHERE id = \(bind: id.rawValue)
                    """
                ).run()
                fired.append(alert)
            }
            return fired
        }
    }

    public func nextDispatchAlert() async throws -> Date? {
        try await self.engine.read { db in
            try await db.raw("SELECT MIN(dispatch_alert_at) AS t FROM channel_orders WHERE dispatch_alert_at IS NOT NULL").first()?.optionalDate("t")
        }
    }

    /// Claims up to `limit` dispatch alerts whose webhook is due, each until `now + lease`.
    public func claimOrderAlertWebhooks(now: Date, lease: TimeInterval, limit: Int = 100) async throws -> [OrderAlertDelivery] {
        try await self.engine.transaction { db in
            let rows = try await db.raw(
                SQLQueryString("SELECT ") + Self.alertColumns
                    + SQLQueryString(
                        """
                         FROM order_alerts a JOIN channel_orders o ON o.id = a.order_id
                        WHERE a.webhook_next_at IS NOT NULL AND a.webhook_next_at <= \(bind: now.storeMillis) ORDER BY a.webhook_next_at LIMIT \(bind: limit)
                        """)
            ).all()
            var claimed: [OrderAlertDelivery] = []
            for row in rows {
                let alert = try Self.orderAlert(from: row)
                try await db.raw(
                    """
                    UPDATE order_alerts SET webhook_next_at = \(bind: now.addingTimeInterval(lease).storeMillis), attempts = attempts + 1
                    WHERE id = \(bind: alert.id)
                    """
                ).run()
                claimed.append(OrderAlertDelivery(alert: alert, attempts: try row.int("attempts") + 1))
            }
            return claimed
        }
    }

    /// The webhook was delivered (or refused, or needs none): done; with `retryAt`, tried again then.
    public func finishOrderAlertWebhook(_ delivery: OrderAlertDelivery, retryAt: Date?, error: String?) async throws {
        try await self.engine.transaction { db in
            try await db.raw(
                """
                UPDATE order_alerts SET webhook_next_at = \(bind: retryAt?.storeMillis), last_error = \(bind: error)
                WHERE id = \(bind: delivery.alert.id)
                """
            ).run()
        }
    }

    public func nextOrderAlertWebhook() async throws -> Date? {
        try await self.engine.read { db in
            try await db.raw("SELECT MIN(webhook_next_at) AS t FROM order_alerts WHERE webhook_next_at IS NOT NULL").first()?.optionalDate("t")
        }
    }

    /// Dispatch alerts fired in the workspace since `since`, newest first.
    public func orderAlerts(workspace: Workspace.ID, since: Date, limit: Int = 100) async throws -> [OrderAlert] {
        try await self.engine.read { db in
            try await db.raw(
                SQLQueryString("SELECT ") + Self.alertColumns
                    + SQLQueryString(
                        """
                         FROM order_alerts a JOIN channel_orders o ON o.id = a.order_id
                        WHERE a.workspace_id = \(bind: workspace.rawValue) AND a.fired_at >= \(bind: since.storeMillis) ORDER BY a.fired_at DESC LIMIT \(bind: limit)
                        """)
            ).all().map(Self.orderAlert(from:))
        }
    }

    private static let alertColumns = SQLQueryString(
        "a.id AS alert_id, a.kind, a.lead_seconds, a.deadline, a.fired_at, a.attempts, o.id, o.order_id, o.platform, o.channel_account_id, o.workspace_id"
    )

    private static func orderAlert(from row: any SQLRow) throws -> OrderAlert {
        OrderAlert(
            id: try row.string("alert_id"), kind: try row.string("kind"), leadSeconds: try row.decode(column: "lead_seconds", as: Int64.self),
            orderID: try row.id("id"), externalID: try row.string("order_id"), platform: try row.enumValue("platform"),
            channelAccountID: try row.id("channel_account_id"), workspaceID: try row.id("workspace_id"), deadline: try row.date("deadline"),
            firedAt: try row.date("fired_at"))
    }
}
