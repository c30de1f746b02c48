import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization
import ShopDeskCore
import ShopDeskStore

/// The agents' web pages, rendered on the server: sign-in, the inbox (nearest deadline first) and a
/// conversation with its reply box. Everything from buyers or platforms goes through `HTML`, which
/// escapes it, and every page is served with a Content-Security-Policy that allows no inline script,
/// so buyer content can neither become markup nor run.
///
/// Forms carry CSRF tokens: before sign-in a double-submit cookie, afterwards a token derived from
/// the (HttpOnly) session token, which another site can neither read nor compute. Sign-in attempts
/// are limited per e-mail address.
struct WebRoutes {
    let dependencies: AppDependencies
    let limiter = SignInLimiter()

    static let csrfCookie = "shopdesk_csrf"
    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: http:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    var store: SQLStore { self.dependencies.store }

    func register(on router: Router<ShopDeskRequestContext>) {
        router.get("/login") { request, _ in self.signInPage(request, error: nil, status: .ok) }
        router.post("/login") { request, context in try await self.signIn(request, context: context) }
        router.post("/logout") { request, context in try await self.signOut(request, context: context) }
        router.get("/") { request, _ in try await self.inbox(request) }
        router.get("/conversations/:id") { request, context in
            try await self.conversationPage(request, id: context.parameters.get("id") ?? "", compliance: nil, draft: "")
        }
        router.post("/conversations/:id/reply") { request, context in try await self.reply(request, context: context) }
        self.registerActions(on: router)
        self.registerTemplates(on: router)
        self.registerSettings(on: router)
        router.get("/events") { request, _ in try await self.events(request) }
        router.get("/dashboard") { request, _ in try await self.dashboard(request) }
        router.get("/partials/inbox") { request, _ in try await self.inboxPartial(request) }
        router.get("/partials/conversations/:id/thread") { request, context in
            try await self.threadPartial(request, id: context.parameters.get("id") ?? "")
        }
        router.get("/assets/app.css") { _, _ in Self.asset(WebAssets.css, type: "text/css; charset=utf-8") }
        router.get("/assets/app.js") { _, _ in Self.asset(WebAssets.javascript, type: "text/javascript; charset=utf-8") }
    }

    // MARK: Sign-in

    private func signInPage(_ request: Request, error: String?, status: HTTPResponse.Status) -> Response {
        let text = WebText(acceptLanguage: request.headers[.acceptLanguage])
        let token = request.cookies[Self.csrfCookie]?.value ?? TokenHasher.makeToken(prefix: "")
        let body: HTML = """
            <main class="sign-in">
            <h1>ShopDesk</h1>
            <form method="post" action="/login">
            \(error.map { "<p class=\"error\" role=\"alert\">\($0)</p>" as HTML } ?? .empty)
            <input type="hidden" name="csrf" value="\(token)">
            <label>\(text[.email]) <input type="email" name="email" autocomplete="username" required autofocus></label>
            <label>\(text[.password]) <input type="password" name="password" autocomplete="current-password" required></label>
            <button type="submit">\(text[.signIn])</button>
            </form>
            </main>
            """
        var response = self.page(title: text[.signIn], text: text, agent: nil, body: body, status: status)
        var cookie = "\(Self.csrfCookie)=\(token); Path=/login; HttpOnly; SameSite=Strict; Max-Age=3600"
        if self.dependencies.settings.secureCookies { cookie += "; Secure" }
        response.headers[.setCookie] = cookie
        return response
    }

    struct SignInForm: Decodable {
        var csrf: String?
        var email: String?
        var password: String?
    }

