extension Migration {
    /// 20: marketplace orders in full beside their hold on the stock ledger: ShopDesk's id, the lifecycle
    /// status, money, buyer, shipping, ship-by and auto-cancel times, when they shipped; their status
    /// history; each shop's reconciliation cursor (orders whose pushes never came); and the dispatch
    /// alerts that fired, with their webhook's delivery.
    static let orders = Migration(version: 20, name: "orders") { kind in
        let columns = [
            "id TEXT", "platform TEXT", "status TEXT", "currency TEXT", "total_minor BIGINT", "buyer_user_id TEXT", "shipping_address TEXT",
            "payment_method TEXT", "cod BIGINT NOT NULL DEFAULT 0", "carrier TEXT", "tracking_number TEXT", "placed_at BIGINT",
            "platform_updated_at BIGINT", "ship_by BIGINT", "auto_cancel_at BIGINT", "shipped_at BIGINT", "created_at BIGINT",
            "dispatch_alert_at BIGINT", "dispatch_alert_stage INTEGER NOT NULL DEFAULT 0",
        ]
        let newID = kind == .postgres ? "gen_random_uuid()::text" : "lower(hex(randomblob(16)))"
        return columns.map { "ALTER TABLE channel_orders ADD COLUMN \($0)" } + [
            // Orders fetched before this version had only their stock state.
            """
            UPDATE channel_orders SET id = \(newID), created_at = updated_at,
                platform = (SELECT platform FROM channel_accounts WHERE channel_accounts.id = channel_orders.channel_account_id),
                status = CASE stock_state WHEN 'held' THEN 'awaiting_shipment' WHEN 'shipped' THEN 'shipped' ELSE 'cancelled' END
            """,
            "CREATE UNIQUE INDEX channel_orders_id ON channel_orders (id)",
            "CREATE INDEX channel_orders_workspace ON channel_orders (workspace_id, id)",
            "CREATE INDEX channel_orders_buyer ON channel_orders (channel_account_id, buyer_user_id)",
            "CREATE INDEX channel_orders_dispatch_alert ON channel_orders (dispatch_alert_at) WHERE dispatch_alert_at IS NOT NULL",
            """
            CREATE TABLE order_history (
                order_id TEXT NOT NULL, workspace_id TEXT NOT NULL, seq INTEGER NOT NULL, at BIGINT NOT NULL, status TEXT NOT NULL,
                platform_status TEXT NOT NULL, PRIMARY KEY (order_id, seq))
            """,
            """
            CREATE TABLE order_poll_cursors (
                channel_account_id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, polled_until BIGINT NOT NULL, next_poll_at BIGINT NOT NULL,
                last_error TEXT)
            """,
            """
            CREATE TABLE order_alerts (
                id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, order_id TEXT NOT NULL, kind TEXT NOT NULL, lead_seconds BIGINT NOT NULL,
                deadline BIGINT NOT NULL, fired_at BIGINT NOT NULL, webhook_next_at BIGINT, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT)
            """,
            "CREATE INDEX order_alerts_webhook ON order_alerts (webhook_next_at) WHERE webhook_next_at IS NOT NULL",
            "CREATE INDEX order_alerts_workspace ON order_alerts (workspace_id, fired_at)",
        ]
    }
}
