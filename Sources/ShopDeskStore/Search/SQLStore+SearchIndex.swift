import Foundation
import SQLKit
import ShopDeskCore

/// A message to add to the search index.
struct SearchEntry: Sendable {
    var workspaceID: String
    var conversationID: String
    var text: String?
}

/// A message's value of `SQLStore.searchColumn`: NULL, or its FTS5 rowid (SQLite), or its tokens (PostgreSQL).
enum SearchColumnValue: Encodable, Sendable {
    case none
    case rowid(Int64)
    case tokens(String)

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .none: try container.encodeNil()
        case .rowid(let rowid): try container.encode(rowid)
        case .tokens(let tokens): try container.encode(tokens)
        }
    }
}

extension SQLStore {
    /// Bits of an FTS5 rowid for a message's number in its conversation: a conversation's messages past
    /// the 1,048,575th are not indexed (no conversation comes near).
    static let searchSerialBits: Int64 = 20

    /// The `messages` column that ties a message to its index entry: the FTS5 rowid on SQLite, the
    /// `tsvector` text on PostgreSQL (see migration 11).
    static func searchColumn(_ kind: EngineKind) -> String {
        kind == .postgres ? "search_tokens" : "search_rowid"
    }

    /// Indexes `entries` in the current transaction (before their messages rows are inserted) and
    /// returns, for each, the value of `searchColumn` for its row.
    /// The first time a conversation is seen, its buyer's name is indexed too.
    static func indexForSearch(_ entries: [SearchEntry], kind: EngineKind, in db: any SQLDatabase) async throws -> [SearchColumnValue] {
        guard !entries.isEmpty else { return [] }
        let conversations = Array(Set(entries.map(\.conversationID))).sorted()
        switch kind {
        case .postgres:
            try await Self.indexBuyerNamesOnPostgres(conversations, in: db)
            return entries.map { entry in
                let tokens = SearchText.documentTokens(entry.text ?? "")
                return tokens.isEmpty ? .none : .tokens(Self.tsvectorText(tokens))
            }
        case .sqlite:
            var keys = try await Self.searchKeys(conversations, in: db)
            let missing = conversations.filter { keys[$0] == nil }
            if !missing.isEmpty {
                let workspaces = Dictionary(entries.map { ($0.conversationID, $0.workspaceID) }, uniquingKeysWith: { first, _ in first })
                try await Self.insertRows(
                    missing.map { [workspaces[$0]!, $0, Int64(0)] }, into: "search_conversations",
                    columns: ["workspace_id", "conversation_id", "next_serial"], db: db)
                let created = try await Self.searchKeys(missing, in: db)
                keys.merge(created) { _, new in new }
                try await Self.indexBuyerNamesOnSQLite(created, in: db)
            }
            var values: [SearchColumnValue] = []
            var rows: [[any Encodable & Sendable]] = []
            var touched: Set<String> = []
            for entry in entries {
                let tokens = SearchText.documentTokens(entry.text ?? "")
                guard !tokens.isEmpty, var key = keys[entry.conversationID], key.next + 1 < (1 << Self.searchSerialBits) else {
                    values.append(.none)
                    continue
                }
                key.next += 1
                keys[entry.conversationID] = key
                touched.insert(entry.conversationID)
                let rowid = key.key << Self.searchSerialBits | key.next
                rows.append([rowid, tokens.joined(separator: " ")])
                values.append(.rowid(rowid))
            }
            try await Self.insertRows(rows, into: "message_search", columns: ["rowid", "tokens"], db: db)
            for chunk in Self.chunks(touched.sorted(), of: 100) {
                var sql = SQLQueryString("WITH v (k, n) AS (VALUES ")
                for (position, conversation) in chunk.enumerated() {
                    let key = keys[conversation]!
                    sql = sql + (position == 0 ? "" : ", ") + "(\(bind: key.key), \(bind: key.next))"
                }
                sql = sql + ") UPDATE search_conversations SET next_serial = v.n FROM v WHERE search_conversations.search_key = v.k"
                try await db.raw(sql).run()
            }
            return values
        }
    }