    private func signIn(_ request: Request, context: ShopDeskRequestContext) async throws -> Response {
        let text = WebText(acceptLanguage: request.headers[.acceptLanguage])
        let form = try await Self.form(SignInForm.self, from: request, context: context)
        guard let cookie = request.cookies[Self.csrfCookie]?.value, let token = form.csrf, !cookie.isEmpty, cookie == token else {
            return self.signInPage(request, error: text[.formExpired], status: .forbidden)
        }
        let email = Agent.normalizedEmail(form.email ?? "")
        guard self.limiter.allows(email, now: self.dependencies.now()) else {
            return self.signInPage(request, error: text[.tooManyAttempts], status: .tooManyRequests)
        }
        guard let signedIn = try await self.dependencies.signIn(email: email, password: form.password ?? "") else {
            self.limiter.recordFailure(email, now: self.dependencies.now())
            return self.signInPage(request, error: text[.wrongPassword], status: .unauthorized)
        }
        self.limiter.reset(email)
        var response = Self.redirect(to: "/")
        response.headers[.setCookie] = self.dependencies.sessionCookie(signedIn.session)
        return response
    }

    struct TokenForm: Decodable {
        var csrf: String?
    }

    private func signOut(_ request: Request, context: ShopDeskRequestContext) async throws -> Response {
        guard let (_, session) = try await self.signedIn(request) else { return Self.redirect(to: "/login") }
        let form = try await Self.form(TokenForm.self, from: request, context: context)
        guard form.csrf == Self.csrfToken(session: session) else { return Response(status: .forbidden) }
        try await self.store.deleteSession(token: session)
        var response = Self.redirect(to: "/login")
        response.headers[.setCookie] = self.dependencies.sessionCookie(nil)
        return response
    }

    // MARK: Inbox

    /// The inbox's filters from the query string, and the search term as typed.
    private static func inboxQuery(_ request: Request, agent: Agent) -> (ConversationQuery, String) {
        let parameters = request.uri.queryParameters
        var query = ConversationQuery()
        query.platform = parameters["platform"].flatMap { Platform(rawValue: String($0)) }
        query.status = parameters["status"].flatMap { Conversation.Status(rawValue: String($0)) }
        query.kind = parameters["kind"].flatMap { Conversation.Kind(rawValue: String($0)) }
        query.channelAccountID = parameters["channel"].flatMap { $0.isEmpty ? nil : ChannelAccount.ID(rawValue: String($0)) }
        switch parameters["assignee"].map(String.init) {
        case "me": query.assignee = .agent(agent.id)
        case "none": query.assignee = .unassigned
        default: break
        }
        query.tag = parameters["tag"].flatMap { $0.isEmpty ? nil : String($0.prefix(64)) }
        query.language = parameters["language"].flatMap { $0.isEmpty || $0.count > 12 ? nil : String($0) }
        let search = parameters["q"].map(String.init)?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        query.text = search.isEmpty ? nil : String(search.prefix(200))
        query.limit = 50
        return (query, search)
    }

    /// The inbox table's rows for `query`, and how many of them are at risk (deadline within the hour).
    private func inboxRows(
        for agent: Agent, query: ConversationQuery, accounts: [ChannelAccount], text: WebText
    ) async throws -> (rows: HTML, atRisk: Int) {
        let page = try await self.store.listConversations(for: agent, query: query)
        let filter = PersonalDataFilter(masker: self.dependencies.compliance.masker, accounts: accounts, reveal: false)
        let now = self.dependencies.now()
        let atRisk = page.items.filter { ConversationDeadline.isAtRisk($0.state.nextDeadline, now: now) }.count
        let unread = try await self.store.unread(page.items, for: agent)
        guard !page.items.isEmpty else { return ("<tr class=\"empty\"><td colspan=\"5\">\(text[.nothingHere])</td></tr>", 0) }
        let rows = HTML.joined(page.items.map { conversation in
            let shown = filter.conversation(conversation)
            return """
                <tr data-conversation="\(conversation.id.rawValue)"\(unread.contains(conversation.id) ? " class=\"unread\"" as HTML : .empty)>
                <td>\(Self.deadline(conversation.state.nextDeadline, now: now, text: text))</td>
                <td><span class="platform">\(conversation.platform.rawValue)</span></td>
                <td><a href="/conversations/\(conversation.id.rawValue)">\(shown.buyerName ?? text[.buyer])</a></td>
                <td class="preview">\(shown.lastMessagePreview ?? "")</td>
                <td>\(Self.statusLabel(conversation.state.status, text: text))</td>
                </tr>
                """
        })
        return (rows, atRisk)
    }

