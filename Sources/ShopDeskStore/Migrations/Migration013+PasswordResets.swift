extension Migration {
    /// 13: one-time password reset codes an owner issues for an agent (only the code's hash is kept).
    static let passwordResets = Migration(version: 13, name: "password reset codes") { _ in
        [
            """
            CREATE TABLE password_resets (
                agent_id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, code_hash TEXT NOT NULL, expires_at BIGINT NOT NULL,
                created_at BIGINT NOT NULL)
            """
        ]
    }
}
