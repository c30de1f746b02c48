import Foundation
import HTTPTypes
import Hummingbird
import ShopDeskStore

/// The sign-in form. Before sign-in there is no session to derive a CSRF token from, so the form's token
/// is also set as a cookie (double submit) that only this path reads.
enum SignInView {
    static let csrfCookie = "shopdesk_csrf"

    static func render(_ request: Request, error: String?, status: HTTPResponse.Status, secureCookies: Bool) -> Response {
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
        var response = WebPage.page(title: text[.signIn], text: text, signedIn: nil, body: body, status: status)
        var cookie = "\(Self.csrfCookie)=\(token); Path=/login; HttpOnly; SameSite=Strict; Max-Age=3600"
        if secureCookies || SessionCookie.overHTTPS(request.headers) { cookie += "; Secure" }
        response.headers[.setCookie] = cookie
        return response
    }
}
