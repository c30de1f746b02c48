import Foundation
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
        let page = try await self.desk.conversations(query, by: signedIn)
        return .ok(.init(body: .json(.init(items: page.items.map(Components.Schemas.Conversation.init), nextCursor: page.nextCursor))))
    }

    func getConversation(_ input: Operations.GetConversation.Input) async throws -> Operations.GetConversation.Output {
        let signedIn = try await self.authenticate()
        let (conversation, messages) = try await self.desk.conversation(
            Conversation.ID(rawValue: input.path.conversationId), reveal: input.query.reveal ?? false, by: signedIn
        )
        return .ok(.init(body: .json(.init(conversation: .init(conversation), messages: messages.map(Components.Schemas.Message.init)))))
    }

    func postReply(_ input: Operations.PostReply.Input) async throws -> Operations.PostReply.Output {
        let signedIn = try await self.authenticate()
        guard case .json(let body) = input.body else { throw Self.expectedJSON }
        let draft = ReplyDraft(
            text: body.text, clientID: body.clientId, overrideWarnings: body.overrideWarnings ?? false, uiLanguage: body.uiLanguage ?? "en"
        )
        let message = try await self.desk.reply(draft, to: Conversation.ID(rawValue: input.path.conversationId), by: signedIn)
        return .created(.init(body: .json(.init(message))))
    }

    func postNote(_ input: Operations.PostNote.Input) async throws -> Operations.PostNote.Output {
        let signedIn = try await self.authenticate()
        guard case .json(let body) = input.body else { throw Self.expectedJSON }
        let message = try await self.desk.note(body.text, on: Conversation.ID(rawValue: input.path.conversationId), by: signedIn)
        return .created(.init(body: .json(.init(message))))
    }

    func assignConversation(_ input: Operations.AssignConversation.Input) async throws -> Operations.AssignConversation.Output {
        let signedIn = try await self.authenticate()
        guard case .json(let body) = input.body else { throw Self.expectedJSON }
        let conversation = try await self.desk.assign(
            Conversation.ID(rawValue: input.path.conversationId), to: body.assigneeId.map { Agent.ID(rawValue: $0) }, by: signedIn
        )
        return .ok(.init(body: .json(.init(conversation))))
    }

    func setConversationStatus(_ input: Operations.SetConversationStatus.Input) async throws -> Operations.SetConversationStatus.Output {
        let signedIn = try await self.authenticate()
        guard case .json(let body) = input.body else { throw Self.expectedJSON }
        let conversation = try await self.desk.setStatus(
            Conversation.ID(rawValue: input.path.conversationId), to: Conversation.Status(rawValue: body.status.rawValue)!,
            snoozedUntil: body.snoozedUntil, by: signedIn
        )
        return .ok(.init(body: .json(.init(conversation))))
    }

    func setConversationTags(_ input: Operations.SetConversationTags.Input) async throws -> Operations.SetConversationTags.Output {
        let signedIn = try await self.authenticate()
        guard case .json(let body) = input.body else { throw Self.expectedJSON }
        let conversation = try await self.desk.setTags(Conversation.ID(rawValue: input.path.conversationId), to: body.tags, by: signedIn)
        return .ok(.init(body: .json(.init(conversation))))
    }
}

extension APIHandler {
    func postTemplateReply(_ input: Operations.PostTemplateReply.Input) async throws -> Operations.PostTemplateReply.Output {
        let signedIn = try await self.authenticate()
        guard case .json(let body) = input.body else { throw Self.expectedJSON }
        let draft = ReplyDraft(
            text: "", clientID: body.clientId, overrideWarnings: body.overrideWarnings ?? false, uiLanguage: body.uiLanguage ?? "en",
            template: (WhatsAppTemplate.ID(rawValue: body.templateId), body.parameters)
        )
        let message = try await self.desk.reply(draft, to: Conversation.ID(rawValue: input.path.conversationId), by: signedIn)
        return .created(.init(body: .json(.init(message))))
    }

    func listWhatsAppTemplates(_ input: Operations.ListWhatsAppTemplates.Input) async throws -> Operations.ListWhatsAppTemplates.Output {
        let signedIn = try await self.authenticate()
        let templates = try await self.desk.whatsAppTemplates(channel: ChannelAccount.ID(rawValue: input.path.channelId), by: signedIn)
        return .ok(.init(body: .json(.init(items: templates.map(Components.Schemas.WhatsAppTemplate.init)))))
    }

    func createWhatsAppTemplate(_ input: Operations.CreateWhatsAppTemplate.Input) async throws -> Operations.CreateWhatsAppTemplate.Output {
        let signedIn = try await self.authenticate()
        guard case .json(let body) = input.body else { throw Self.expectedJSON }
        let template = try await self.desk.createWhatsAppTemplate(
            WhatsAppTemplateDraft(name: body.name, language: body.language, category: body.category.rawValue, body: body.body),
            channel: ChannelAccount.ID(rawValue: input.path.channelId), by: signedIn
        )
        return .created(.init(body: .json(.init(template))))
    }

    func deleteWhatsAppTemplate(_ input: Operations.DeleteWhatsAppTemplate.Input) async throws -> Operations.DeleteWhatsAppTemplate.Output {
        let signedIn = try await self.authenticate()
        try await self.desk.deleteWhatsAppTemplate(WhatsAppTemplate.ID(rawValue: input.path.templateId), by: signedIn)
        return .noContent(.init())
    }
}

extension Components.Schemas.WhatsAppTemplate {
    init(_ template: WhatsAppTemplate) {
        self.init(
            id: template.id.rawValue, channelAccountId: template.channelAccountID.rawValue, name: template.name, language: template.language,
            category: .init(rawValue: template.category.rawValue)!, body: template.body, parameterCount: template.parameterCount,
            createdAt: template.createdAt
        )
    }
}