    private func inbox(_ request: Request) async throws -> Response {
        guard let (agent, session) = try await self.signedIn(request) else { return Self.redirect(to: "/login") }
        let text = try await self.text(for: request, agent: agent)
        let (query, search) = Self.inboxQuery(request, agent: agent)
        let accounts = try await self.store.listChannelAccounts(workspace: agent.workspaceID)
        let (rows, atRisk) = try await self.inboxRows(for: agent, query: query, accounts: accounts, text: text)
        let platformOptions = HTML.joined(Platform.allCases.map { platform in
            "<option value=\"\(platform.rawValue)\"\(query.platform == platform ? " selected" as HTML : .empty)>\(platform.rawValue)</option>"
        })
        let statusOptions = HTML.joined(Conversation.Status.allCases.map { status in
            "<option value=\"\(status.rawValue)\"\(query.status == status ? " selected" as HTML : .empty)>\(Self.statusLabel(status, text: text))</option>"
        })
        let kindOptions = HTML.joined(Conversation.Kind.allCases.map { kind in
            "<option value=\"\(kind.rawValue)\"\(query.kind == kind ? " selected" as HTML : .empty)>\(kind.rawValue)</option>"
        })
        let channelOptions = HTML.joined(accounts.filter { agent.canAccess($0.id) }.map { account in
            "<option value=\"\(account.id.rawValue)\"\(query.channelAccountID == account.id ? " selected" as HTML : .empty)>\(account.name)</option>"
        })
        let assignee = query.assignee == .agent(agent.id) ? "me" : query.assignee == .unassigned ? "none" : ""
        let body: HTML = """
            <main class="inbox">
            <h1>\(text[.inbox]) <span class="counter" title="\(text[.atRisk])">\(text[.atRisk]): <span id="at-risk">\(atRisk)</span></span>
            <span class="counter unread-count">Unread: <span id="unread">\(Self.countLabel(try await self.store.unreadCount(for: agent)))</span></span></h1>
            <form class="filters" method="get" action="/" role="search">
            <label>\(text[.platform]) <select name="platform"><option value="">\(text[.allPlatforms])</option>\(platformOptions)</select></label>
            <label>\(text[.status]) <select name="status"><option value="">\(text[.allStatuses])</option>\(statusOptions)</select></label>
            <label>Channel <select name="channel"><option value="">—</option>\(channelOptions)</select></label>
            <label>Kind <select name="kind"><option value="">—</option>\(kindOptions)</select></label>
            <label>Assignee <select name="assignee"><option value="">—</option><option value="me"\(assignee == "me" ? " selected" as HTML : .empty)>me</option><option value="none"\(assignee == "none" ? " selected" as HTML : .empty)>nobody</option></select></label>
            <label>Tag <input name="tag" value="\(query.tag ?? "")" size="10"></label>
            <label>Language <select name="language"><option value="">—</option>\(HTML.joined(["vi", "th", "ms", "id", "tl", "zh", "en"].map { language in
                "<option value=\"\(language)\"\(query.language == language ? " selected" as HTML : .empty)>\(language)</option>" as HTML
            }))</select></label>
            <label>\(text[.search]) <input type="search" name="q" value="\(search)" id="search"></label>
            <button type="submit">\(text[.search])</button>
            </form>
            <table class="conversations">
            <thead><tr><th>\(text[.timeLeft])</th><th>\(text[.platform])</th><th>\(text[.buyer])</th><th>\(text[.lastMessage])</th><th>\(text[.status])</th></tr></thead>
            <tbody id="inbox-rows">\(rows)</tbody>
            </table>
            </main>
            """
        return self.page(title: text[.inbox], text: text, agent: (agent, session), body: body, status: .ok)
    }

