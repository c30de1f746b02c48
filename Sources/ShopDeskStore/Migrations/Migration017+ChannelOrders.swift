extension Migration {
    /// 17: marketplace orders to fetch (an order push is a hint), and each fetched order's hold on the
    /// stock ledger: its state, and per line the units ordered and the units ShopDesk could hold (fewer
    /// when the platform sold what the ledger no longer had: oversold).
    static let channelOrders = Migration(version: 17, name: "channel orders and their stock") { _ in
        [
            """
            CREATE TABLE order_fetches (
                channel_account_id TEXT NOT NULL, order_id TEXT NOT NULL, workspace_id TEXT NOT NULL, requested_at BIGINT NOT NULL,
                next_attempt_at BIGINT, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, PRIMARY KEY (channel_account_id, order_id))
            """,
            "CREATE INDEX order_fetches_due ON order_fetches (next_attempt_at) WHERE next_attempt_at IS NOT NULL",
            """
            CREATE TABLE channel_orders (
                channel_account_id TEXT NOT NULL, order_id TEXT NOT NULL, workspace_id TEXT NOT NULL, platform_status TEXT NOT NULL,
                stock_state TEXT NOT NULL, lines TEXT NOT NULL, short_units BIGINT NOT NULL, updated_at BIGINT NOT NULL,
                PRIMARY KEY (channel_account_id, order_id))
            """,
        ]
    }
}
