extension Migration {
    /// 6: privacy and the compliance guard's data. The audit log of privileged actions; per workspace,
    /// the retention period (and how far the purge has got) and the admins' additions to the compliance rules; what erasure and
    /// retention leave behind (`buyers.erased_at`, `messages.redacted`); and an index of recent
    /// outbound messages, which the spam counters read before every reply.
    static let privacy = Migration(version: 6, name: "privacy and compliance") { _ in
        [
            """
            CREATE TABLE audit_log (
                id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, at BIGINT NOT NULL, actor_agent_id TEXT,
                actor_name TEXT NOT NULL, action TEXT NOT NULL, subject_kind TEXT, subject_id TEXT, detail TEXT)
            """,
            "CREATE INDEX audit_log_by_time ON audit_log (workspace_id, at, id)",
            "ALTER TABLE workspaces ADD COLUMN retention_days BIGINT",
            "ALTER TABLE workspaces ADD COLUMN compliance_rules TEXT",
            "ALTER TABLE buyers ADD COLUMN erased_at BIGINT",
            "ALTER TABLE messages ADD COLUMN redacted TEXT",
            // Whether a redacted seller message was small talk only, which TikTok Shop does not count as
            // a response: the rates must come out the same after the text is gone.
            "ALTER TABLE messages ADD COLUMN small_talk_only BIGINT",
            "CREATE INDEX messages_outbound_recent ON messages (workspace_id, platform_at) WHERE direction = 'outbound'",
            // Retention walks messages in id order (UUIDv7: the order they were stored) from where its
            // last run stopped, so it needs no index of its own and never rereads purged rows.
            "ALTER TABLE workspaces ADD COLUMN retention_cursor TEXT",
        ]
    }
}
