extension Migration {
    /// 14: the catalog (products, their variants by seller SKU, prices per market), the stock ledger with
    /// its balances per SKU and location, and checkout reservations.
    static let stock = Migration(version: 14, name: "catalog, stock ledger and reservations") { _ in
        [
            """
            CREATE TABLE products (
                id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, title TEXT NOT NULL, description TEXT NOT NULL,
                image_urls TEXT NOT NULL, created_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE product_variants (
                id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, product_id TEXT NOT NULL, sku TEXT NOT NULL, attributes TEXT NOT NULL,
                UNIQUE (workspace_id, sku))
            """,
            """
            CREATE TABLE product_prices (
                variant_id TEXT NOT NULL, market TEXT NOT NULL, currency TEXT NOT NULL, amount_minor BIGINT NOT NULL,
                PRIMARY KEY (variant_id, market))
            """,
            """
            CREATE TABLE stock_balances (
                variant_id TEXT NOT NULL, location TEXT NOT NULL, workspace_id TEXT NOT NULL, on_hand BIGINT NOT NULL,
                reserved BIGINT NOT NULL, updated_at BIGINT NOT NULL, PRIMARY KEY (variant_id, location),
                CHECK (on_hand >= 0 AND reserved >= 0 AND reserved <= on_hand))
            """,
            """
            CREATE TABLE stock_movements (
                id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, variant_id TEXT NOT NULL, location TEXT NOT NULL, kind TEXT NOT NULL,
                quantity BIGINT NOT NULL, on_hand_change BIGINT NOT NULL, reserved_change BIGINT NOT NULL, reason TEXT,
                reference TEXT, actor TEXT NOT NULL, at BIGINT NOT NULL)
            """,
            "CREATE INDEX stock_movements_by_variant ON stock_movements (variant_id, at, id)",
            """
            CREATE TABLE reservations (
                id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, idempotency_key TEXT NOT NULL, status TEXT NOT NULL,
                expires_at BIGINT NOT NULL, created_at BIGINT NOT NULL, ended_at BIGINT, UNIQUE (workspace_id, idempotency_key))
            """,
            "CREATE INDEX reservations_held ON reservations (expires_at) WHERE status = 'held'",
            """
            CREATE TABLE reservation_lines (
                reservation_id TEXT NOT NULL, variant_id TEXT NOT NULL, sku TEXT NOT NULL, quantity BIGINT NOT NULL,
                PRIMARY KEY (reservation_id, variant_id))
            """,
        ]
    }
}
