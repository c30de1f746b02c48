extension Migration {
    /// 16: each listing's stock push, coalesced in the listing's own row (the latest value is the only
    /// one that matters): when its sellable quantity first changed since the last push, when the next
    /// attempt is due, the claim on a push in flight, what was sent and what the platform acknowledged.
    static let stockPush = Migration(version: 16, name: "stock push per listing") { _ in
        [
            "ALTER TABLE listings ADD COLUMN push_due_since BIGINT",
            "ALTER TABLE listings ADD COLUMN push_next_at BIGINT",
            "ALTER TABLE listings ADD COLUMN push_lease_until BIGINT",
            "ALTER TABLE listings ADD COLUMN push_started_since BIGINT",
            "ALTER TABLE listings ADD COLUMN push_attempts INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE listings ADD COLUMN push_quantity BIGINT",
            "ALTER TABLE listings ADD COLUMN push_error TEXT",
            "ALTER TABLE listings ADD COLUMN acked_quantity BIGINT",
            "ALTER TABLE listings ADD COLUMN acked_at BIGINT",
            // Lazada takes deltas: the sellable quantity its own count was last brought to by ShopDesk,
            // less the units it sold itself since (its sales are already in its count).
            "ALTER TABLE listings ADD COLUMN delta_basis BIGINT",
            "CREATE INDEX listings_push_due ON listings (push_next_at) WHERE push_next_at IS NOT NULL",
        ]
    }
}
