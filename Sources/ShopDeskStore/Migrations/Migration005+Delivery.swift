extension Migration {
    /// 5: what outbound delivery and reconciliation polling remember. An outbox row is claimed by
    /// setting a lease; one still `sending` after its lease ran out was cut short (a crash or a kill)
    /// at an unknown point, and `attempt_started_at` bounds where to look for it on the platform.
    static let delivery = Migration(version: 5, name: "delivery and polling") { _ in
        [
            "ALTER TABLE outbox ADD COLUMN lease_until BIGINT",
            "ALTER TABLE outbox ADD COLUMN attempt_started_at BIGINT",
            "ALTER TABLE outbox ADD COLUMN finished_at BIGINT",
            "CREATE INDEX outbox_leases ON outbox (status, lease_until)",
            """
            CREATE TABLE poll_cursors (
                channel_account_id TEXT PRIMARY KEY REFERENCES channel_accounts(id), workspace_id TEXT NOT NULL,
                polled_until BIGINT NOT NULL, polled_at BIGINT NOT NULL)
            """,
            "CREATE INDEX conversation_fetches_waiting ON conversation_fetches (fetched_at, requested_at)",
        ]
    }
}
