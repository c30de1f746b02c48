import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ShopDeskCore
import ShopDeskStore

/// The agents' web pages, rendered on the server. Each route decodes its request, calls one action of
/// the desk and renders the result with its page's view (`…View.swift`).
///
/// Pages that need an agent are in a group whose context is `SignedInContext`: the session cookie is
/// checked before (`WebSessionMiddleware`), and every form's CSRF token with it (`CSRFMiddleware`).
/// Sign-in attempts are limited per e-mail address by the desk, as for the API (`SignInLimiter`).
struct WebRoutes {
    let desk: Desk
    let sessionCookie: SessionCookie

    func register(on router: Router<ShopDeskRequestContext>) {
        router.get("/login") { request, _ in SignInView.render(request, error: nil, status: .ok, secureCookies: self.sessionCookie.secure) }
        router.post("/login") { request, _ in try await self.signIn(request) }
        router.get("/login/reset") { request, _ in
            SignInView.render(request, error: nil, resetting: true, status: .ok, secureCookies: self.sessionCookie.secure)
        }
        router.post("/login/reset") { request, _ in try await self.resetPassword(request) }
        router.get("/assets/app.css") { _, _ in WebPage.asset(WebAssets.css, type: "text/css; charset=utf-8") }
        router.get("/assets/app.js") { _, _ in WebPage.asset(WebAssets.javascript, type: "text/javascript; charset=utf-8") }

        let pages = router.group().add(middleware: WebSessionMiddleware(desk: self.desk, signedOut: .redirectToSignIn))
            .group(context: SignedInContext.self).add(middleware: CSRFMiddleware())
        pages.post("/logout") { request, context in try await self.signOut(request, context) }
        pages.get("/") { request, context in try await self.inbox(request, context: context) }
        pages.get("/dashboard") { request, context in try await self.dashboard(request, context: context) }
        pages.get("/conversations/:id") { request, context in
            try await self.conversationPage(request, context: context, compliance: nil, draft: "", status: .ok)
        }
        pages.post("/conversations/:id/reply") { request, context in try await self.reply(request, context: context) }
        self.registerActions(on: pages)
        self.registerOrders(on: pages)

        let fragments = router.group().add(middleware: WebSessionMiddleware(desk: self.desk, signedOut: .unauthorized))
            .group(context: SignedInContext.self)
        fragments.get("/partials/inbox") { request, context in try await self.inboxRows(request, context: context) }
        fragments.get("/partials/conversations/:id/thread") { request, context in try await self.thread(request, context: context) }
        fragments.get("/partials/catalog") { request, context in
            let skus = try await self.desk.stockList(by: context.signedIn)
            return WebPage.fragment(
                CatalogView.rows(
                    skus, canEdit: context.signedIn.agent.role >= .admin, refusedSKU: nil, session: context.session, now: self.desk.now,
                    text: self.text(request, context: context)))
        }
        fragments.get("/partials/catalog/:sku") { request, context in
            let sku = context.parameters.get("sku") ?? ""
            guard let item = try await self.desk.stockList(sku: sku, by: context.signedIn).first else { throw DeskError.notFound("SKU \(sku)") }
            return WebPage.fragment(CatalogView.stock(item, now: self.desk.now, text: self.text(request, context: context)))
        }
        fragments.get("/partials/conversations/:id/orders") { request, context in
            let id = Conversation.ID(rawValue: context.parameters.get("id") ?? "")
            let orders = try await self.desk.conversationOrders(id, by: context.signedIn)
            let awaiting = try await self.desk.awaitingAnswer(orders, by: context.signedIn)
            return WebPage.fragment(
                OrdersView.sidebar(orders, awaiting: awaiting, conversation: id, now: self.desk.now, text: self.text(request, context: context)))
        }
        fragments.get("/conversations/:id/template") { request, context in try await self.renderedTemplate(request, context: context) }
        fragments.get("/events") { _, context in self.events(context) }
    }

    // MARK: Sign-in

