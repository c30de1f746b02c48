import Foundation
import ShopDeskCore
import ShopDeskStore

extension Desk {
    func replyTemplates(by signedIn: AuthenticatedAgent) async throws -> [ReplyTemplate] {
        try await self.store.replyTemplates(workspace: signedIn.workspaceID)
    }

    /// Adds a version of a template, or replaces the one in that language (admins).
    func saveReplyTemplate(name: String, language: String, body: String, by signedIn: AuthenticatedAgent) async throws {
        try signedIn.require(.admin)
        try await self.store.saveReplyTemplate(name: name, language: language, body: body, workspace: signedIn.workspaceID, now: self.now)
    }

    func deleteReplyTemplate(name: String, language: String, by signedIn: AuthenticatedAgent) async throws {
        try signedIn.require(.admin)
        try await self.store.deleteReplyTemplate(name: name, language: language, workspace: signedIn.workspaceID)
    }

    /// The named template in the conversation's buyer's language, with the conversation's variables filled in.
    func renderedTemplate(named name: String, for id: Conversation.ID, by signedIn: AuthenticatedAgent) async throws -> String {
        let conversation = try await self.store.conversation(id, for: signedIn.agent)
        let versions = try await self.store.replyTemplates(workspace: signedIn.workspaceID).filter { $0.name == name }
        let buyer = try await self.store.buyer(conversation.buyerID, workspace: signedIn.workspaceID)
        let language =
            buyer.identities.first { $0.channelAccountID == conversation.channelAccountID }?.language
            ?? buyer.identities.compactMap(\.language).first
        guard let template = ReplyTemplate.version(of: versions, for: language) else {
            throw DeskError.notFound("no template named '\(name)'")
        }
        let cards = try await self.store.messages(in: conversation.id, for: signedIn.agent).flatMap(\.attachments)
        return template.rendered([
            "buyer_name": conversation.buyerName ?? buyer.displayName ?? "",
            "order_id": cards.last { $0.kind == .order }?.referenceID ?? "",
            "product": cards.last { $0.kind == .product }?.referenceID ?? "",
        ])
    }
}
