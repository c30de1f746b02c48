extension Migration {
    /// 7: canned replies, one row per template name and language.
    static let templates = Migration(version: 7, name: "reply templates") { _ in
        [
            """
            CREATE TABLE reply_templates (
                workspace_id TEXT NOT NULL, name TEXT NOT NULL, language TEXT NOT NULL, body TEXT NOT NULL,
                updated_at BIGINT NOT NULL, PRIMARY KEY (workspace_id, name, language))
            """
        ]
    }
}
