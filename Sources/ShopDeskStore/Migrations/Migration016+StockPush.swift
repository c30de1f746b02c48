extension Migration {
    /// 16: each listing's stock push, coalesced in the listing's own row (the latest value is the only
    /// one that matters): when its sellable quantity first changed since the last push, when the next
    /// attempt is due, the claim on a push in flight, what was sent and what the platform acknowledged.
    ///
    /// The table is rebuilt rather than altered: a listing is unique by its product and SKU ids
    /// together, not by the SKU id alone, because Shopee's model id 0 means "an item without models"
    /// in every such item (commerce-platforms.md §2.4), and SQLite cannot drop a constraint in place.
    static let stockPush = Migration(version: 16, name: "stock push per listing") { _ in
        [
            """
            CREATE TABLE listings_pushed (
                workspace_id TEXT NOT NULL, channel_account_id TEXT NOT NULL, variant_id TEXT NOT NULL, platform_product_id TEXT NOT NULL,
                platform_sku_id TEXT NOT NULL, created_at BIGINT NOT NULL,
                push_due_since BIGINT, push_next_at BIGINT, push_lease_until BIGINT, push_started_since BIGINT,
                push_attempts INTEGER NOT NULL DEFAULT 0, push_quantity BIGINT, push_error TEXT, acked_quantity BIGINT, acked_at BIGINT,
                delta_basis BIGINT,
                PRIMARY KEY (channel_account_id, variant_id), UNIQUE (channel_account_id, platform_product_id, platform_sku_id))
            """,
            // Lazada takes deltas: `delta_basis` is the sellable quantity its own count was last brought to
            // by ShopDesk, less the units it sold itself since (its sales are already in its count).
            """
            INSERT INTO listings_pushed (workspace_id, channel_account_id, variant_id, platform_product_id, platform_sku_id, created_at,
                push_due_since, push_next_at)
            SELECT workspace_id, channel_account_id, variant_id, platform_product_id, platform_sku_id, created_at, created_at, created_at
            FROM listings
            """,
            "DROP TABLE listings",
            "ALTER TABLE listings_pushed RENAME TO listings",
            "CREATE INDEX listings_by_variant ON listings (variant_id)",
            "CREATE INDEX listings_push_due ON listings (push_next_at) WHERE push_next_at IS NOT NULL",
        ]
    }
}
