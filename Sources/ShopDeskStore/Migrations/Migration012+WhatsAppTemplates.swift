extension Migration {
    /// 12: the approved message templates of each WhatsApp number, and the template a reply was sent as.
    static let whatsAppTemplates = Migration(version: 12, name: "WhatsApp message templates") { _ in
        [
            """
            CREATE TABLE whatsapp_templates (
                id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, channel_account_id TEXT NOT NULL, name TEXT NOT NULL,
                language TEXT NOT NULL, category TEXT NOT NULL, body TEXT NOT NULL, created_at BIGINT NOT NULL,
                UNIQUE (channel_account_id, name, language))
            """,
            "ALTER TABLE messages ADD COLUMN template TEXT",
        ]
    }
}
