import Foundation
import SQLKit
import ShopDeskCore

/// One page of the audit log, newest first, and the cursor for the next.
public struct AuditPage: Sendable {
    public var items: [AuditEntry]
    public var nextCursor: String?
}

extension SQLStore {
    /// Records a privileged action on its own.
    @discardableResult
    public func recordAudit(
        _ action: AuditEntry.Action, by actor: AuditEntry.Actor, workspace: Workspace.ID, subject: (kind: String, id: String)? = nil,
        detail: String? = nil, now: Date
    ) async throws -> AuditEntry {
        let entry = self.auditEntry(action, by: actor, workspace: workspace, subject: subject, detail: detail, now: now)
        try await self.engine.transaction { db in try await Self.insert(entry, in: db) }
        return entry
    }

    /// An entry to insert inside the transaction that does the action, so that the action and its
    /// record commit together.
    func auditEntry(
        _ action: AuditEntry.Action, by actor: AuditEntry.Actor, workspace: Workspace.ID, subject: (kind: String, id: String)?,
        detail: String?, now: Date
    ) -> AuditEntry {
        AuditEntry(
            id: self.ids.make(), workspaceID: workspace, at: now, actor: actor, action: action, subjectKind: subject?.kind,
            subjectID: subject?.id, detail: detail
        )
    }

    static func insert(_ entry: AuditEntry, in db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO audit_log (id, workspace_id, at, actor_agent_id, actor_name, action, subject_kind, subject_id, detail)
            VALUES (\(bind: entry.id.rawValue), \(bind: entry.workspaceID.rawValue), \(bind: entry.at.storeMillis),
                \(bind: entry.actor.agentID?.rawValue), \(bind: entry.actor.name), \(bind: entry.action.rawValue),
                \(bind: entry.subjectKind), \(bind: entry.subjectID), \(bind: entry.detail))
            """
        ).run()
    }

    /// The workspace's audit log, newest first, optionally one action only.
    public func auditLog(workspace: Workspace.ID, action: AuditEntry.Action?, cursor: String?, limit: Int) async throws -> AuditPage {
        guard (1...200).contains(limit) else {
            throw StoreError.invalid(field: "limit", message: "limit must be between 1 and 200")
        }
        var sql = SQLQueryString("SELECT * FROM audit_log WHERE workspace_id = \(bind: workspace.rawValue)")
        if let action {
            sql = sql + " AND action = \(bind: action.rawValue)"
        }
        if let cursor {
            let (at, id) = try Self.decodeCursor(cursor)
            sql = sql + " AND (at < \(bind: at) OR (at = \(bind: at) AND id < \(bind: id)))"
        }
        sql = sql + " ORDER BY at DESC, id DESC LIMIT \(bind: Int64(limit + 1))"
        let query = sql
        let rows = try await self.engine.read { db in try await db.raw(query).all() }
        let entries = try rows.prefix(limit).map(Self.auditEntry(from:))
        let next = rows.count > limit ? entries.last.map { Self.encodeCursor(key: $0.at.storeMillis, id: $0.id.rawValue) } : nil
        return AuditPage(items: entries, nextCursor: next)
    }

    static func auditEntry(from row: any SQLRow) throws -> AuditEntry {
        let actor: AuditEntry.Actor
        let name = try row.string("actor_name")
        if let agent: Agent.ID = try row.optionalID("actor_agent_id") {
            actor = .agent(agent, name: name)
        } else if name == AuditEntry.Actor.commandLine.name {
            actor = .commandLine
        } else {
            actor = .unknown(name)
        }
        return AuditEntry(
            id: try row.id("id"), workspaceID: try row.id("workspace_id"), at: try row.date("at"), actor: actor,
            action: try row.enumValue("action"), subjectKind: try row.optionalString("subject_kind"),
            subjectID: try row.optionalString("subject_id"), detail: try row.optionalString("detail")
        )
    }
}
