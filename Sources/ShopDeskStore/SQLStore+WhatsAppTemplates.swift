import Foundation
import SQLKit
import ShopDeskCore

extension SQLStore {
    /// The approved templates registered for a WhatsApp account of the workspace, by name then language.
    public func whatsAppTemplates(channel: ChannelAccount.ID, workspace: Workspace.ID) async throws -> [WhatsAppTemplate] {
        try await self.engine.read { db in
            try await db.raw(
                """
                SELECT * FROM whatsapp_templates WHERE channel_account_id = \(bind: channel.rawValue)
                AND workspace_id = \(bind: workspace.rawValue) ORDER BY name, language
                """
            ).all().map(Self.whatsAppTemplate(from:))
        }
    }

    /// One registered template of the workspace.
    public func whatsAppTemplate(_ id: WhatsAppTemplate.ID, workspace: Workspace.ID) async throws -> WhatsAppTemplate {
        let row = try await self.engine.read { db in
            try await db.raw(
                "SELECT * FROM whatsapp_templates WHERE id = \(bind: id.rawValue) AND workspace_id = \(bind: workspace.rawValue)"
            ).first()
        }
        guard let row else { throw StoreError.notFound("WhatsApp template \(id)") }
        return try Self.whatsAppTemplate(from: row)
    }

    /// Registers an approved template of a WhatsApp account; a name and language already registered is a conflict.
    public func createWhatsAppTemplate(
        name: String, language: String, category: WhatsAppTemplate.Category, body: String, channel: ChannelAccount.ID,
        workspace: Workspace.ID, now: Date
    ) async throws -> WhatsAppTemplate {
        let account = try await self.channelAccount(channel, workspace: workspace)
        guard account.platform == .whatsapp else {
            throw StoreError.invalid(field: "channel", message: "message templates are WhatsApp's; this account is \(account.platform.rawValue)")
        }
        let fields = try WhatsAppTemplate.validated(name: name, language: language, body: body)
        let template = WhatsAppTemplate(
            id: self.ids.make(), channelAccountID: channel, name: fields.name, language: fields.language, category: category, body: fields.body,
            createdAt: now
        )
        let inserted = try await self.engine.transaction { db in
            try await db.raw(
                """
                INSERT INTO whatsapp_templates (id, workspace_id, channel_account_id, name, language, category, body, created_at)
                VALUES (\(bind: template.id.rawValue), \(bind: workspace.rawValue), \(bind: channel.rawValue), \(bind: template.name),
                    \(bind: template.language), \(bind: category.rawValue), \(bind: template.body), \(bind: now.storeMillis))
                ON CONFLICT (channel_account_id, name, language) DO NOTHING RETURNING id
                """
            ).first() != nil
        }
        guard inserted else { throw StoreError.conflict("template \(template.name) (\(template.language)) is registered already") }
        return template
    }

    public func deleteWhatsAppTemplate(_ id: WhatsAppTemplate.ID, workspace: Workspace.ID) async throws {
        let deleted = try await self.engine.transaction { db in
            try await db.raw(
                """
                DELETE FROM whatsapp_templates WHERE id = \(bind: id.rawValue) AND workspace_id = \(bind: workspace.rawValue) RETURNING id
                """
            ).first() != nil
        }
        guard deleted else { throw StoreError.notFound("WhatsApp template \(id)") }
    }

    static func whatsAppTemplate(from row: any SQLRow) throws -> WhatsAppTemplate {
        WhatsAppTemplate(
            id: try row.id("id"), channelAccountID: try row.id("channel_account_id"), name: try row.string("name"),
            language: try row.string("language"), category: try row.enumValue("category"), body: try row.string("body"),
            createdAt: try row.date("created_at")
        )
    }
}
