extension Migration {
    /// 19: each SKU's low-stock threshold, and its stock notice: the seller's systems are told (signed
    /// webhooks, coalesced to the latest value) when its stock changes and when it runs low or out.
    static let stockNotices = Migration(version: 19, name: "low stock and stock webhooks") { _ in
        [
            "ALTER TABLE product_variants ADD COLUMN low_stock_threshold BIGINT NOT NULL DEFAULT 5",
            """
            CREATE TABLE stock_notices (
                variant_id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, due_since BIGINT, next_at BIGINT, attempts INTEGER NOT NULL DEFAULT 0,
                level TEXT NOT NULL DEFAULT 'ok', last_error TEXT)
            """,
            "CREATE INDEX stock_notices_due ON stock_notices (next_at) WHERE next_at IS NOT NULL",
        ]
    }
}