    /// The sign-in form and the reset form (which adds the code).
    struct SignedOutForm: Decodable {
        var csrf: String?
        var email: String?
        var password: String?
        var code: String?
    }

    /// A signed-out form whose token matches its cookie (double submit), or nil.
    private func signedOutForm(_ request: Request) async throws -> SignedOutForm? {
        let form = try await WebPage.form(SignedOutForm.self, from: request)
        guard let cookie = request.cookies[SignInView.csrfCookie]?.value, let token = form.csrf, !cookie.isEmpty, cookie == token else {
            return nil
        }
        return form
    }

    private func signIn(_ request: Request) async throws -> Response {
        let text = WebText(acceptLanguage: request.headers[.acceptLanguage])
        func again(_ error: String, _ status: HTTPResponse.Status) -> Response {
            SignInView.render(request, error: error, status: status, secureCookies: self.sessionCookie.secure)
        }
        guard let form = try await self.signedOutForm(request) else { return again(text[.formExpired], .forbidden) }
        let session: String
        do {
            session = try await self.desk.signIn(
                email: form.email ?? "", password: form.password ?? "", from: RequestCredentials.current.clientAddress
            ).session
        } catch DeskError.notSignedIn {
            return again(text[.wrongPassword], .unauthorized)
        } catch DeskError.tooManyAttempts {
            return again(text[.tooManyAttempts], .tooManyRequests)
        }
        var response = WebPage.redirect(to: "/")
        response.headers[.setCookie] = self.sessionCookie.header(session, overHTTPS: SessionCookie.overHTTPS(request.headers))
        return response
    }

    /// Sets a new password with an owner's reset code; then the sign-in form, saying so.
    private func resetPassword(_ request: Request) async throws -> Response {
        let text = WebText(acceptLanguage: request.headers[.acceptLanguage])
        func again(_ error: String, _ status: HTTPResponse.Status) -> Response {
            SignInView.render(request, error: error, resetting: true, status: status, secureCookies: self.sessionCookie.secure)
        }
        guard let form = try await self.signedOutForm(request) else { return again(text[.formExpired], .forbidden) }
        do {
            try await self.desk.resetPassword(
                email: form.email ?? "", code: form.code ?? "", newPassword: form.password ?? "", from: RequestCredentials.current.clientAddress)
        } catch DeskError.notSignedIn {
            return again(text[.wrongResetCode], .unauthorized)
        } catch DeskError.tooManyAttempts {
            return again(text[.tooManyAttempts], .tooManyRequests)
        } catch is ValidationError {
            return again(text[.passwordTooShort], .unprocessableContent)
        }
        return SignInView.render(request, error: nil, notice: text[.passwordSet], status: .ok, secureCookies: self.sessionCookie.secure)
    }

    private func signOut(_ request: Request, _ context: SignedInContext) async throws -> Response {
        try await self.desk.signOut(context.signedIn)
        var response = WebPage.redirect(to: "/login")
        response.headers[.setCookie] = self.sessionCookie.header(nil, overHTTPS: SessionCookie.overHTTPS(request.headers))
        return response
    }

    // MARK: Pages

    /// The words for this agent: their chosen language, else the browser's.
    func text(_ request: Request, context: SignedInContext) -> WebText {
        WebText(preferred: context.signedIn.agent.uiLanguage, acceptLanguage: request.headers[.acceptLanguage])
    }

    func page(_ title: String, _ body: HTML, text: WebText, context: SignedInContext, status: HTTPResponse.Status = .ok) -> Response {
        WebPage.page(title: title, text: text, signedIn: (context.signedIn.agent, context.session), body: body, status: status)
    }

    static func parameters(_ request: Request) -> [String: String] {
        var parameters: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { parameters[String(key)] = String(value) }
        return parameters
    }

    private func inbox(_ request: Request, context: SignedInContext) async throws -> Response {
        let text = self.text(request, context: context)
        let (query, search) = InboxView.query(Self.parameters(request), agent: context.signedIn.agent)
        let screen = try await self.desk.inbox(query, by: context.signedIn)
        let body = InboxView.render(screen, query: query, search: search, agent: context.signedIn.agent, now: self.desk.now, text: text)
        return self.page(text[.inbox], body, text: text, context: context)
    }

