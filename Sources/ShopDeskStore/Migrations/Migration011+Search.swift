extension Migration {
    /// 11: full-text search of messages and buyer names (see `SearchText` for the tokens and
    /// `SQLStore+SearchIndex.swift` for how they are stored).
    ///
    /// SQLite: a contentless FTS5 table over the prepared tokens, so the text is not stored twice.
    /// `contentless_delete=1` lets redaction delete a message's entry by rowid, and `secure-delete`
    /// removes the deleted tokens from the index at once rather than leaving them until a merge
    /// (https://sqlite.org/fts5.html, "Contentless-Delete Tables" and "The 'secure-delete'
    /// Configuration Option"). The `ascii` tokenizer only splits on the spaces between our tokens:
    /// every non-ASCII character is part of a token, so Thai tone marks stay where they are.
    /// A row's FTS rowid is its conversation's `search_key` shifted left by 20 bits plus the message's
    /// number in the conversation (0 for the buyer's name), so a conversation's entries are one rowid
    /// range; `messages.search_rowid` remembers each message's entry for redaction.
    ///
    /// PostgreSQL: the tokens with their positions in `tsvector` input form, cast in a GIN expression
    /// index (no extension needed, no text search parser involved, so no locale can split a Thai word).
    ///
    /// Existing messages are indexed after the migration by `backfillSearchIndex`, which walks them in
    /// id order from `search_backfill.cursor` and drops that row when done.
    static let search = Migration(version: 11, name: "full-text search") { kind in
        let common = [
            "CREATE TABLE search_backfill (cursor TEXT NOT NULL)",
            "INSERT INTO search_backfill (cursor) VALUES ('')",
        ]
        switch kind {
        case .sqlite:
            return common + [
                "CREATE VIRTUAL TABLE message_search USING fts5(tokens, tokenize = 'ascii', content = '', contentless_delete = 1)",
                "INSERT INTO message_search (message_search, rank) VALUES ('secure-delete', 1)",
                """
                CREATE TABLE search_conversations (
                    search_key INTEGER PRIMARY KEY, workspace_id TEXT NOT NULL, conversation_id TEXT NOT NULL UNIQUE,
                    next_serial BIGINT NOT NULL)
                """,
                "ALTER TABLE messages ADD COLUMN search_rowid BIGINT",
            ]
        case .postgres:
            return common + [
                "ALTER TABLE messages ADD COLUMN search_tokens TEXT",
                "ALTER TABLE conversations ADD COLUMN search_tokens TEXT",
                "CREATE INDEX messages_search ON messages USING GIN ((CAST(search_tokens AS tsvector)))",
                "CREATE INDEX conversations_search ON conversations USING GIN ((CAST(search_tokens AS tsvector)))",
            ]
        }
    }
}
