import Foundation
import ShopDeskCore
import ShopDeskStore

/// A reply as an agent submits it.
struct ReplyDraft: Sendable {
    var text: String
    /// The client's id for this reply: a retry with the same id returns the reply recorded the first time.
    var clientID: String?
    /// Send despite the guard's warnings (audited); blocks cannot be overridden.
    var overrideWarnings = false
    /// The language the guard's explanations are written in.
    var uiLanguage = "en"
    /// Send an approved WhatsApp template filled with these parameters instead of `text`: the one way to
    /// answer a WhatsApp buyer more than 24 hours after their last message.
    var template: (id: WhatsAppTemplate.ID, parameters: [String])?
}

extension Desk {
    /// A page of the conversations the agent may see, personal data masked (with `filter` when the caller
    /// has one already).
    func conversations(
        _ query: ConversationQuery, by signedIn: AuthenticatedAgent, filter: PersonalDataFilter? = nil
    ) async throws -> ConversationPage {
        if let text = query.text, text.count > 200 { throw DeskError.malformed("q must be at most 200 characters") }
        if let tag = query.tag, tag.count > 64 { throw DeskError.malformed("tag must be at most 64 characters") }
        guard (1...200).contains(query.limit) else { throw DeskError.malformed("limit must be between 1 and 200") }
        var page: ConversationPage
        do {
            page = try await self.store.listConversations(for: signedIn.agent, query: query)
        } catch StoreError.invalid(_, let message) {
            throw DeskError.malformed(message)
        }
        let masking = try await self.personalDataFilter(for: signedIn, reveal: false, subject: ("conversations", "list"), unless: filter)
        page.items = page.items.map(masking.conversation)
        return page
    }

    /// A conversation and its messages; personal data masked unless `reveal` (admins, audited), with
    /// `filter` when the caller has one already.
    func conversation(
        _ id: Conversation.ID, reveal: Bool = false, by signedIn: AuthenticatedAgent, filter: PersonalDataFilter? = nil
    ) async throws -> (conversation: Conversation, messages: [Message]) {
        let conversation = try await self.store.conversation(id, for: signedIn.agent)
        let messages = try await self.store.messages(in: id, for: signedIn.agent)
        let masking = try await self.personalDataFilter(for: signedIn, reveal: reveal, subject: ("conversation", id.rawValue), unless: filter)
        return (masking.conversation(conversation), messages.map { masking.message($0, channel: conversation.channelAccountID) })
    }

    /// Checks a reply with the compliance guard and writes it to the conversation and the outbox in one
    /// transaction. A retry with a client id already recorded returns that reply as it is: it was
    /// checked when it was recorded.
    func reply(_ draft: ReplyDraft, to id: Conversation.ID, by signedIn: AuthenticatedAgent) async throws -> Message {
        if let clientID = draft.clientID, clientID.isEmpty || clientID.count > 100 {
            throw DeskError.invalid("client_id must be 1 to 100 characters")
        }
        if let clientID = draft.clientID, let recorded = try await self.store.reply(clientID: clientID, in: id, for: signedIn.agent) {
            return recorded
        }
        var draft = draft
        var template: TemplateMessage?
        if let chosen = draft.template {
            let filled = try await self.fillTemplate(chosen.id, parameters: chosen.parameters, for: id, by: signedIn)
            draft.text = filled.text
            template = filled
        }
        try Self.validateDraft(draft.text)
        let (audited, channel) = try await self.guardReply(draft, to: id, by: signedIn)
        let message = try await self.store.recordReply(
            to: id, text: draft.text, clientID: draft.clientID, template: template, by: signedIn.agent, now: self.now)
        var changes = Changes.conversation(id, in: signedIn.workspaceID, channel: channel)
        changes.repliesQueued = true
        changes.audited = audited
        return self.finish(message, changes)
    }

    /// An internal note: seen by agents, never sent.
    func note(_ text: String, on id: Conversation.ID, by signedIn: AuthenticatedAgent) async throws -> Message {
        let message = try await self.store.recordNote(on: id, text: text, by: signedIn.agent, now: self.now)
        return self.finish(message, await self.changed(id, by: signedIn))
    }

    /// Assigns the conversation to an agent (nil: to nobody).
    func assign(_ id: Conversation.ID, to assignee: Agent.ID?, by signedIn: AuthenticatedAgent) async throws -> Conversation {
        let conversation = try await self.store.assign(id, to: assignee, by: signedIn.agent, now: self.now)
        return self.finish(conversation, .conversation(id, in: signedIn.workspaceID, channel: conversation.channelAccountID))
    }

    func setStatus(
        _ id: Conversation.ID, to status: Conversation.Status, snoozedUntil: Date?, by signedIn: AuthenticatedAgent
    ) async throws -> Conversation {
        let conversation = try await self.store.setStatus(id, to: status, snoozedUntil: snoozedUntil, by: signedIn.agent, now: self.now)
        var changes = Changes.conversation(id, in: signedIn.workspaceID, channel: conversation.channelAccountID)
        changes.snoozed = status == .snoozed
        return self.finish(conversation, changes)
    }

    func setTags(_ id: Conversation.ID, to tags: [String], by signedIn: AuthenticatedAgent) async throws -> Conversation {
        let conversation = try await self.store.setTags(id, to: tags, by: signedIn.agent, now: self.now)
        return self.finish(conversation, .conversation(id, in: signedIn.workspaceID, channel: conversation.channelAccountID))
    }

    /// Queues a failed reply again.
    func retryDelivery(of messageID: Message.ID, by signedIn: AuthenticatedAgent) async throws -> Message {
        let message = try await self.store.retryDelivery(of: messageID, for: signedIn.agent, now: self.now)
        var changes = await self.changed(message.conversationID, by: signedIn)
        changes.repliesQueued = true
        return self.finish(message, changes)
    }

    /// One conversation changed (after the commit), with its channel account read back; when that read
    /// fails the change is still told, to the whole workspace.
    private func changed(_ id: Conversation.ID, by signedIn: AuthenticatedAgent) async -> Changes {
        let channel = try? await self.store.conversation(id, for: signedIn.agent).channelAccountID
        return .conversation(id, in: signedIn.workspaceID, channel: channel)
    }

    /// A draft's length, checked before the guard reads it: the same limit the store applies to replies.
    static func validateDraft(_ text: String, allowEmpty: Bool = false) throws(DeskError) {
        guard text.count <= Message.maximumTextLength else { throw .invalid("text must be at most \(Message.maximumTextLength) characters") }
        guard allowEmpty || !text.allSatisfy(\.isWhitespace) else { throw .invalid("text must not be empty") }
    }
}