    /// Indexes messages already stored (key: their id) and records their entries in `searchColumn`.
    static func indexStored(_ messages: [(id: String, entry: SearchEntry)], kind: EngineKind, in db: any SQLDatabase) async throws {
        let values = try await Self.indexForSearch(messages.map(\.entry), kind: kind, in: db)
        let updates = zip(messages, values).compactMap { message, value -> (String, SearchColumnValue)? in
            if case .none = value { return nil }
            return (message.id, value)
        }
        for chunk in Self.chunks(updates, of: 100) {
            var sql = SQLQueryString("WITH v (id, value) AS (VALUES ")
            for (position, update) in chunk.enumerated() {
                sql = sql + (position == 0 ? "" : ", ") + "(CAST(\(bind: update.0) AS TEXT), \(bind: update.1))"
            }
            sql = sql + ") UPDATE messages SET \(unsafeRaw: Self.searchColumn(kind)) = v.value FROM v WHERE messages.id = v.id"
            try await db.raw(sql).run()
        }
    }

    /// Removes the messages `ids` from the index; the caller clears their `searchColumn` (on
    /// PostgreSQL that alone removes them).
    static func removeFromSearch(messages ids: [String], kind: EngineKind, in db: any SQLDatabase) async throws {
        guard kind == .sqlite else { return }
        for chunk in Self.chunks(ids, of: 500) {
            let rowids = try await db.raw(
                SQLQueryString("SELECT search_rowid FROM messages WHERE search_rowid IS NOT NULL AND id IN (") + Self.bindList(chunk)
                    + SQLQueryString(")")
            ).all().map { try $0.decode(column: "search_rowid", as: Int64.self) }
            try await Self.deleteSearchRows(rowids, in: db)
        }
    }

    /// Removes the buyer names of `conversations` (a list of bound ids) from the index.
    static func removeBuyerNamesFromSearch(_ conversations: SQLQueryString, kind: EngineKind, in db: any SQLDatabase) async throws {
        switch kind {
        case .postgres:
            try await db.raw(
                SQLQueryString("UPDATE conversations SET search_tokens = NULL WHERE id IN (") + conversations + SQLQueryString(")")
            ).run()
        case .sqlite:
            let rowids = try await db.raw(
                SQLQueryString("SELECT search_key FROM search_conversations WHERE conversation_id IN (") + conversations + SQLQueryString(")")
            ).all().map { try $0.decode(column: "search_key", as: Int64.self) << Self.searchSerialBits }
            try await Self.deleteSearchRows(rowids, in: db)
        }
    }

    /// Indexes the messages stored before migration 11, a batch per transaction, from where the last
    /// run stopped; returns how many messages it looked at (0 once everything is indexed).
    @discardableResult
    public func backfillSearchIndex(batchSize: Int = 2000) async throws -> Int {
        let kind = self.engine.kind
        var total = 0
        while true {
            let count = try await self.engine.transaction { db -> Int? in
                guard let cursor = try await db.raw("SELECT cursor FROM search_backfill").first().map({ try $0.string("cursor") }) else {
                    return nil
                }
                let column = Self.searchColumn(kind)
                let page = try await db.raw(
                    """
                    SELECT id, workspace_id, conversation_id, text, \(unsafeRaw: column) AS indexed FROM messages
                    WHERE id > \(bind: cursor) ORDER BY id LIMIT \(bind: Int64(batchSize))
                    """
                ).all()
                guard let last = try page.last?.string("id") else {
                    try await db.raw("DELETE FROM search_backfill").run()
                    return nil
                }
                let rows = try page.filter { try $0.decodeNil(column: "indexed") }
                try await Self.indexStored(
                    try rows.map {
                        (
                            try $0.string("id"),
                            SearchEntry(
                                workspaceID: try $0.string("workspace_id"), conversationID: try $0.string("conversation_id"),
                                text: try $0.optionalString("text"))
                        )
                    }, kind: kind, in: db)
                try await db.raw("UPDATE search_backfill SET cursor = \(bind: last)").run()
                return page.count
            }
            guard let count else {
                if total > 0 { try await self.optimizeSearchIndex() }
                return total
            }
            total += count
        }
    }

