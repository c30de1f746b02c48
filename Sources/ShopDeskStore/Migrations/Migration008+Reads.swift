extension Migration {
    /// 8: what each agent has read, for unread marks and counts, and each agent's UI language.
    static let reads = Migration(version: 8, name: "reads and agent language") { _ in
        [
            """
            CREATE TABLE conversation_reads (
                agent_id TEXT NOT NULL, conversation_id TEXT NOT NULL, workspace_id TEXT NOT NULL, read_at BIGINT NOT NULL,
                PRIMARY KEY (agent_id, conversation_id))
            """,
            "ALTER TABLE agents ADD COLUMN ui_language TEXT",
        ]
    }
}
