import Foundation
import Logging
import SQLKit
import ShopDeskCore

/// The one SQL implementation of ShopDesk's storage, on SQLite (default) or PostgreSQL.
///
/// Every query names the workspace it acts for, so a caller can never read or change another
/// workspace's rows by guessing an id.
public final class SQLStore: Sendable {
    let engine: any SQLEngine
    let secrets: SecretBox
    public let ids: IDGenerator
    let logger: Logger

    public var engineKind: EngineKind { self.engine.kind }

    init(engine: any SQLEngine, secrets: SecretBox, ids: IDGenerator, logger: Logger) {
        self.engine = engine
        self.secrets = secrets
        self.ids = ids
        self.logger = logger
    }

    /// Opens the database at `location`. The caller must keep `run()` going while the store is in use
    /// (see `withStore`) and call `close()` at the end.
    public static func open(
        _ location: DatabaseLocation, secrets: SecretBox, searchPath: String? = nil, ids: IDGenerator = IDGenerator(),
        logger: Logger
    ) async throws -> SQLStore {
        let engine: any SQLEngine
        switch location {
        case .sqlite(let path):
            engine = try await SQLiteEngine.open(path: path, logger: logger)
        case .postgres(let url):
            engine = try PostgresEngine(url: url, searchPath: searchPath, logger: logger)
        }
        return SQLStore(engine: engine, secrets: secrets, ids: ids, logger: logger)
    }

    /// Opens the store, keeps its connections running while `body` runs, and closes it afterwards:
    /// for commands and tests that use the store outside the server's service group.
    public static func withStore<R: Sendable>(
        _ location: DatabaseLocation, secrets: SecretBox, searchPath: String? = nil, logger: Logger,
        _ body: @Sendable (SQLStore) async throws -> R
    ) async throws -> R {
        let store = try await SQLStore.open(location, secrets: secrets, searchPath: searchPath, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await store.run() }
            defer { group.cancelAll() }
            do {
                let result = try await body(store)
                await store.close()
                return result
            } catch {
                await store.close()
                throw error
            }
        }
    }

    /// Keeps the engine's connections alive until the task is cancelled.
    public func run() async {
        await self.engine.run()
    }

    public func close() async {
        await self.engine.close()
    }

    /// Applies missing migrations, then indexes for search any messages stored before search existed;
    /// returns the versions applied now.
    @discardableResult
    public func migrate() async throws -> [Int] {
        do {
            let applied = try await Migrator(engine: self.engine).migrate()
            try await self.backfillSearchIndex()
            return applied
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.configuration("cannot migrate the database: \(String(reflecting: error))")
        }
    }

    /// The highest applied migration, or 0 for an empty database.
    public func schemaVersion() async throws -> Int {
        try await self.engine.read { db in
            let row = try await db.raw("SELECT MAX(version) AS v FROM schema_migrations").first()
            guard let row, try !row.decodeNil(column: "v") else { return 0 }
            return try row.int("v")
        }
    }

    /// Checks that the database answers (for `/healthz`).
    public func ping() async throws {
        try await self.engine.read { db in
            _ = try await db.raw("SELECT 1 AS one").first()
        }
    }
}

// MARK: - Row and time helpers

extension Date {
    /// Milliseconds since 1970: how times are stored.
    var storeMillis: Int64 { Int64((self.timeIntervalSince1970 * 1000).rounded()) }

    init(storeMillis: Int64) {
        self.init(timeIntervalSince1970: TimeInterval(storeMillis) / 1000)
    }
}

extension SQLRow {
    func string(_ column: String) throws -> String {
        try self.decode(column: column, as: String.self)
    }

    func optionalString(_ column: String) throws -> String? {
        try self.decodeNil(column: column) ? nil : try self.decode(column: column, as: String.self)
    }

    func int(_ column: String) throws -> Int {
        Int(try self.decode(column: column, as: Int64.self))
    }

    func optionalInt64(_ column: String) throws -> Int64? {
        try self.decodeNil(column: column) ? nil : try self.decode(column: column, as: Int64.self)
    }

    func date(_ column: String) throws -> Date {
        Date(storeMillis: try self.decode(column: column, as: Int64.self))
    }

    func optionalDate(_ column: String) throws -> Date? {
        try self.decodeNil(column: column) ? nil : Date(storeMillis: try self.decode(column: column, as: Int64.self))
    }

    func id<Owner>(_ column: String, as _: Owner.Type = Owner.self) throws -> Identifier<Owner> {
        Identifier(rawValue: try self.string(column))
    }

    func optionalID<Owner>(_ column: String, as _: Owner.Type = Owner.self) throws -> Identifier<Owner>? {
        try self.optionalString(column).map { Identifier(rawValue: $0) }
    }

    func enumValue<E: RawRepresentable>(_ column: String, as _: E.Type = E.self) throws -> E where E.RawValue == String {
        let raw = try self.string(column)
        guard let value = E(rawValue: raw) else {
            throw StoreError.configuration("unexpected value '\(raw)' in column \(column)")
        }
        return value
    }
}

/// Escapes `%`, `_` and `\` for a `LIKE … ESCAPE '\'` pattern.
func likePattern(containing text: String) -> String {
    var escaped = ""
    for character in text {
        if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
        escaped.append(character)
    }
    return "%" + escaped + "%"
}
