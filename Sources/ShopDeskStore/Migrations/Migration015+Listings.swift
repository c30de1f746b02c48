extension Migration {
    /// 15: each variant's listing on each channel account, and each account's allocation rule.
    static let listings = Migration(version: 15, name: "listings and channel allocation") { _ in
        [
            """
            CREATE TABLE listings (
                workspace_id TEXT NOT NULL, channel_account_id TEXT NOT NULL, variant_id TEXT NOT NULL, platform_product_id TEXT NOT NULL,
                platform_sku_id TEXT NOT NULL, created_at BIGINT NOT NULL, PRIMARY KEY (channel_account_id, variant_id),
                UNIQUE (channel_account_id, platform_sku_id))
            """,
            "CREATE INDEX listings_by_variant ON listings (variant_id)",
            """
            CREATE TABLE channel_allocations (
                channel_account_id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, rule TEXT NOT NULL, quantity BIGINT, updated_at BIGINT NOT NULL)
            """,
        ]
    }
}
