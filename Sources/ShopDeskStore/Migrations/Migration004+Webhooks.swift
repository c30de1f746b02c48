extension Migration {
    /// 4: what platform pushes bring besides messages: order status events, conversations to fetch, and
    /// pushes ShopDesk does not use yet (kept raw). Each is stored once however often it is redelivered.
    static let webhookEvents = Migration(version: 4, name: "webhook events") { kind in
        [
            """
            CREATE TABLE order_events (
                id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL,
                channel_account_id TEXT NOT NULL REFERENCES channel_accounts(id), order_id TEXT NOT NULL,
                status TEXT NOT NULL, event_at BIGINT NOT NULL, received_at BIGINT NOT NULL,
                UNIQUE (channel_account_id, order_id, status, event_at))
            """,
            """
            CREATE TABLE conversation_fetches (
                workspace_id TEXT NOT NULL, channel_account_id TEXT NOT NULL REFERENCES channel_accounts(id),
                conversation_external_id TEXT NOT NULL, requested_at BIGINT NOT NULL, fetched_at BIGINT,
                PRIMARY KEY (channel_account_id, conversation_external_id))
            """,
            """
            CREATE TABLE webhook_events (
                id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL,
                channel_account_id TEXT NOT NULL REFERENCES channel_accounts(id), kind TEXT NOT NULL,
                body_hash TEXT NOT NULL, body TEXT NOT NULL, received_at BIGINT NOT NULL,
                UNIQUE (channel_account_id, body_hash))
            """,
        ]
    }
}
