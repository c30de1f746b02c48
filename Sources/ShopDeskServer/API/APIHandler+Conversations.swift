import Foundation
import Logging
import ShopDeskCore
import ShopDeskStore

extension APIHandler {
    func listConversations(_ input: Operations.ListConversations.Input) async throws -> Operations.ListConversations.Output {
        let signedIn = try await self.authenticate()
        let parameters = input.query
        var query = ConversationQuery()
        query.channelAccountID = parameters.channelAccountId.map { ChannelAccount.ID(rawValue: $0) }
        query.platform = parameters.platform.flatMap { Platform(rawValue: $0.rawValue) }
        query.kind = parameters.kind.flatMap { Conversation.Kind(rawValue: $0.rawValue) }
        query.status = parameters.status.flatMap { Conversation.Status(rawValue: $0.rawValue) }
        if let assignee = parameters.assigneeId {
            query.assignee = assignee == "none" ? .unassigned : .agent(Agent.ID(rawValue: assignee))
        }
        query.tag = parameters.tag
        query.text = parameters.q
        query.order = parameters.order.flatMap { ConversationQuery.Order(rawValue: $0.rawValue) } ?? .deadline
        query.cursor = parameters.cursor
        query.limit = parameters.limit ?? 50
        if let text = query.text, text.count > 200 { throw APIError.badRequest("q must be at most 200 characters") }
        if let tag = query.tag, tag.count > 64 { throw APIError.badRequest("tag must be at most 64 characters") }
        guard (1...200).contains(query.limit) else { throw APIError.badRequest("limit must be between 1 and 200") }
        let page: ConversationPage
        do {
            page = try await self.store.listConversations(for: signedIn.agent, query: query)
        } catch StoreError.invalid(_, let message) {
            throw APIError.badRequest(message)
        }
        let filter = try await self.personalDataFilter(for: signedIn, reveal: false, subject: ("conversations", "list"))
        return .ok(.init(body: .json(.init(items: page.items.map(filter.conversation), nextCursor: page.nextCursor))))
    }

    func getConversation(_ input: Operations.GetConversation.Input) async throws -> Operations.GetConversation.Output {
        let signedIn = try await self.authenticate()
        let id = Conversation.ID(rawValue: input.path.conversationId)
        let conversation = try await self.store.conversation(id, for: signedIn.agent)
        let messages = try await self.store.messages(in: id, for: signedIn.agent)
        let filter = try await self.personalDataFilter(
            for: signedIn, reveal: input.query.reveal ?? false, subject: ("conversation", id.rawValue)
        )
        return .ok(.init(body: .json(.init(
            conversation: filter.conversation(conversation),
            messages: messages.map { filter.message($0, channel: conversation.channelAccountID) }
        ))))
    }

    func postReply(_ input: Operations.PostReply.Input) async throws -> Operations.PostReply.Output {
        let signedIn = try await self.authenticate()
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected a JSON body") }
        if let clientID = body.clientId, clientID.isEmpty || clientID.count > 100 {
            throw APIError.invalid("client_id must be 1 to 100 characters")
        }
        try Self.validateDraft(body.text)
        let conversationID = Conversation.ID(rawValue: input.path.conversationId)
        // A retry of a reply already recorded returns it as it is: it was checked when it was recorded.
        if let clientID = body.clientId, let recorded = try await self.store.reply(clientID: clientID, in: conversationID, for: signedIn.agent) {
            return .created(.init(body: .json(.init(recorded))))
        }
        try await self.guardReply(
            body.text, to: conversationID, by: signedIn, overrideWarnings: body.overrideWarnings ?? false, uiLanguage: body.uiLanguage ?? "en"
        )
        let message = try await self.store.recordReply(
            to: conversationID, text: body.text, clientID: body.clientId, by: signedIn.agent, now: self.now
        )
        self.dependencies.outbox.wake()
        self.announce(message.conversationID, workspace: signedIn.workspaceID)
        return .created(.init(body: .json(.init(message))))
    }

    func postNote(_ input: Operations.PostNote.Input) async throws -> Operations.PostNote.Output {
        let signedIn = try await self.authenticate()
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected a JSON body") }
        let message = try await self.store.recordNote(
            on: Conversation.ID(rawValue: input.path.conversationId), text: body.text, by: signedIn.agent, now: self.now
        )
        self.announce(message.conversationID, workspace: signedIn.workspaceID)
        return .created(.init(body: .json(.init(message))))
    }

    func assignConversation(_ input: Operations.AssignConversation.Input) async throws -> Operations.AssignConversation.Output {
        let signedIn = try await self.authenticate()
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected a JSON body") }
        let conversation = try await self.store.assign(
            Conversation.ID(rawValue: input.path.conversationId), to: body.assigneeId.map { Agent.ID(rawValue: $0) },
            by: signedIn.agent, now: self.now
        )
        self.announce(conversation.id, workspace: signedIn.workspaceID)
        return .ok(.init(body: .json(.init(conversation))))
    }

    func setConversationStatus(_ input: Operations.SetConversationStatus.Input) async throws -> Operations.SetConversationStatus.Output {
        let signedIn = try await self.authenticate()
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected a JSON body") }
        let conversation = try await self.store.setStatus(
            Conversation.ID(rawValue: input.path.conversationId), to: Conversation.Status(rawValue: body.status.rawValue)!,
            snoozedUntil: body.snoozedUntil, by: signedIn.agent, now: self.now
        )
        self.announce(conversation.id, workspace: signedIn.workspaceID)
        return .ok(.init(body: .json(.init(conversation))))
    }

    func setConversationTags(_ input: Operations.SetConversationTags.Input) async throws -> Operations.SetConversationTags.Output {
        let signedIn = try await self.authenticate()
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected a JSON body") }
        let conversation = try await self.store.setTags(
            Conversation.ID(rawValue: input.path.conversationId), to: body.tags, by: signedIn.agent, now: self.now
        )
        self.announce(conversation.id, workspace: signedIn.workspaceID)
        return .ok(.init(body: .json(.init(conversation))))
    }
}

extension APIHandler {
    /// Tells the open inboxes and the deadline queue that a conversation changed (after the commit).
    func announce(_ conversation: Conversation.ID, workspace: Workspace.ID) {
        self.dependencies.events.publish(.conversationChanged(conversation), workspace: workspace)
        self.dependencies.deadlines.deadlinesChanged([conversation])
    }
}
