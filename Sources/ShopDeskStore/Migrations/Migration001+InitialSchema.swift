extension Migration {
    /// 1: workspaces, agents, sessions and tokens, channel accounts, buyers, conversations, messages, outbox.
    /// Times are milliseconds since 1970 (BIGINT) so both engines compare and sort them the same way.
    static let initialSchema = Migration(version: 1, name: "initial schema") { kind in
        let blob = kind == .postgres ? "BYTEA" : "BLOB"
        return [
            """
            CREATE TABLE workspaces (
                id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, name TEXT NOT NULL, created_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE agents (
                id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL REFERENCES workspaces(id),
                email TEXT NOT NULL UNIQUE, name TEXT NOT NULL, role TEXT NOT NULL,
                channel_access TEXT, password_hash TEXT NOT NULL, created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX agents_workspace ON agents (workspace_id)",
            """
            CREATE TABLE sessions (
                token_hash TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, agent_id TEXT NOT NULL REFERENCES agents(id),
                created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE api_tokens (
                id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, agent_id TEXT NOT NULL REFERENCES agents(id),
                name TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, created_at BIGINT NOT NULL,
                last_used_at BIGINT, revoked_at BIGINT)
            """,
            "CREATE INDEX api_tokens_workspace ON api_tokens (workspace_id)",
            """
            CREATE TABLE channel_accounts (
                id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL REFERENCES workspaces(id), platform TEXT NOT NULL,
                name TEXT NOT NULL, market TEXT NOT NULL, time_zone TEXT NOT NULL,
                credentials \(blob) NOT NULL, credential_fields TEXT NOT NULL,
                created_at BIGINT NOT NULL, archived_at BIGINT)
            """,
            "CREATE INDEX channel_accounts_workspace ON channel_accounts (workspace_id)",
            """
            CREATE TABLE buyers (
                id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, display_name TEXT, created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX buyers_workspace ON buyers (workspace_id, id)",
            """
            CREATE TABLE buyer_identities (
                id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, buyer_id TEXT NOT NULL REFERENCES buyers(id),
                channel_account_id TEXT NOT NULL REFERENCES channel_accounts(id), platform TEXT NOT NULL,
                platform_user_id TEXT NOT NULL, display_name TEXT, language TEXT, created_at BIGINT NOT NULL,
                UNIQUE (channel_account_id, platform_user_id))
            """,
            "CREATE INDEX buyer_identities_buyer ON buyer_identities (buyer_id)",
            """
            CREATE TABLE conversations (
                id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL,
                channel_account_id TEXT NOT NULL REFERENCES channel_accounts(id), platform TEXT NOT NULL,
                kind TEXT NOT NULL, external_id TEXT NOT NULL, buyer_id TEXT NOT NULL REFERENCES buyers(id),
                buyer_name TEXT, subject TEXT, assignee_id TEXT, tags TEXT NOT NULL DEFAULT '',
                status TEXT NOT NULL, waiting_since BIGINT, first_inbound_at BIGINT, first_response_at BIGINT,
                last_inbound_at BIGINT, last_reply_at BIGINT, last_message_at BIGINT NOT NULL,
                last_message_preview TEXT, message_count BIGINT NOT NULL DEFAULT 0, snoozed_until BIGINT,
                next_deadline BIGINT, deadline_key BIGINT NOT NULL,
                created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,
                UNIQUE (channel_account_id, kind, external_id))
            """,
            "CREATE INDEX conversations_by_deadline ON conversations (workspace_id, deadline_key, id)",
            "CREATE INDEX conversations_by_recent ON conversations (workspace_id, last_message_at, id)",
            "CREATE INDEX conversations_by_buyer ON conversations (buyer_id)",
            """
            CREATE TABLE conversation_tags (
                workspace_id TEXT NOT NULL, conversation_id TEXT NOT NULL REFERENCES conversations(id),
                tag TEXT NOT NULL, PRIMARY KEY (conversation_id, tag))
            """,
            "CREATE INDEX conversation_tags_by_tag ON conversation_tags (workspace_id, tag)",
            """
            CREATE TABLE messages (
                id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL,
                conversation_id TEXT NOT NULL REFERENCES conversations(id),
                channel_account_id TEXT NOT NULL, direction TEXT NOT NULL, sender_kind TEXT NOT NULL,
                sender_agent_id TEXT, platform_message_id TEXT, client_id TEXT, content_type TEXT NOT NULL,
                text TEXT, attachments TEXT NOT NULL DEFAULT '[]', platform_at BIGINT NOT NULL,
                received_at BIGINT NOT NULL, delivery_status TEXT, delivery_error TEXT,
                UNIQUE (channel_account_id, platform_message_id), UNIQUE (conversation_id, client_id))
            """,
            "CREATE INDEX messages_thread ON messages (conversation_id, platform_at, id)",
            """
            CREATE TABLE outbox (
                id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, message_id TEXT NOT NULL REFERENCES messages(id),
                channel_account_id TEXT NOT NULL, status TEXT NOT NULL, attempts BIGINT NOT NULL DEFAULT 0,
                next_attempt_at BIGINT NOT NULL, last_error TEXT, created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX outbox_due ON outbox (status, next_attempt_at)",
        ]
    }
}
