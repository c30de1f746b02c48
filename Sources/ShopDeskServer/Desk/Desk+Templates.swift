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
        // The order the thread is about: the last order card's, else the buyer's latest on this channel.
        let card = cards.last { $0.kind == .order }?.referenceID
        let orders = try await self.store.listOrders(
            workspace: signedIn.workspaceID, channels: [conversation.channelAccountID],
            filter: OrderFilter(channel: conversation.channelAccountID, buyer: conversation.buyerID), cursor: nil, limit: 20, now: self.now
        ).items
        let order = orders.first { $0.externalID == card } ?? (card == nil ? orders.first : nil)
        let account = try await self.store.channelAccount(conversation.channelAccountID, workspace: signedIn.workspaceID)
        return template.rendered([
            "buyer_name": conversation.buyerName ?? buyer.displayName ?? "",
            "order_id": card ?? order?.externalID ?? "",
            "tracking_number": order?.trackingNumber ?? "",
            "ship_by": order?.shipBy.map { Self.localTime($0, zone: account.timeZone) } ?? "",
            "product": cards.last { $0.kind == .product }?.referenceID ?? "",
        ])
    }

    /// A time as a buyer reads it in the shop's zone: `2026-12-08 14:00`.
    static func localTime(_ date: Date, zone: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone) ?? .gmt
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0)
    }
}
