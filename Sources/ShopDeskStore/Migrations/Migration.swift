import Foundation
import SQLKit

/// One numbered, append-only schema change. Never edit a migration that has shipped; add the next one.
struct Migration: Sendable {
    var version: Int
    var name: String
    var statements: @Sendable (EngineKind) -> [String]
}

extension Migration {
    /// Every migration, in order. The schema's version is the highest one applied.
    static let all: [Migration] = [
        .initialSchema,
        .serviceLevels,
        .platformFacts,
        .webhookEvents,
        .delivery,
        .privacy,
        .templates,
        .reads,
        .agentLifecycle,
        .liveDeadlines,
        .search,
        .whatsAppTemplates,
        .passwordResets,
        .stock,
        .listings,
        .stockPush,
        .channelOrders,
        .unlinkedListings,
        .stockNotices,
        .orders,
        .afterSales,
    ].sorted { $0.version < $1.version }
}

/// Applies the migrations that a database lacks, each in its own transaction, recording it in
/// `schema_migrations` (the one table without `workspace_id`: it describes the database, not a workspace).
struct Migrator {
    let engine: any SQLEngine

    @discardableResult
    func migrate() async throws -> [Int] {
        try await self.engine.transaction { db in
            try await db.raw(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)
                """
            ).run()
        }
        var applied: [Int] = []
        for migration in Migration.all {
            let kind = self.engine.kind
            let didApply = try await self.engine.transaction { db -> Bool in
                if kind == .postgres {
                    // Nodes starting together take turns; the lock ends with the transaction.
                    try await db.raw("SELECT pg_advisory_xact_lock(7210431)").run()
                }
                let done = try await db.raw("SELECT version FROM schema_migrations WHERE version = \(bind: migration.version)")
                    .first()
                if done != nil { return false }
                for statement in migration.statements(kind) {
                    try await db.raw(SQLQueryString(statement)).run()
                }
                let now = Int64(Date().timeIntervalSince1970 * 1000)
                try await db.raw(
                    """
                    INSERT INTO schema_migrations (version, name, applied_at)
                    VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: now))
                    """
                ).run()
                return true
            }
            if didApply { applied.append(migration.version) }
        }
        return applied
    }
}
