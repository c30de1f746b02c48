extension Migration {
    /// 3: the facts platform response-rate rules exclude chats by: holiday-mode periods per channel
    /// account, public holidays per market, blocked buyers, and conversations the seller started.
    static let platformFacts = Migration(version: 3, name: "platform facts for response rates") { _ in
        [
            """
            CREATE TABLE holiday_mode_periods (
                id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL,
                channel_account_id TEXT NOT NULL REFERENCES channel_accounts(id),
                started_at BIGINT NOT NULL, ended_at BIGINT)
            """,
            "CREATE INDEX holiday_mode_by_channel ON holiday_mode_periods (channel_account_id, started_at)",
            """
            CREATE TABLE public_holidays (
                workspace_id TEXT NOT NULL, market TEXT NOT NULL, holiday_date TEXT NOT NULL,
                PRIMARY KEY (workspace_id, market, holiday_date))
            """,
            "ALTER TABLE buyer_identities ADD COLUMN blocked_at BIGINT",
            "ALTER TABLE conversations ADD COLUMN seller_initiated BIGINT NOT NULL DEFAULT 0",
        ]
    }
}
