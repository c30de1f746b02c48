import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ShopDeskCore
import ShopDeskStore

/// Canned replies: `/templates` lists them (admins add, change and delete versions), and the
/// conversation page's picker asks `/conversations/{id}/template?name=…` for the version in the buyer's
/// language with the conversation's variables filled in, which the page puts into the reply box (where
/// the live check reads it like anything typed).
extension WebRoutes {
    struct TemplateForm: Decodable {
        var csrf: String?
        var name: String?
        var language: String?
        var body: String?
        var delete: String?
    }

    func registerTemplates(on router: Router<ShopDeskRequestContext>) {
        router.get("/templates") { request, _ in try await self.templatesPage(request, error: nil) }
        router.post("/templates") { request, context in try await self.saveTemplate(request, context: context) }
        router.get("/conversations/:id/template") { request, context in
            try await self.renderedTemplate(request, id: context.parameters.get("id") ?? "")
        }
    }

    private func templatesPage(_ request: Request, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        guard let (agent, session) = try await self.signedIn(request) else { return Self.redirect(to: "/login") }
        let text = try await self.text(for: request, agent: agent)
        let templates = try await self.store.replyTemplates(workspace: agent.workspaceID)
        let csrf: HTML = "<input type=\"hidden\" name=\"csrf\" value=\"\(Self.csrfToken(session: session))\">"
        let canEdit = agent.role >= .admin
        let rows = HTML.joined(templates.map { template in
            """
            <tr><td>\(template.name)</td><td>\(template.language)</td><td class="preview">\(template.body)</td>
            <td>\(canEdit ? "<form method=\"post\" action=\"/templates\">\(csrf)<input type=\"hidden\" name=\"name\" value=\"\(template.name)\"><input type=\"hidden\" name=\"language\" value=\"\(template.language)\"><input type=\"hidden\" name=\"delete\" value=\"1\"><button type=\"submit\">Delete</button></form>" as HTML : .empty)</td></tr>
            """ as HTML
        })
        let editor: HTML = canEdit ? """
            <form method="post" action="/templates" class="template-editor">\(csrf)
            \(error.map { "<p class=\"error\" role=\"alert\">\($0)</p>" as HTML } ?? .empty)
            <label>Name <input name="name" required maxlength="80"></label>
            <label>Language <input name="language" required placeholder="vi" size="8"></label>
            <label>Text <textarea name="body" rows="3" required maxlength="5000"></textarea></label>
            <p class="hint">Variables: {buyer_name} {order_id} {tracking_number} {product}. The same name in another language adds a version; the same name and language replaces it.</p>
            <button type="submit">\(text[.send])</button>
            </form>
            """ : .empty
        let body: HTML = """
            <main class="templates">
            <h1>Templates</h1>
            <table class="conversations"><thead><tr><th>Name</th><th>Language</th><th>Text</th><th></th></tr></thead><tbody>\(rows)</tbody></table>
            \(editor)
            </main>
            """
        return self.page(title: "Templates", text: text, agent: (agent, session), body: body, status: status)
    }

    private func saveTemplate(_ request: Request, context: ShopDeskRequestContext) async throws -> Response {
        guard let (agent, session) = try await self.signedIn(request) else { return Self.redirect(to: "/login") }
        let form = try await Self.form(TemplateForm.self, from: request, context: context)
        guard form.csrf == Self.csrfToken(session: session) else { return Response(status: .forbidden) }
        guard agent.role >= .admin else { return Response(status: .forbidden) }
        do {
            if form.delete == "1" {
                try await self.store.deleteReplyTemplate(name: form.name ?? "", language: form.language ?? "", workspace: agent.workspaceID)
            } else {
                try await self.store.saveReplyTemplate(
                    name: form.name ?? "", language: form.language ?? "", body: form.body ?? "", workspace: agent.workspaceID,
                    now: self.dependencies.now()
                )
            }
        } catch let error as ValidationError {
            return try await self.templatesPage(request, error: error.message, status: .unprocessableContent)
        }
        return Self.redirect(to: "/templates")
    }

    /// The named template for this conversation's buyer, filled in, as plain text.
    private func renderedTemplate(_ request: Request, id: String) async throws -> Response {
        guard let (agent, _) = try await self.signedIn(request) else { return Response(status: .unauthorized) }
        let name = request.uri.queryParameters["name"].map(String.init) ?? ""
        let conversation = try await self.store.conversation(Conversation.ID(rawValue: id), for: agent)
        let versions = try await self.store.replyTemplates(workspace: agent.workspaceID).filter { $0.name == name }
        let buyer = try await self.store.buyer(conversation.buyerID, workspace: agent.workspaceID)
        let language = buyer.identities.first { $0.channelAccountID == conversation.channelAccountID }?.language
            ?? buyer.identities.compactMap(\.language).first
        guard let template = ReplyTemplate.version(of: versions, for: language) else { return Response(status: .notFound) }
        let messages = try await self.store.messages(in: conversation.id, for: agent)
        let cards = messages.flatMap(\.attachments)
        let values: [String: String] = [
            "buyer_name": conversation.buyerName ?? buyer.displayName ?? "",
            "order_id": cards.last { $0.kind == .order }?.referenceID ?? "",
            "product": cards.last { $0.kind == .product }?.referenceID ?? "",
        ]
        return Response(
            status: .ok, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: template.rendered(values)))
        )
    }

    /// The template picker above the reply box.
    func templatePicker(workspace: Workspace.ID) async throws -> HTML {
        let names = Array(Set(try await self.store.replyTemplates(workspace: workspace).map(\.name))).sorted()
        guard !names.isEmpty else { return .empty }
        return """
            <label class="template-picker">Template <select id="template"><option value="">—</option>\(HTML.joined(names.map { "<option value=\"\($0)\">\($0)</option>" as HTML }))</select></label>
            """
    }
}
