extension Migration {
    /// 21: buyers' after-sale requests (cancellations, returns, refunds) as their platforms show them, with
    /// what the seller decided in ShopDesk; order fetches that must read them too; and each shop's
    /// late-shipment figure as its platform computes it.
    static let afterSales = Migration(version: 21, name: "after-sale requests and platform shop figures") { _ in
        [
            """
            CREATE TABLE after_sales (
                channel_account_id TEXT NOT NULL, request_id TEXT NOT NULL, workspace_id TEXT NOT NULL, order_id TEXT NOT NULL,
                kind TEXT NOT NULL, platform_status TEXT NOT NULL, awaiting_seller BIGINT NOT NULL, respond_by BIGINT, reason TEXT,
                refund_minor BIGINT, currency TEXT, line_ids TEXT NOT NULL, platform_updated_at BIGINT, read_at BIGINT NOT NULL,
                decision TEXT, decided_by TEXT, decided_at BIGINT, PRIMARY KEY (channel_account_id, request_id))
            """,
            "CREATE INDEX after_sales_order ON after_sales (order_id)",
            "CREATE INDEX after_sales_waiting ON after_sales (workspace_id, awaiting_seller, respond_by)",
            "ALTER TABLE order_fetches ADD COLUMN after_sales BIGINT NOT NULL DEFAULT 0",
            """
            CREATE TABLE platform_shop_figures (
                channel_account_id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, late_shipment_rate DOUBLE PRECISION,
                late_shipment_target DOUBLE PRECISION, period TEXT, read_at BIGINT, next_read_at BIGINT NOT NULL, last_error TEXT)
            """,
        ]
    }
}