    /// Merges the SQLite index into one segment after a bulk load. FTS5 appends each transaction's
    /// entries as a new segment and merges them by degrees, and a lookup reads every segment, so after
    /// millions of rows in a few transactions a conversation's lookup costs many times what it does on
    /// one segment (https://sqlite.org/fts5.html, "The 'optimize' Command"). PostgreSQL's GIN needs nothing.
    public func optimizeSearchIndex() async throws {
        guard self.engine.kind == .sqlite else { return }
        try await self.engine.transaction { db in
            try await db.raw("INSERT INTO message_search (message_search) VALUES ('optimize')").run()
        }
    }

    // MARK: Engine details

    private static func deleteSearchRows(_ rowids: [Int64], in db: any SQLDatabase) async throws {
        for chunk in Self.chunks(rowids, of: 500) where !chunk.isEmpty {
            var sql = SQLQueryString("DELETE FROM message_search WHERE rowid IN (")
            for (position, rowid) in chunk.enumerated() {
                sql = sql + (position == 0 ? "\(bind: rowid)" : ", \(bind: rowid)")
            }
            try await db.raw(sql + ")").run()
        }
    }

    /// Each conversation's search key and the number of its last indexed message.
    private static func searchKeys(_ conversations: [String], in db: any SQLDatabase) async throws -> [String: (key: Int64, next: Int64)] {
        var keys: [String: (key: Int64, next: Int64)] = [:]
        for chunk in Self.chunks(conversations, of: 500) {
            let rows = try await db.raw(
                SQLQueryString("SELECT search_key, conversation_id, next_serial FROM search_conversations WHERE conversation_id IN (")
                    + Self.bindList(chunk) + SQLQueryString(")")
            ).all()
            for row in rows {
                keys[try row.string("conversation_id")] = (
                    try row.decode(column: "search_key", as: Int64.self), try row.decode(column: "next_serial", as: Int64.self)
                )
            }
        }
        return keys
    }

    private static func indexBuyerNamesOnSQLite(_ keys: [String: (key: Int64, next: Int64)], in db: any SQLDatabase) async throws {
        var rows: [[any Encodable & Sendable]] = []
        for (conversation, name) in try await Self.buyerNames(Array(keys.keys).sorted(), unindexedOnly: false, in: db) {
            let tokens = SearchText.documentTokens(name)
            if !tokens.isEmpty { rows.append([keys[conversation]!.key << Self.searchSerialBits, tokens.joined(separator: " ")]) }
        }
        try await Self.insertRows(rows, into: "message_search", columns: ["rowid", "tokens"], db: db)
    }

    private static func indexBuyerNamesOnPostgres(_ conversations: [String], in db: any SQLDatabase) async throws {
        for (conversation, name) in try await Self.buyerNames(conversations, unindexedOnly: true, in: db) {
            let tokens = SearchText.documentTokens(name)
            guard !tokens.isEmpty else { continue }
            try await db.raw(
                "UPDATE conversations SET search_tokens = \(bind: Self.tsvectorText(tokens)) WHERE id = \(bind: conversation)"
            ).run()
        }
    }

    private static func buyerNames(_ conversations: [String], unindexedOnly: Bool, in db: any SQLDatabase) async throws -> [(String, String)] {
        var names: [(String, String)] = []
        for chunk in Self.chunks(conversations, of: 500) {
            let rows = try await db.raw(
                SQLQueryString("SELECT id, buyer_name FROM conversations WHERE buyer_name IS NOT NULL")
                    + SQLQueryString(unindexedOnly ? " AND search_tokens IS NULL" : "") + SQLQueryString(" AND id IN (")
                    + Self.bindList(chunk) + SQLQueryString(")")
            ).all()
            for row in rows { names.append((try row.string("id"), try row.string("buyer_name"))) }
        }
        return names
    }

    /// Tokens as PostgreSQL `tsvector` input: each quoted, with its position (PostgreSQL keeps
    /// positions up to 16,383: https://www.postgresql.org/docs/15/datatype-textsearch.html).
    static func tsvectorText(_ tokens: [String]) -> String {
        tokens.enumerated().map { "\(Self.quotedLexeme($0.element)):\(min($0.offset + 1, 16_383))" }.joined(separator: " ")
    }

    /// A lexeme in single quotes, its quotes doubled and backslashes escaped.
    static func quotedLexeme(_ token: String) -> String {
        "'" + token.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''") + "'"
    }
}
