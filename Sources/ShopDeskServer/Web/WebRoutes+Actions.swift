import Foundation
import HTTPTypes
import Hummingbird
import ShopDeskCore
import ShopDeskStore

/// The conversation page's other forms: internal note, assignment, status (resolve, reopen, snooze),
/// tags and the retry button of a failed reply. Each checks the session's CSRF token, does one store
/// operation, tells the other screens, and returns to the conversation.
extension WebRoutes {
    struct ActionForm: Decodable {
        var csrf: String?
        var text: String?
        var assignee: String?
        var status: String?
        var snooze: String?
        var tags: String?
        var message: String?
    }

    func registerActions(on router: Router<ShopDeskRequestContext>) {
        router.post("/conversations/:id/:action") { request, context in
            try await self.action(request, id: context.parameters.get("id") ?? "", action: context.parameters.get("action") ?? "", context: context)
        }
    }

    private func action(_ request: Request, id: String, action: String, context: ShopDeskRequestContext) async throws -> Response {
        guard let (agent, session) = try await self.signedIn(request) else { return Self.redirect(to: "/login") }
        let form = try await Self.form(ActionForm.self, from: request, context: context)
        guard form.csrf == Self.csrfToken(session: session) else { return Response(status: .forbidden) }
        let conversation = Conversation.ID(rawValue: id)
        let now = self.dependencies.now()
        do {
            switch action {
            case "note":
                _ = try await self.store.recordNote(on: conversation, text: form.text ?? "", by: agent, now: now)
            case "assign":
                let assignee = form.assignee.flatMap { $0.isEmpty ? nil : $0 == "me" ? agent.id : Agent.ID(rawValue: $0) }
                _ = try await self.store.assign(conversation, to: assignee, by: agent, now: now)
            case "status":
                guard let status = form.status.flatMap(Conversation.Status.init(rawValue:)) else { throw HTTPError(.badRequest, message: "unknown status") }
                let hours = form.snooze.flatMap(Double.init) ?? 0
                _ = try await self.store.setStatus(
                    conversation, to: status, snoozedUntil: status == .snoozed ? now.addingTimeInterval(max(0.25, hours) * 3600) : nil, by: agent,
                    now: now
                )
            case "tags":
                let tags = (form.tags ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                _ = try await self.store.setTags(conversation, to: tags, by: agent, now: now)
            case "retry":
                _ = try await self.store.retryDelivery(of: Message.ID(rawValue: form.message ?? ""), for: agent, now: now)
                self.dependencies.outbox.wake()
            default:
                return Response(status: .notFound)
            }
        } catch let error as StoreError {
            switch error {
            case .notFound: return Response(status: .notFound)
            case .invalid(_, let message), .conflict(let message): throw HTTPError(.unprocessableContent, message: message)
            default: throw error
            }
        }
        APIHandler(dependencies: self.dependencies).announce(conversation, workspace: agent.workspaceID)
        return Self.redirect(to: "/conversations/\(id)")
    }

    /// The forms beside a conversation: assignment, status, tags and an internal note.
    func actionForms(for conversation: Conversation, agents: [Agent], session: String, text: WebText) -> HTML {
        let csrf: HTML = "<input type=\"hidden\" name=\"csrf\" value=\"\(Self.csrfToken(session: session))\">"
        let base = "/conversations/\(conversation.id.rawValue)"
        let options = HTML.joined(agents.map { agent in
            "<option value=\"\(agent.id.rawValue)\"\(conversation.assigneeID == agent.id ? " selected" as HTML : .empty)>\(agent.name)</option>" as HTML
        })
        let resolved = conversation.state.status == .resolved
        return """
            <aside class="actions">
            <form method="post" action="\(base)/assign">\(csrf)<label>Assignee <select name="assignee"><option value="">—</option>\(options)</select></label> <button type="submit">OK</button></form>
            <form method="post" action="\(base)/status" id="resolve-form">\(csrf)<input type="hidden" name="status" value="\(resolved ? "open" : "resolved")"><button type="submit">\(resolved ? text[.open] : text[.resolved])</button></form>
            <form method="post" action="\(base)/status">\(csrf)<input type="hidden" name="status" value="snoozed"><label>\(text[.snoozed]) <select name="snooze"><option value="1">1h</option><option value="4">4h</option><option value="24">24h</option></select></label> <button type="submit">OK</button></form>
            <form method="post" action="\(base)/tags">\(csrf)<label>Tags <input name="tags" value="\(conversation.tags.joined(separator: ", "))"></label> <button type="submit">OK</button></form>
            <form method="post" action="\(base)/note">\(csrf)<label>Note <textarea name="text" rows="2" required></textarea></label> <button type="submit">OK</button></form>
            </aside>
            """
    }

    /// The retry button under a failed reply.
    static func retryButton(for message: Message, conversation: Conversation.ID, session: String) -> HTML {
        guard message.direction == .outbound, message.deliveryStatus == .failed else { return .empty }
        return """
            <form method="post" action="/conversations/\(conversation.rawValue)/retry" class="retry"><input type="hidden" name="csrf" value="\(Self.csrfToken(session: session))"><input type="hidden" name="message" value="\(message.id.rawValue)"><button type="submit">Retry</button></form>
            """
    }
}

extension WebRoutes {
    /// The buyer beside a conversation: their identities on every linked channel, their other
    /// conversations, and the orders and products the thread mentions.
    func buyerSidebar(for conversation: Conversation, messages: [Message], agent: Agent, filter: PersonalDataFilter, text: WebText) async throws -> HTML {
        let buyer = try await self.store.buyer(conversation.buyerID, workspace: agent.workspaceID)
        var others = ConversationQuery()
        others.buyerID = buyer.id
        others.order = .recent
        others.limit = 10
        let previous = try await self.store.listConversations(for: agent, query: others).items.filter { $0.id != conversation.id }
        let shown = filter.buyer(buyer)
        let identities = HTML.joined(shown.identities.map { identity in
            "<li><span class=\"platform\">\(identity.platform.rawValue)</span> \(identity.displayName ?? "") <code>\(identity.platformUserId)</code>\(identity.language.map { " · \($0)" } ?? "")</li>" as HTML
        })
        let conversations = HTML.joined(previous.map { other in
            "<li><a href=\"/conversations/\(other.id.rawValue)\">\(other.platform.rawValue) · \(Self.statusLabel(other.state.status, text: text))</a></li>" as HTML
        })
        let cards = messages.flatMap(\.attachments).filter { ($0.kind == .order || $0.kind == .product) && $0.referenceID != nil }
        let mentioned = HTML.joined(cards.map { "<li>\($0.kind.rawValue) <code>\($0.referenceID!)</code></li>" as HTML })
        return """
            <aside class="buyer" aria-label="\(text[.buyer])">
            <h2>\(shown.displayName ?? text[.buyer])</h2>
            <ul class="identities">\(identities)</ul>
            \(previous.isEmpty ? .empty : "<h3>\(text[.conversations])</h3><ul>\(conversations)</ul>" as HTML)
            \(cards.isEmpty ? .empty : "<h3>Orders and products</h3><ul>\(mentioned)</ul>" as HTML)
            </aside>
            """
    }
}

extension WebRoutes {
    /// The words for this agent: their chosen language, else the browser's.
    func text(for request: Request, agent: Agent) async throws -> WebText {
        WebText(preferred: try await self.store.uiLanguage(of: agent.id), acceptLanguage: request.headers[.acceptLanguage])
    }

    struct LanguageForm: Decodable {
        var csrf: String?
        var language: String?
    }

    func registerSettings(on router: Router<ShopDeskRequestContext>) {
        router.post("/settings/language") { request, context in
            guard let (agent, session) = try await self.signedIn(request) else { return Self.redirect(to: "/login") }
            let form = try await Self.form(LanguageForm.self, from: request, context: context)
            guard form.csrf == Self.csrfToken(session: session) else { return Response(status: .forbidden) }
            let language = form.language.flatMap { WebText.languages.contains($0) ? $0 : nil }
            try await self.store.setUILanguage(language, of: agent.id)
            return Self.redirect(to: "/")
        }
    }

    /// The language chooser in the header.
    static func languageChooser(current: String, session: String) -> HTML {
        let options = HTML.joined(WebText.languages.map { language in
            "<option value=\"\(language)\"\(language == current ? " selected" as HTML : .empty)>\(WebText.names[language] ?? language)</option>" as HTML
        })
        return """
            <form method="post" action="/settings/language" class="language"><input type="hidden" name="csrf" value="\(Self.csrfToken(session: session))"><label><select name="language" aria-label="Language">\(options)</select></label> <button type="submit">OK</button></form>
            """
    }
}