    /// The inbox's rows alone, for the page to refresh itself when something changes.
    private func inboxPartial(_ request: Request) async throws -> Response {
        guard let (agent, _) = try await self.signedIn(request) else { return Response(status: .unauthorized) }
        let text = try await self.text(for: request, agent: agent)
        let (query, _) = Self.inboxQuery(request, agent: agent)
        let accounts = try await self.store.listChannelAccounts(workspace: agent.workspaceID)
        let (rows, atRisk) = try await self.inboxRows(for: agent, query: query, accounts: accounts, text: text)
        var response = Self.fragment(rows)
        response.headers[HTTPField.Name("X-At-Risk")!] = String(atRisk)
        response.headers[HTTPField.Name("X-Unread")!] = Self.countLabel(try await self.store.unreadCount(for: agent))
        return response
    }

    /// The thread's messages alone.
    private func threadPartial(_ request: Request, id: String) async throws -> Response {
        guard let (agent, session) = try await self.signedIn(request) else { return Response(status: .unauthorized) }
        let conversation = try await self.store.conversation(Conversation.ID(rawValue: id), for: agent)
        let account = try await self.store.channelAccount(conversation.channelAccountID, workspace: agent.workspaceID)
        let messages = try await self.store.messages(in: conversation.id, for: agent)
        return Self.fragment(self.thread(of: conversation, messages: messages, account: account, session: session))
    }

