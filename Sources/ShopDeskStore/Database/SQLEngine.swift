import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit
import Synchronization

/// The two database engines behind one SQL implementation. Dialect branches live only in the store.
public enum EngineKind: String, Sendable {
    case sqlite
    case postgres
}

/// Runs SQL on one engine: reads anywhere, writes in one transaction at a time per session.
protocol SQLEngine: Sendable {
    var kind: EngineKind { get }
    /// Runs `body` on a connection for reads (on SQLite, never the writer connection).
    func read<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R
    /// Runs `body` inside one transaction; commits when it returns, rolls back when it throws.
    func transaction<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R
    /// Keeps the engine's connections alive (the PostgreSQL pool needs a running task).
    func run() async
    func close() async
}

/// SQLite in WAL mode with `synchronous=FULL`: one writer connection behind a lock (SQLite allows one
/// writer at a time anyway) and reader connections that see only committed data.
///
/// The writer runs its statements on a thread of its own. SQLite's calls block, so each statement goes to
/// a thread pool; in the shared pool the single writer's statements (a checkout batch runs seven per
/// checkout) queued behind every read (token checks, `/healthz`, pages), and under load the writer
/// spent most of its time waiting in that queue (BENCHMARKS.md, issue 16).
final class SQLiteEngine: SQLEngine {
    let kind = EngineKind.sqlite
    private let writer: SQLiteConnection
    private let writerThread: NIOThreadPool
    private let readers: [SQLiteConnection]
    private let writeLock = AsyncLock()
    private let nextReader = Counter()

    private init(writer: SQLiteConnection, writerThread: NIOThreadPool, readers: [SQLiteConnection]) {
        self.writer = writer
        self.writerThread = writerThread
        self.readers = readers
    }

    static func open(path: String, readers readerCount: Int = 2, logger: Logger) async throws -> SQLiteEngine {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StoreError.configuration("cannot create data directory \(directory): \(error.localizedDescription)")
        }
        let writerThread = NIOThreadPool(numberOfThreads: 1)
        writerThread.start()
        let writer: SQLiteConnection
        do {
            writer = try await SQLiteConnection.open(
                storage: .file(path: path), threadPool: writerThread, logger: logger, on: MultiThreadedEventLoopGroup.singleton.any())
        } catch {
            try? await writerThread.shutdownGracefully()
            throw StoreError.configuration("cannot open SQLite database \(path): \(error)")
        }
        let db = writer.sql()
        for pragma in [
            "PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA busy_timeout=5000", "PRAGMA foreign_keys=ON",
            "PRAGMA wal_autocheckpoint=4000",
        ] {
            try await db.raw(SQLQueryString(pragma)).run()
        }
        var readers: [SQLiteConnection] = []
        for _ in 0..<readerCount {
            let reader = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
            for pragma in ["PRAGMA busy_timeout=5000", "PRAGMA foreign_keys=ON", "PRAGMA query_only=ON"] {
                try await reader.sql().raw(SQLQueryString(pragma)).run()
            }
            readers.append(reader)
        }
        return SQLiteEngine(writer: writer, writerThread: writerThread, readers: readers)
    }

    func read<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        let reader = self.readers[self.nextReader.next() % self.readers.count]
        return try await body(reader.sql())
    }

    func transaction<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        let db = self.writer.sql()
        return try await self.writeLock.withLock {
            // IMMEDIATE takes the write lock up front, so a transaction never fails half-way on SQLITE_BUSY.
            try await runTransaction(on: db, begin: "BEGIN IMMEDIATE", body)
        }
    }

    func run() async {}

    func close() async {
        for connection in [self.writer] + self.readers {
            try? await connection.close()
        }
        try? await self.writerThread.shutdownGracefully()
    }
}

/// PostgreSQL through PostgresNIO's connection pool; several ShopDesk nodes may share the database.
final class PostgresEngine: SQLEngine {
    let kind = EngineKind.postgres
    let client: PostgresClient

    init(url: String, searchPath: String? = nil, logger: Logger) throws {
        guard let configuration = try? SQLPostgresConfiguration(url: url) else {
            throw StoreError.configuration("database URL '\(DatabaseLocation.redacted(url))' is not a valid postgres:// URL")
        }
        let core = configuration.coreConfiguration
        guard let host = core.host, let port = core.port else {
            throw StoreError.configuration("the PostgreSQL URL needs a host and port")
        }
        var clientConfiguration = PostgresClient.Configuration(
            host: host, port: port, username: core.username, password: core.password, database: core.database,
            tls: try PostgresTLS(url: url).clientTLS
        )
        if let searchPath {
            clientConfiguration.options.additionalStartupParameters = [("search_path", searchPath)]
        }
        clientConfiguration.options.maximumConnections = 16
        self.client = PostgresClient(configuration: clientConfiguration, backgroundLogger: logger)
    }

    func read<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await self.client.withConnection { connection in
            try await body(connection.sql())
        }
    }

    func transaction<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await self.client.withConnection { connection in
            try await runTransaction(on: connection.sql(), begin: "BEGIN", body)
        }
    }

    func run() async {
        await self.client.run()
    }

    func close() async {}
}

/// Runs `body` between `begin` and COMMIT on one connection, rolling back if it throws.
private func runTransaction<R: Sendable>(
    on db: any SQLDatabase, begin: SQLQueryString, _ body: @Sendable (any SQLDatabase) async throws -> R
) async throws -> R {
    try await db.raw(begin).run()
    do {
        let result = try await body(db)
        try await db.raw("COMMIT").run()
        return result
    } catch {
        try? await db.raw("ROLLBACK").run()
        throw error
    }
}

/// A round-robin counter.
final class Counter: Sendable {
    private let value = Mutex(0)

    func next() -> Int {
        self.value.withLock { value in
            value &+= 1
            return value & Int.max
        }
    }
}
