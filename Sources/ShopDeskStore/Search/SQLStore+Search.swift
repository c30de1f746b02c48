import Foundation
import SQLKit
import ShopDeskCore

extension SQLStore {
    /// A query with at most this many index hits (counted in the index, which is cheap) is answered
    /// from its hits: their conversations are looked up and sorted. A query with more is answered by
    /// walking the conversation list in its order and asking the index about each conversation's
    /// rowid range, which stops as soon as a page is full: that costs about one lookup per
    /// conversation passed over, so it suits words in many conversations, and looking up every hit
    /// suits words in few.
    static let searchHitLimit = 5000

    /// The condition on conversation `c` for the conversation list's text search: buyer names and
    /// message text, matched as `SearchText` says. Nil when nothing can match (a query with no letters
    /// or digits, or no hit at all).
    func searchCondition(_ text: String) async throws -> SQLQueryString? {
        guard text.count <= SearchText.maximumQueryLength else {
            throw StoreError.invalid(field: "q", message: "a search is at most \(SearchText.maximumQueryLength) characters")
        }
        let phrases = SearchText.queryPhrases(text)
        guard !phrases.isEmpty else { return nil }
        switch self.engine.kind {
        case .postgres:
            let query = SQLQueryString("CAST(\(bind: Self.tsquery(phrases)) AS tsquery)")
            return SQLQueryString(" AND (CAST(c.search_tokens AS tsvector) @@ ") + query
                + SQLQueryString(" OR EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND CAST(m.search_tokens AS tsvector) @@ ")
                + query + SQLQueryString("))")
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
            if hits == 0 { return nil }
            if hits <= limit {
                // The conversations go into the list query by id: given the subquery instead, SQLite's
                // planner walks the whole list in order and probes it (70 ms at 1,000,000 conversations).
                let conversations = try await self.engine.read { db in
                    try await db.raw(
                        """
                        SELECT conversation_id FROM search_conversations WHERE search_key IN (
                        SELECT rowid >> \(unsafeRaw: String(Self.searchSerialBits)) FROM message_search WHERE message_search MATCH \(bind: match))
                        """
                    ).all().map { try $0.string("conversation_id") }
                }
                if conversations.isEmpty { return nil }
                return SQLQueryString(" AND c.id IN (") + Self.bindList(conversations.sorted()) + SQLQueryString(")")
            }
            let size = Int64(1) << Self.searchSerialBits
            return
                """
                 AND EXISTS (SELECT 1 FROM search_conversations k WHERE k.conversation_id = c.id AND EXISTS (
                 SELECT 1 FROM message_search s WHERE s.message_search MATCH \(bind: match)
                 AND s.rowid >= k.search_key * \(bind: size) AND s.rowid < (k.search_key + 1) * \(bind: size)))
                """
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
