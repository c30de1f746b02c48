import Foundation
import SQLKit
import ShopDeskCore

extension SQLStore {
    /// Every version of every template of the workspace, by name then language.
    public func replyTemplates(workspace: Workspace.ID) async throws -> [ReplyTemplate] {
        let rows = try await self.engine.read { db in
            try await db.raw("SELECT * FROM reply_templates WHERE workspace_id = \(bind: workspace.rawValue) ORDER BY name, language").all()
        }
        return try rows.map { row in
            ReplyTemplate(
                name: try row.string("name"), language: try row.string("language"), body: try row.string("body"),
                updatedAt: try row.date("updated_at")
            )
        }
    }

    /// Adds a template version or replaces the one with the same name and language.
    public func saveReplyTemplate(name: String, language: String, body: String, workspace: Workspace.ID, now: Date) async throws {
        let name = name.trimmingCharacters(in: .whitespaces)
        try ReplyTemplate.validate(name: name, language: language, body: body)
        try await self.engine.transaction { db in
            try await db.raw(
                """
                INSERT INTO reply_templates (workspace_id, name, language, body, updated_at)
                VALUES (\(bind: workspace.rawValue), \(bind: name), \(bind: language), \(bind: body), \(bind: now.storeMillis))
                ON CONFLICT (workspace_id, name, language) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at
                """
            ).run()
        }
    }

    public func deleteReplyTemplate(name: String, language: String, workspace: Workspace.ID) async throws {
        try await self.engine.transaction { db in
            try await db.raw(
                """
                DELETE FROM reply_templates WHERE workspace_id = \(bind: workspace.rawValue) AND name = \(bind: name)
                AND language = \(bind: language)
                """
            ).run()
        }
    }
}