    /// The inbox's rows alone, for the page to refresh itself when something changes.
    private func inboxRows(_ request: Request, context: SignedInContext) async throws -> Response {
        let text = self.text(request, context: context)
        let (query, _) = InboxView.query(Self.parameters(request), agent: context.signedIn.agent)
        let screen = try await self.desk.inbox(query, by: context.signedIn)
        var response = WebPage.fragment(InboxView.rows(screen, now: self.desk.now, text: text))
        response.headers[HTTPField.Name("X-At-Risk")!] = String(screen.atRisk)
        response.headers[HTTPField.Name("X-Unread")!] = WebPage.countLabel(screen.unreadCount)
        return response
    }

    func conversationPage(
        _ request: Request, context: SignedInContext, compliance: ComplianceResult?, draft: String, status: HTTPResponse.Status
    ) async throws -> Response {
        let text = self.text(request, context: context)
        let id = Conversation.ID(rawValue: context.parameters.get("id") ?? "")
        let screen: ConversationScreen
        do {
            screen = try await self.desk.conversationScreen(id, by: context.signedIn)
        } catch StoreError.notFound {
            return self.page(
                text[.conversation], "<main><p role=\"alert\">\(text[.conversationMissing])</p><p><a href=\"/\">\(text[.back])</a></p></main>",
                text: text,
                context: context, status: .notFound)
        }
        let body = ConversationView.render(screen, session: context.session, compliance: compliance, draft: draft, text: text)
        return self.page(screen.conversation.buyerName ?? text[.conversation], body, text: text, context: context, status: status)
    }

    /// The thread's messages alone.
    private func thread(_ request: Request, context: SignedInContext) async throws -> Response {
        let id = Conversation.ID(rawValue: context.parameters.get("id") ?? "")
        let screen = try await self.desk.thread(id, by: context.signedIn)
        return WebPage.fragment(
            ConversationView.thread(
                screen.messages, of: id, account: screen.account, session: context.session, text: self.text(request, context: context)))
    }

    private func dashboard(_ request: Request, context: SignedInContext) async throws -> Response {
        let text = self.text(request, context: context)
        let screen = try await self.desk.dashboard(days: DashboardView.days, by: context.signedIn)
        return self.page(text[.serviceLevels], DashboardView.render(screen, text: text), text: text, context: context)
    }

    /// Server-sent events for the signed-in agent's workspace: `conversation` (its id) when one
    /// changes, `alert` when a deadline alert fires, `stock` (a SKU, or nothing for some SKUs) when stock
    /// or a platform's acknowledged count changes, `order` (its id) when an order is stored or changes,
    /// `order-alert` (the order's id) when a dispatch alert fires. The page re-reads what changed, and re-reads
    /// everything after a dropped connection.
    private func events(_ context: SignedInContext) -> Response {
        let stream = self.desk.workspaceEvents(by: context.signedIn)
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-store"
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: "retry: 2000\n: connected\n\n"))
                for await event in stream {
                    switch event {
                    case .conversationChanged(let id):
                        try await writer.write(ByteBuffer(string: "event: conversation\ndata: \(id.rawValue)\n\n"))
                    case .slaAlert(let alert):
                        try await writer.write(ByteBuffer(string: "event: alert\ndata: \(alert.conversationID.rawValue)\n\n"))
                    case .stockChanged(let sku):
                        try await writer.write(ByteBuffer(string: "event: stock\ndata: \(sku ?? "")\n\n"))
                    case .orderChanged(let id):
                        try await writer.write(ByteBuffer(string: "event: order\ndata: \(id.rawValue)\n\n"))
                    case .orderAlert(let alert):
                        try await writer.write(ByteBuffer(string: "event: order-alert\ndata: \(alert.orderID.rawValue)\n\n"))
                    }
                }
                try await writer.finish(nil)
            })
    }
}
