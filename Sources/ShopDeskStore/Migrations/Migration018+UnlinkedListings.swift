extension Migration {
    /// 18: product imports from the channels (asked for, then run in the background with the platform's
    /// product API), and the listings they found whose seller SKU matched nothing in the catalog, kept for
    /// the seller to link by hand.
    static let unlinkedListings = Migration(version: 18, name: "product imports and unlinked listings") { _ in
        [
            """
            CREATE TABLE product_imports (
                channel_account_id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, requested_at BIGINT NOT NULL, next_attempt_at BIGINT,
                attempts INTEGER NOT NULL DEFAULT 0, finished_at BIGINT, linked INTEGER, already_linked INTEGER, unmatched INTEGER, error TEXT)
            """,
            """
            CREATE TABLE unlinked_listings (
                channel_account_id TEXT NOT NULL, platform_product_id TEXT NOT NULL, platform_sku_id TEXT NOT NULL, workspace_id TEXT NOT NULL,
                seller_sku TEXT, title TEXT NOT NULL, imported_at BIGINT NOT NULL,
                PRIMARY KEY (channel_account_id, platform_product_id, platform_sku_id))
            """,
        ]
    }
}
