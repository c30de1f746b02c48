import Foundation
import SQLKit
import ShopDeskCore

extension SQLStore {
    /// A query with at most this many index hits (counted in the index, which is cheap) is answered
    /// from its hits: their conversations are read by id and sorted. A query with more is answered by
    /// walking the conversation list in its order, checking each conversation (its messages' text for
    /// a Thai or Chinese query, else the index for its rowid range) and stopping when the page is
    /// full: that costs one check per conversation passed over, so it suits words in many
    /// conversations, and reading every hit suits words in few. PostgreSQL reads the hits the same
    /// way; for more, its planner chooses.
    static let searchHitLimit = 5000

    /// How the conversation list narrows to a text search.
    enum SearchFilter {
        /// Nothing can match (a query with no letters or digits, or no hit at all).
        case nothing
        /// A condition on conversation `c`, appended to the list's others.
        case condition(SQLQueryString)
        /// Just these conversations (by id), which the list reads by id first.
        case conversations([String])
    }

    /// The conversation list's text search: buyer names and message text, matched as `SearchText` says.
    func searchFilter(_ text: String) async throws -> SearchFilter {
        guard text.count <= SearchText.maximumQueryLength else {
            throw StoreError.invalid(field: "q", message: "a search is at most \(SearchText.maximumQueryLength) characters")
        }
        let phrases = SearchText.queryPhrases(text)
        guard !phrases.isEmpty else { return .nothing }
        switch self.engine.kind {
        case .postgres:
            let query = SQLQueryString("CAST(\(bind: Self.tsquery(phrases)) AS tsquery)")
            let limit = Self.searchHitLimit
            // Hits first, as on SQLite: left to itself, the planner walks the whole list for a word found
            // nowhere (150 ms at 100,000 conversations).
            let hits = try await self.engine.read { db in
                try await db.raw(
                    SQLQueryString("SELECT id FROM (SELECT id FROM conversations WHERE CAST(search_tokens AS tsvector) @@ ") + query
                        + SQLQueryString(" UNION ALL SELECT conversation_id FROM messages WHERE CAST(search_tokens AS tsvector) @@ ")
                        + query + SQLQueryString(") hits LIMIT \(bind: Int64(limit + 1))")
                ).all().map { try $0.string("id") }
            }
            if hits.isEmpty { return .nothing }
            if hits.count <= limit { return .conversations(Set(hits).sorted()) }
            return .condition(
                SQLQueryString(" AND (CAST(c.search_tokens AS tsvector) @@ ") + query
                    + SQLQueryString(
                        " OR EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND CAST(m.search_tokens AS tsvector) @@ ")
                    + query + SQLQueryString("))"))
        case .sqlite:
            let match = Self.fts5Query(phrases)
            let limit = Self.searchHitLimit
            let hits = try await self.engine.read { db in
                try await db.raw(
                    """
                    SELECT COUNT(*) AS n FROM (SELECT 1 FROM message_search WHERE message_search MATCH \(bind: match) LIMIT \(bind: Int64(limit + 1)))
                    """
                ).first().map { try $0.int("n") } ?? 0
            }
            if hits == 0 { return .nothing }
            if hits <= limit {
                let conversations = try await self.engine.read { db in
                    try await db.raw(
                        """
                        SELECT conversation_id FROM search_conversations WHERE search_key IN (
                        SELECT rowid >> \(unsafeRaw: String(Self.searchSerialBits)) FROM message_search WHERE message_search MATCH \(bind: match))
                        """
                    ).all().map { try $0.string("conversation_id") }
                }
                return conversations.isEmpty ? .nothing : .conversations(conversations.sorted())
            }
            if let runs = SearchText.runs(in: text) {
                // Thai or Chinese only: reading a conversation's few messages and looking for the words
                // costs a fraction of asking the index about a phrase of bigrams, each a common token
                // with a long list of rows (at 1,000,000 conversations, 37 ms a page for ทุเรียน that way).
                var name = SQLQueryString("c.buyer_name IS NOT NULL")
                var message = SQLQueryString("m.text IS NOT NULL")
                for run in runs {
                    name = name + " AND instr(c.buyer_name, \(bind: run)) > 0"
                    message = message + " AND instr(m.text, \(bind: run)) > 0"
                }
                return .condition(
                    SQLQueryString(" AND ((") + name
                        + SQLQueryString(") OR EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND ") + message
                        + SQLQueryString("))"))
            }
            let size = Int64(1) << Self.searchSerialBits
            return .condition(
                """
                 AND EXISTS (SELECT 1 FROM search_conversations k WHERE k.conversation_id = c.id AND EXISTS (
                 SELECT 1 FROM message_search s WHERE s.message_search MATCH \(bind: match)
                 AND s.rowid >= k.search_key * \(bind: size) AND s.rowid < (k.search_key + 1) * \(bind: size)))
                """)
        }
    }

    /// An FTS5 query: each phrase in double quotes (which FTS5 takes literally, a quote doubled), a
    /// prefix phrase followed by `*`, all of them required
    /// (https://sqlite.org/fts5.html, "Full-text Query Syntax").
    static func fts5Query(_ phrases: [SearchText.Phrase]) -> String {
        phrases.map { phrase in
            "\"" + phrase.tokens.joined(separator: " ").replacingOccurrences(of: "\"", with: "\"\"") + "\"" + (phrase.isPrefix ? "*" : "")
        }.joined(separator: " AND ")
    }

    /// A PostgreSQL `tsquery` in its input syntax: lexemes quoted, a phrase's joined by `<->`, a prefix
    /// marked `:*`, phrases joined by `&` (https://www.postgresql.org/docs/15/datatype-textsearch.html).
    static func tsquery(_ phrases: [SearchText.Phrase]) -> String {
        phrases.map { phrase in
            "(" + phrase.tokens.map(Self.quotedLexeme).joined(separator: " <-> ") + (phrase.isPrefix ? ":*" : "") + ")"
        }.joined(separator: " & ")
    }
}
