extension Migration {
    /// 2: the workspace's own service levels: a policy per channel account (targets and business calendar),
    /// alert settings per workspace (lead times, webhook), and the alerts fired, one row per conversation,
    /// deadline and alert so that an alert fires once across restarts and nodes; `webhook_done_at` stays
    /// NULL until its webhook was delivered (or refused, given up, or not configured), so that a restart
    /// sends what was still pending.
    static let serviceLevels = Migration(version: 2, name: "service levels and deadline alerts") { kind in
        let blob = kind == .postgres ? "BYTEA" : "BLOB"
        return [
            """
            CREATE TABLE service_level_policies (
                channel_account_id TEXT PRIMARY KEY REFERENCES channel_accounts(id), workspace_id TEXT NOT NULL,
                first_response_seconds BIGINT NOT NULL, next_response_seconds BIGINT NOT NULL, calendar TEXT,
                updated_at BIGINT NOT NULL)
            """,
            "CREATE INDEX service_level_policies_workspace ON service_level_policies (workspace_id)",
            """
            CREATE TABLE alert_settings (
                workspace_id TEXT PRIMARY KEY REFERENCES workspaces(id), webhook_url TEXT, webhook_secret \(blob),
                lead_times TEXT NOT NULL, updated_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE sla_alerts (
                workspace_id TEXT NOT NULL, conversation_id TEXT NOT NULL REFERENCES conversations(id),
                deadline BIGINT NOT NULL, kind TEXT NOT NULL, lead_seconds BIGINT NOT NULL, fired_at BIGINT NOT NULL,
                webhook_done_at BIGINT, PRIMARY KEY (conversation_id, deadline, kind, lead_seconds))
            """,
            "CREATE INDEX sla_alerts_by_deadline ON sla_alerts (deadline)",
            "CREATE INDEX sla_alerts_by_workspace ON sla_alerts (workspace_id, fired_at)",
            "CREATE INDEX sla_alerts_webhook_pending ON sla_alerts (fired_at) WHERE webhook_done_at IS NULL",
            // The deadline queue is rebuilt at start-up from the conversations that have a deadline, across workspaces.
            "CREATE INDEX conversations_with_deadline ON conversations (next_deadline) WHERE next_deadline IS NOT NULL",
        ]
    }
}
