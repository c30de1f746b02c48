import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ShopDeskCore
import ShopDeskStore

/// What every web page shares: the document around a page's body (header, language chooser, help),
/// the security headers, CSRF tokens, form decoding, and the error page.
///
/// Everything from buyers or platforms goes through `HTML`, which escapes it, and every page is served
/// with a Content-Security-Policy that allows no inline script, so buyer content can neither become
/// markup nor run.
enum WebPage {
    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: http:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    /// The CSRF token of a session: derived from the session token, which only the agent's browser holds.
    static func csrfToken(session: String) -> String {
        TokenHasher.hash("csrf:" + session)
    }

    /// The hidden field every signed-in form carries.
    static func csrfField(session: String) -> HTML {
        "<input type=\"hidden\" name=\"csrf\" value=\"\(Self.csrfToken(session: session))\">"
    }

    /// The largest form read: a reply of 20,000 Thai or Chinese characters is about 180 KB percent-encoded.
    static let maxFormBytes = 256 << 10

    static func form<Form: Decodable>(_ type: Form.Type, from request: Request, maxBytes: Int = Self.maxFormBytes) async throws -> Form {
        var request = request
        let buffer = try await request.collectBody(upTo: maxBytes)
        do {
            return try URLEncodedFormDecoder().decode(Form.self, from: String(buffer: buffer))
        } catch {
            throw HTTPProblem.badRequest("the form could not be read")
        }
    }

    /// A whole page; `signedIn` adds the header with navigation, language chooser and sign-out.
    static func page(title: String, text: WebText, signedIn: (agent: Agent, session: String)?, body: HTML, status: HTTPResponse.Status) -> Response {
        let navigation: HTML =
            signedIn.map { agent, session in
                """
                <header class="top"><a href="/" class="brand">ShopDesk</a>
                <nav><a href="/">\(text[.inbox])</a> <a href="/dashboard">\(text[.serviceLevels])</a> <a href="/templates">\(text[.templates])</a> <a href="/orders">\(text[.orders])</a> <a href="/catalog">\(text[.catalog])</a>\(agent.role >= .admin ? " <a href=\"/agents\">\(text[.agents])</a>" as HTML : .empty)</nav>
                \(Self.languageChooser(text, session: session))
                <form method="post" action="/logout">\(Self.csrfField(session: session))<span class="who">\(agent.name)</span> <button type="submit">\(text[.signOut])</button></form>
                </header>
                """
            } ?? .empty
        let document: HTML = """
            <!doctype html>
            <html lang="\(text.language)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(text.format(.pageTitle, ["page": title]))</title>
            <link rel="stylesheet" href="/assets/app.css">
            <script src="/assets/app.js" defer></script>
            </head>
            <body \(Self.wordsForScript(text))>
            \(navigation)
            \(body)
            <dialog id="help"><h2>\(text[.keyboardShortcuts])</h2><dl>
            <dt><kbd>j</kbd> / <kbd>k</kbd></dt><dd>\(text[.helpNextPrevious])</dd><dt><kbd>\(text[.keyEnter])</kbd></dt><dd>\(text[.helpOpen])</dd>
            <dt><kbd>r</kbd></dt><dd>\(text[.helpReply])</dd><dt><kbd>e</kbd></dt><dd>\(text[.helpResolve])</dd>
            <dt><kbd>/</kbd></dt><dd>\(text[.helpSearch])</dd><dt><kbd>?</kbd></dt><dd>\(text[.helpHelp])</dd>
            </dl><form method="dialog"><button>\(text[.ok])</button></form></dialog>
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

    /// The page for an error, in the browser's language; never raw JSON, and never the problem's own
    /// message, which is written for API clients in English: a sentence per status instead.
    static func errorPage(_ problem: HTTPProblem, acceptLanguage: String?) -> Response {
        let text = WebText(acceptLanguage: acceptLanguage)
        let heading = text.format(.errorHeading, ["code": String(problem.status.code)])
        let body: HTML = """
            <main class="error"><h1>\(heading)</h1>
            <p role="alert">\(text[Self.errorSentence(problem.status)])</p><p><a href="/">\(text[.back])</a></p></main>
            """
        var response = Self.page(title: heading, text: text, signedIn: nil, body: body, status: problem.status)
        response.headers.append(contentsOf: problem.headers)
        return response
    }

    static func errorSentence(_ status: HTTPResponse.Status) -> WebText.Key {
        switch status {
        case .badRequest: .errorBadRequest
        case .unauthorized: .errorUnauthorized
        case .forbidden: .errorForbidden
        case .notFound: .errorNotFound
        case .methodNotAllowed: .errorMethodNotAllowed
        case .conflict: .errorConflict
        case .contentTooLarge: .errorTooLarge
        case .unprocessableContent: .errorInvalid
        case .tooManyRequests: .tooManyAttempts
        case .serviceUnavailable: .errorUnavailable
        default: status.code < 500 ? .errorBadRequest : .errorInternal
        }
    }

    /// The language chooser in the header: each language named in itself (and marked as such), so an
    /// agent finds theirs whatever the page's language.
    static func languageChooser(_ text: WebText, session: String) -> HTML {
        let options = HTML.joined(
            WebText.languages.map { language in
                "<option value=\"\(language)\" lang=\"\(language)\"\(language == text.language ? " selected" as HTML : .empty)>\(WebText.names[language] ?? language)</option>"
                    as HTML
            })
        return """
            <form method="post" action="/settings/language" class="language">\(Self.csrfField(session: session))<label><select name="language" aria-label="\(text[.language])">\(options)</select></label> <button type="submit">\(text[.ok])</button></form>
            """
    }

    static func fragment(_ html: HTML) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html.rendered))
        )
    }

    static func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    static func asset(_ content: String, type: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=300", HTTPField.Name("X-Content-Type-Options")!: "nosniff"],
            body: .init(byteBuffer: ByteBuffer(string: content))
        )
    }
}
