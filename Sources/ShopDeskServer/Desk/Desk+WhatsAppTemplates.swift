import Foundation
import ShopDeskCore
import ShopDeskStore

/// A template as an owner or admin registers it.
struct WhatsAppTemplateDraft: Sendable {
    var name: String
    var language: String
    var category: String
    var body: String
}

extension Desk {
    /// The approved templates registered for a WhatsApp account the agent may see.
    func whatsAppTemplates(channel: ChannelAccount.ID, by signedIn: AuthenticatedAgent) async throws -> [WhatsAppTemplate] {
        try signedIn.requireAccess(to: channel)
        _ = try await self.store.channelAccount(channel, workspace: signedIn.workspaceID)
        return try await self.store.whatsAppTemplates(channel: channel, workspace: signedIn.workspaceID)
    }

    /// Registers a template Meta approved for the account (owners and admins); audited.
    func createWhatsAppTemplate(
        _ draft: WhatsAppTemplateDraft, channel: ChannelAccount.ID, by signedIn: AuthenticatedAgent
    ) async throws -> WhatsAppTemplate {
        try signedIn.require(.admin)
        guard let category = WhatsAppTemplate.Category(rawValue: draft.category.uppercased()) else {
            throw DeskError.invalid("category must be one of " + WhatsAppTemplate.Category.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let template = try await self.store.createWhatsAppTemplate(
            name: draft.name, language: draft.language, category: category, body: draft.body, channel: channel,
            workspace: signedIn.workspaceID, now: self.now
        )
        try await self.store.recordAudit(
            .whatsAppTemplateRegistered, by: signedIn.actor, workspace: signedIn.workspaceID, subject: ("channel_account", channel.rawValue),
            detail: "\(template.name) (\(template.language))", now: self.now
        )
        return self.finish(template, .audited(.whatsAppTemplateRegistered))
    }

    /// Removes a registered template (owners and admins); audited.
    func deleteWhatsAppTemplate(_ id: WhatsAppTemplate.ID, by signedIn: AuthenticatedAgent) async throws {
        try signedIn.require(.admin)
        let template = try await self.store.whatsAppTemplate(id, workspace: signedIn.workspaceID)
        try await self.store.deleteWhatsAppTemplate(id, workspace: signedIn.workspaceID)
        try await self.store.recordAudit(
            .whatsAppTemplateRemoved, by: signedIn.actor, workspace: signedIn.workspaceID,
            subject: ("channel_account", template.channelAccountID.rawValue), detail: "\(template.name) (\(template.language))", now: self.now
        )
        self.finish((), .audited(.whatsAppTemplateRemoved))
    }

    /// A registered template of the conversation's own WhatsApp account, filled with `parameters`.
    func fillTemplate(
        _ id: WhatsAppTemplate.ID, parameters: [String], for conversation: Conversation.ID, by signedIn: AuthenticatedAgent
    ) async throws -> TemplateMessage {
        let target = try await self.store.conversation(conversation, for: signedIn.agent)
        let template: WhatsAppTemplate
        do {
            template = try await self.store.whatsAppTemplate(id, workspace: signedIn.workspaceID)
        } catch StoreError.notFound {
            throw DeskError.invalid("template_id names no registered WhatsApp template")
        }
        guard template.channelAccountID == target.channelAccountID else {
            throw DeskError.invalid("the template belongs to another WhatsApp number than this conversation's")
        }
        return try template.filled(with: parameters)
    }
}