    /// Server-sent events for the signed-in agent's workspace: `conversation` (its id) when one
    /// changes, `alert` when a deadline alert fires. The page re-reads what changed, and re-reads
    /// everything after a dropped connection.
    private func events(_ request: Request) async throws -> Response {
        guard let (agent, _) = try await self.signedIn(request) else { return Response(status: .unauthorized) }
        let stream = self.dependencies.events.subscribe(workspace: agent.workspaceID)
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            try await writer.write(ByteBuffer(string: "retry: 2000\n: connected\n\n"))
            for await event in stream {
                switch event {
                case .conversationChanged(let id):
                    try await writer.write(ByteBuffer(string: "event: conversation\ndata: \(id.rawValue)\n\n"))
                case .slaAlert(let alert):
                    try await writer.write(ByteBuffer(string: "event: alert\ndata: \(alert.conversationID.rawValue)\n\n"))
                }
            }
            try await writer.finish(nil)
        })
    }

    // MARK: Conversation

    private func conversationPage(
        _ request: Request, id: String, compliance: ComplianceResult?, draft: String, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        guard let (agent, session) = try await self.signedIn(request) else { return Self.redirect(to: "/login") }
        let text = try await self.text(for: request, agent: agent)
        let conversation: Conversation
        do {
            conversation = try await self.store.conversation(Conversation.ID(rawValue: id), for: agent)
        } catch StoreError.notFound {
            return self.page(title: text[.nothingHere], text: text, agent: (agent, session), body: "<main><p>\(text[.nothingHere])</p></main>", status: .notFound)
        }
        try await self.store.markRead(conversation.id, by: agent, now: self.dependencies.now())
        let account = try await self.store.channelAccount(conversation.channelAccountID, workspace: agent.workspaceID)
        let filter = PersonalDataFilter(masker: self.dependencies.compliance.masker, accounts: [account], reveal: false)
        let shown = filter.conversation(conversation)
        let messages = try await self.store.messages(in: conversation.id, for: agent)
        let thread = self.thread(of: conversation, messages: messages, account: account, session: session)
        let findings: HTML
        if let compliance, !compliance.findings.isEmpty {
            let blocked = compliance.verdict == .block
            findings = """
                <div class="findings \(blocked ? "block" : "warn")" role="alert">
                <strong>\(blocked ? text[.blocked] : text[.warning])</strong>
                <ul>\(HTML.joined(compliance.findings.map { "<li>\($0.explanation)</li>" as HTML }))</ul>
                \(blocked ? .empty : "<label><input type=\"checkbox\" name=\"override\" value=\"1\"> \(text[.sendAnyway])</label>" as HTML)
                </div>
                """
        } else {
            findings = "<div class=\"findings\" id=\"live-findings\" aria-live=\"polite\"></div>"
        }
        let body: HTML = """
            <main class="conversation" data-conversation="\(conversation.id.rawValue)" data-language="\(text.language)">
            <p><a href="/">\(text[.back])</a></p>
            <h1>\(shown.buyerName ?? text[.buyer]) <span class="platform">\(conversation.platform.rawValue)</span> \(Self.statusLabel(conversation.state.status, text: text))</h1>
            \(conversation.subject.map { "<p class=\"subject\">\($0)</p>" as HTML } ?? .empty)
            \(self.actionForms(for: conversation, agents: try await self.store.listAgents(workspace: agent.workspaceID), session: session, text: text))
            \(try await self.buyerSidebar(
                for: conversation, messages: messages, agent: agent, filter: filter, text: text
            ))
            <ol class="thread" id="thread">\(thread)</ol>
            <form class="reply" method="post" action="/conversations/\(conversation.id.rawValue)/reply">
            <input type="hidden" name="csrf" value="\(Self.csrfToken(session: session))">
            \(try await self.templatePicker(workspace: agent.workspaceID))
            <label for="reply-text">\(text[.reply])</label>
            <div class="draft"><div class="highlights" id="reply-highlights" aria-hidden="true"></div><textarea id="reply-text" name="text" rows="4" required maxlength="20000">\(draft)</textarea></div>
            \(findings)
            <button type="submit">\(text[.send])</button>
            </form>
            </main>
            """
        return self.page(title: shown.buyerName ?? text[.conversations], text: text, agent: (agent, session), body: body, status: status)
    }

    /// A conversation's messages as list items, personal data masked.
    private func thread(of conversation: Conversation, messages: [Message], account: ChannelAccount, session: String) -> HTML {
        let filter = PersonalDataFilter(masker: self.dependencies.compliance.masker, accounts: [account], reveal: false)
        return HTML.joined(messages.map { message in
            let body = filter.message(message, channel: conversation.channelAccountID)
            return """
                <li class="message \(message.direction.rawValue)">
                <div class="meta">\(message.senderKind.rawValue) · <time datetime="\(ISO8601DateFormatter().string(from: message.platformAt))">\(Self.clock(message.platformAt, zone: account.timeZone))</time>\(message.deliveryStatus.map { " · " + HTML.text($0.rawValue) as HTML } ?? .empty)</div>
                \(body.text.map { "<p class=\"text\">\($0)</p>" as HTML } ?? .empty)
                \(HTML.joined(message.attachments.map(Self.attachment)))
                \(message.deliveryError.map { "<p class=\"error\">\($0)</p>" as HTML } ?? .empty)
                \(Self.retryButton(for: message, conversation: conversation.id, session: session))
                </li>
                """
        })
    }

    struct ReplyForm: Decodable {
        var csrf: String?
        var text: String?
        var override: String?
    }

    private func reply(_ request: Request, context: ShopDeskRequestContext) async throws -> Response {
        guard let (agent, session) = try await self.signedIn(request) else { return Self.redirect(to: "/login") }
        let id = context.parameters.get("id") ?? ""
        let form = try await Self.form(ReplyForm.self, from: request, context: context)
        guard form.csrf == Self.csrfToken(session: session) else { return Response(status: .forbidden) }
        let draft = form.text ?? ""
        let language = try await self.text(for: request, agent: agent).language
        let api = APIHandler(dependencies: self.dependencies)
        do {
            try APIHandler.validateDraft(draft)
            try await api.guardReply(
                draft, to: Conversation.ID(rawValue: id), by: AuthenticatedAgent(agent: agent, sessionToken: session),
                overrideWarnings: form.override == "1", uiLanguage: language
            )
            let message = try await self.store.recordReply(to: Conversation.ID(rawValue: id), text: draft, clientID: nil, by: agent, now: self.dependencies.now())
            self.dependencies.outbox.wake()
            api.announce(message.conversationID, workspace: agent.workspaceID)
        } catch let error as APIError where error.compliance != nil {
            let conversation = try await self.store.conversation(Conversation.ID(rawValue: id), for: agent)
            let account = try await self.store.channelAccount(conversation.channelAccountID, workspace: agent.workspaceID)
            let result = try await self.dependencies.compliance.checkReply(
                draft, in: conversation, account: account, uiLanguage: language, isTemplate: false, byHuman: true, now: self.dependencies.now()
            )
            return try await self.conversationPage(request, id: id, compliance: result, draft: draft, status: .unprocessableContent)
        }
        return Self.redirect(to: "/conversations/\(id)")
    }

    // MARK: Pieces

    /// The signed-in agent and their session token, from the session cookie.
    func signedIn(_ request: Request) async throws -> (Agent, String)? {
        guard let session = request.cookies[RequestCredentialsMiddleware<ShopDeskRequestContext>.sessionCookieName]?.value, !session.isEmpty,
              let agent = try await self.store.agent(sessionToken: session, now: self.dependencies.now())
        else { return nil }
        return (agent, session)
    }

    /// The CSRF token of a session: derived from the session token, which only the agent's browser holds.
    static func csrfToken(session: String) -> String {
        TokenHasher.hash("csrf:" + session)
    }

    static func form<Form: Decodable>(_ type: Form.Type, from request: Request, context: ShopDeskRequestContext) async throws -> Form {
        var request = request
        let buffer = try await request.collectBody(upTo: 64 << 10)
        do {
            return try URLEncodedFormDecoder().decode(Form.self, from: String(buffer: buffer))
        } catch {
            throw HTTPError(.badRequest, message: "the form could not be read")
        }
    }

    func page(
        title: String, text: WebText, agent: (Agent, String)?, body: HTML, status: HTTPResponse.Status
    ) -> Response {
        let navigation: HTML = agent.map { agent, session in
            """
            <header class="top"><a href="/" class="brand">ShopDesk</a>
            <nav><a href="/">\(text[.inbox])</a> <a href="/dashboard">Service levels</a> <a href="/templates">Templates</a></nav>
            \(Self.languageChooser(current: text.language, session: session))
            <form method="post" action="/logout"><input type="hidden" name="csrf" value="\(Self.csrfToken(session: session))"><span class="who">\(agent.name)</span> <button type="submit">\(text[.signOut])</button></form>
            </header>
            """
        } ?? .empty
        let document: HTML = """
            <!doctype html>
            <html lang="\(text.language)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · ShopDesk</title>
            <link rel="stylesheet" href="/assets/app.css">
            <script src="/assets/app.js" defer></script>
            </head>
            <body>
            \(navigation)
            \(body)
            <dialog id="help"><h2>Keys</h2><dl>
            <dt>j / k</dt><dd>next / previous conversation</dd><dt>Enter</dt><dd>open it</dd><dt>r</dt><dd>reply</dd>
            <dt>e</dt><dd>resolve (or reopen)</dd><dt>/</dt><dd>search</dd><dt>?</dt><dd>this help</dd>
            </dl><form method="dialog"><button>OK</button></form></dialog>
            </body>
            </html>
            """
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        headers[.cacheControl] = "no-store"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: document.rendered)))
    }

    private static func fragment(_ html: HTML) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html.rendered))
        )
    }

    /// A count capped at 100 reads "99+".
    static func countLabel(_ count: Int) -> String {
        count >= 100 ? "99+" : String(count)
    }

    static func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    private static func asset(_ content: String, type: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=300", HTTPField.Name("X-Content-Type-Options")!: "nosniff"],
            body: .init(byteBuffer: ByteBuffer(string: content))
        )
    }

    /// The time left before a conversation's deadline; the page's script counts it down and colours it.
    private static func deadline(_ deadline: Date?, now: Date, text: WebText) -> HTML {
        guard let deadline else { return "<span class=\"deadline none\">\(text[.noDeadline])</span>" }
        let seconds = Int(deadline.timeIntervalSince(now))
        let level = seconds < 0 ? "late" : ConversationDeadline.isAtRisk(deadline, now: now) ? "soon" : "ok"
        let shown = seconds < 0 ? text[.overdue] : seconds >= 3600 ? "\(seconds / 3600)h \(seconds % 3600 / 60)m" : "\(seconds / 60)m \(seconds % 60)s"
        let millis = Int64((deadline.timeIntervalSince1970 * 1000).rounded())
        return "<time class=\"deadline \(level)\" data-deadline=\"\(millis)\" data-overdue=\"\(text[.overdue])\" data-soon=\"\(Int(ConversationDeadline.atRiskWithin))\" datetime=\"\(ISO8601DateFormatter().string(from: deadline))\">\(shown)</time>"
    }

    static func statusLabel(_ status: Conversation.Status, text: WebText) -> String {
        switch status {
        case .open: text[.open]
        case .pending: text[.pending]
        case .snoozed: text[.snoozed]
        case .resolved: text[.resolved]
        }
    }

    private static func clock(_ date: Date, zone: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone) ?? .gmt
        let parts = calendar.dateComponents([.month, .day, .hour, .minute], from: date)
        return String(format: "%02d/%02d %02d:%02d", parts.day ?? 0, parts.month ?? 0, parts.hour ?? 0, parts.minute ?? 0)
    }

    private static func attachment(_ attachment: Attachment) -> HTML {
        switch attachment.kind {
        case .image, .sticker:
            guard let url = HTML.safeURL(attachment.url) else { return "<p class=\"attachment\">[\(attachment.kind.rawValue)]</p>" }
            return "<img class=\"attachment \(attachment.kind.rawValue)\" src=\"\(url)\" alt=\"\(attachment.name ?? attachment.kind.rawValue)\" loading=\"lazy\" referrerpolicy=\"no-referrer\">"
        case .product, .order:
            return "<p class=\"card \(attachment.kind.rawValue)\">\(attachment.kind.rawValue) \(attachment.referenceID ?? "")</p>"
        default:
            return "<p class=\"attachment\">[\(attachment.kind.rawValue)]</p>"
        }
    }
}

/// Failed sign-ins per e-mail address: after 5 within 15 minutes, further attempts for that address
/// are refused until the window has passed (per node; a cluster multiplies the allowance by its size).
final class SignInLimiter: Sendable {
    static let limit = 5
    static let window: TimeInterval = 15 * 60
    private let failures = Mutex<[String: [Date]]>([:])

    func allows(_ email: String, now: Date) -> Bool {
        self.failures.withLock { failures in
            let recent = (failures[email] ?? []).filter { now.timeIntervalSince($0) < Self.window }
            failures[email] = recent.isEmpty ? nil : recent
            return recent.count < Self.limit
        }
    }

    func recordFailure(_ email: String, now: Date) {
        self.failures.withLock { failures in
            if failures.count > 10_000 { failures = failures.filter { $0.value.contains { now.timeIntervalSince($0) < Self.window } } }
            failures[email, default: []].append(now)
        }
    }

    func reset(_ email: String) {
        _ = self.failures.withLock { $0.removeValue(forKey: email) }
    }
}
