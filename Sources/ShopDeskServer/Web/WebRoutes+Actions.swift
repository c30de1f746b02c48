import Foundation
import HTTPTypes
import Hummingbird
import ShopDeskChannels
import ShopDeskCore
import ShopDeskStore

/// The forms: the reply box, the conversation's other forms (note, assignment, status, tags, retry),
/// templates and the language chooser. Each decodes its form (whose CSRF token `CSRFMiddleware` has
/// checked), calls one action, and returns to the page it came from.
extension WebRoutes {
    struct ActionForm: Decodable {
        var text: String?
        var override: String?
        var assignee: String?
        var status: String?
        var snooze: String?
        var tags: String?
        var message: String?
        var language: String?
        var name: String?
        var body: String?
        var delete: String?
        var template: String?
        var parameters: [String]?
        var active: String?
        var onHand: String?
        var sku: String?
        var channel: String?
        var product: String?
        var listing: String?
        var csv: String?

        enum CodingKeys: String, CodingKey {
            case text, override, assignee, status, snooze, tags, message, language, name, body, delete, template, parameters, active
            case sku, channel, product, listing, csv
            case onHand = "on_hand"
        }
    }

    func registerActions(on pages: RouterGroup<SignedInContext>) {
        pages.post("/conversations/:id/template-reply") { request, context in try await self.reply(request, context: context) }
        pages.post("/conversations/:id/note") { request, context in
            try await self.act(request, context) { form, id in _ = try await self.desk.note(form.text ?? "", on: id, by: context.signedIn) }
        }
        pages.post("/conversations/:id/assign") { request, context in
            try await self.act(request, context) { form, id in
                let agent = context.signedIn.agent
                let assignee = form.assignee.flatMap { $0.isEmpty ? nil : $0 == "me" ? agent.id : Agent.ID(rawValue: $0) }
                _ = try await self.desk.assign(id, to: assignee, by: context.signedIn)
            }
        }
        pages.post("/conversations/:id/status") { request, context in
            try await self.act(request, context) { form, id in
                guard let status = form.status.flatMap(Conversation.Status.init(rawValue:)) else { throw DeskError.malformed("unknown status") }
                let hours = max(0.25, form.snooze.flatMap(Double.init) ?? 0)
                let until = status == .snoozed ? self.desk.now.addingTimeInterval(hours * 3600) : nil
                _ = try await self.desk.setStatus(id, to: status, snoozedUntil: until, by: context.signedIn)
            }
        }
        pages.post("/conversations/:id/tags") { request, context in
            try await self.act(request, context) { form, id in
                let tags = (form.tags ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                _ = try await self.desk.setTags(id, to: tags, by: context.signedIn)
            }
        }
        pages.post("/conversations/:id/retry") { request, context in
            try await self.act(request, context) { form, _ in
                _ = try await self.desk.retryDelivery(of: Message.ID(rawValue: form.message ?? ""), by: context.signedIn)
            }
        }
        pages.get("/catalog") { request, context in try await self.catalogPage(request, context: context, refusedSKU: nil) }
        pages.get("/catalog/:sku") { request, context in
            let text = self.text(request, context: context)
            let sku = context.parameters.get("sku") ?? ""
            guard let item = try await self.desk.stockList(sku: sku, by: context.signedIn).first else { throw DeskError.notFound("SKU \(sku)") }
            let ledger = try await self.desk.stockMovements(sku: sku, by: context.signedIn)
            let zone = try await self.desk.channelAccounts(by: context.signedIn).first?.timeZone ?? "UTC"
            let body = CatalogView.history(
                item, ledger: ledger, canEdit: context.signedIn.agent.role >= .admin, session: context.session, now: self.desk.now, zone: zone,
                text: text)
            return self.page(sku, body, text: text, context: context)
        }
        pages.post("/catalog/:sku/stock") { request, context in
            let form = try await WebPage.form(ActionForm.self, from: request)
            let sku = context.parameters.get("sku") ?? ""
            do {
                guard let count = form.onHand.flatMap(Int64.init) else { throw DeskError.invalid("on_hand must be a whole number") }
                _ = try await self.desk.setOnHand(count, sku: sku, by: context.signedIn)
            } catch is StockError {
                return try await self.catalogPage(request, context: context, refusedSKU: sku)
            } catch DeskError.invalid, StoreError.invalid {
                return try await self.catalogPage(request, context: context, refusedSKU: sku)
            }
            // Back where the count was saved: the catalog, or the SKU's own page.
            let referer = request.headers[.referer].flatMap { URL(string: $0)?.path } ?? ""
            return WebPage.redirect(to: referer == "/catalog/\(sku)" ? referer : "/catalog")
        }
        pages.get("/catalog.csv") { _, context in
            var headers = HTTPFields()
            headers[.contentType] = "text/csv; charset=utf-8"
            headers[.contentDisposition] = "attachment; filename=\"catalog.csv\""
            return Response(
                status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: try await self.desk.exportCatalog(by: context.signedIn))))
        }
        pages.post("/catalog/csv") { request, context in
            // A catalog file is larger than a reply: up to 8 MB, which is tens of thousands of SKUs.
            let form = try await WebPage.form(ActionForm.self, from: request, maxBytes: 8 << 20)
            do {
                let count = try await self.desk.importCatalog(form.csv ?? "", by: context.signedIn)
                return WebPage.redirect(to: "/catalog?imported=\(count)")
            } catch let problems as CatalogCSV.Problems {
                return try await self.catalogPage(request, context: context, refusedSKU: nil, csvProblems: problems)
            }
        }
        pages.post("/catalog/import/:channel") { request, context in
            _ = try await WebPage.form(ActionForm.self, from: request)
            _ = try await self.desk.requestProductImport(
                channel: ChannelAccount.ID(rawValue: context.parameters.get("channel") ?? ""), by: context.signedIn)
            return WebPage.redirect(to: "/catalog")
        }
        pages.post("/catalog/link") { request, context in
            let form = try await WebPage.form(ActionForm.self, from: request)
            do {
                _ = try await self.desk.linkListing(
                    sku: (form.sku ?? "").trimmingCharacters(in: .whitespaces), channel: ChannelAccount.ID(rawValue: form.channel ?? ""),
                    platformProductID: form.product ?? "", platformSKUID: form.listing ?? "", by: context.signedIn)
            } catch StoreError.notFound, StoreError.conflict, StoreError.invalid {
                return try await self.catalogPage(request, context: context, refusedSKU: nil, linkRefused: true)
            }
            return WebPage.redirect(to: "/catalog")
        }
        pages.get("/agents") { request, context in try await self.agentsPage(request, context: context, issued: nil) }
        pages.post("/agents/:agent/active") { request, context in
            let form = try await WebPage.form(ActionForm.self, from: request)
            let agent = Agent.ID(rawValue: context.parameters.get("agent") ?? "")
            _ = try await self.desk.setAgentActive(form.active == "1", agent: agent, by: context.signedIn)
            return WebPage.redirect(to: "/agents")
        }
        pages.post("/agents/:agent/reset") { request, context in
            let id = Agent.ID(rawValue: context.parameters.get("agent") ?? "")
            let issued = try await self.desk.issuePasswordReset(for: id, by: context.signedIn)
            let name = try await self.desk.agents(by: context.signedIn).first { $0.id == id }?.name ?? ""
            // Shown in this answer only, never in a URL or a page that can be loaded again.
            return try await self.agentsPage(
                request, context: context, issued: AgentsView.IssuedCode(agentName: name, code: issued.code, expiresAt: issued.expiresAt))
        }
        pages.get("/templates") { request, context in try await self.templatesPage(request, context: context, refused: nil, status: .ok) }
        pages.post("/templates") { request, context in try await self.saveTemplate(request, context: context) }
        pages.post("/settings/language") { request, context in
            let form = try await WebPage.form(ActionForm.self, from: request)
            try await self.desk.setUILanguage(form.language.flatMap { WebText.languages.contains($0) ? $0 : nil }, by: context.signedIn)
            return WebPage.redirect(to: "/")
        }
    }

    /// One of the conversation's forms: decode, act, back to the conversation.
    private func act(
        _ request: Request, _ context: SignedInContext, _ action: (ActionForm, Conversation.ID) async throws -> Void
    ) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        try await action(try await WebPage.form(ActionForm.self, from: request), Conversation.ID(rawValue: id))
        return WebPage.redirect(to: "/conversations/\(id)")
    }

    /// The reply box, or an approved WhatsApp template filled in: sent, or the page again with the guard's
    /// findings beside the draft.
    func reply(_ request: Request, context: SignedInContext) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        let form = try await WebPage.form(ActionForm.self, from: request)
        let draft = form.text ?? ""
        let language = self.text(request, context: context).language
        do {
            _ = try await self.desk.reply(
                ReplyDraft(
                    text: draft, overrideWarnings: form.override == "1", uiLanguage: language,
                    template: form.template.map { (WhatsAppTemplate.ID(rawValue: $0), form.parameters ?? []) }
                ), to: Conversation.ID(rawValue: id), by: context.signedIn
            )
        } catch DeskError.complianceBlocked(let result, _), DeskError.complianceWarning(let result, _) {
            return try await self.conversationPage(request, context: context, compliance: result, draft: draft, status: .unprocessableContent)
        }
        return WebPage.redirect(to: "/conversations/\(id)")
    }

    private func catalogPage(
        _ request: Request, context: SignedInContext, refusedSKU: String?, linkRefused: Bool = false, csvProblems: CatalogCSV.Problems? = nil
    ) async throws -> Response {
        let text = self.text(request, context: context)
        let skus = try await self.desk.stockList(by: context.signedIn)
        var channels: [(ChannelAccount, ProductImport?)] = []
        for account in try await self.desk.channelAccounts(by: context.signedIn) where PlatformAPIs.takesStock(account.platform) {
            channels.append((account, try await self.desk.productImport(channel: account.id, by: context.signedIn)))
        }
        let body = CatalogView.render(
            skus, canEdit: context.signedIn.agent.role >= .admin, refusedSKU: refusedSKU, session: context.session, now: self.desk.now,
            text: text)
        let imports = CatalogView.imports(
            channels: channels, unlinked: try await self.desk.unlinkedListings(by: context.signedIn), skus: skus.map(\.sku),
            canEdit: context.signedIn.agent.role >= .admin, linkRefused: linkRefused, session: context.session, text: text)
        let csv = CatalogView.csvForms(
            imported: Self.parameters(request)["imported"].flatMap { Int($0) }, problems: csvProblems,
            canEdit: context.signedIn.agent.role >= .admin, session: context.session, text: text)
        let refused = refusedSKU != nil || linkRefused || csvProblems != nil
        return self.page(text[.catalog], body + imports + csv, text: text, context: context, status: refused ? .unprocessableContent : .ok)
    }

    private func agentsPage(_ request: Request, context: SignedInContext, issued: AgentsView.IssuedCode?) async throws -> Response {
        let text = self.text(request, context: context)
        let agents = try await self.desk.agents(by: context.signedIn)
        let zone = try await self.desk.channelAccounts(by: context.signedIn).first?.timeZone ?? "UTC"
        let body = AgentsView.render(agents, viewer: context.signedIn.agent, issued: issued, zone: zone, session: context.session, text: text)
        var response = self.page(text[.agents], body, text: text, context: context)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    private func templatesPage(
        _ request: Request, context: SignedInContext, refused: TemplatesView.Draft?, status: HTTPResponse.Status
    ) async throws -> Response {
        let text = self.text(request, context: context)
        let templates = try await self.desk.replyTemplates(by: context.signedIn)
        let body = TemplatesView.render(
            templates, canEdit: context.signedIn.agent.role >= .admin, session: context.session, refused: refused, text: text
        )
        return self.page(text[.templates], body, text: text, context: context, status: status)
    }

    private func saveTemplate(_ request: Request, context: SignedInContext) async throws -> Response {
        let form = try await WebPage.form(ActionForm.self, from: request)
        do {
            if form.delete == "1" {
                try await self.desk.deleteReplyTemplate(name: form.name ?? "", language: form.language ?? "", by: context.signedIn)
            } else {
                try await self.desk.saveReplyTemplate(
                    name: form.name ?? "", language: form.language ?? "", body: form.body ?? "", by: context.signedIn
                )
            }
        } catch is ValidationError {
            let refused = TemplatesView.Draft(name: form.name ?? "", language: form.language ?? "", body: form.body ?? "")
            return try await self.templatesPage(request, context: context, refused: refused, status: .unprocessableContent)
        }
        return WebPage.redirect(to: "/templates")
    }

    /// The named template for this conversation's buyer, filled in, as plain text for the reply box.
    func renderedTemplate(_ request: Request, context: SignedInContext) async throws -> Response {
        let name = request.uri.queryParameters["name"].map(String.init) ?? ""
        let rendered = try await self.desk.renderedTemplate(
            named: name, for: Conversation.ID(rawValue: context.parameters.get("id") ?? ""), by: context.signedIn
        )
        return Response(
            status: .ok, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: rendered))
        )
    }
}
