import Foundation
import HTTPTypes
import Hummingbird
import ShopDeskStore

/// The sign-in form. Before sign-in there is no session to derive a CSRF token from, so the form's token
/// is also set as a cookie (double submit) that only this path reads.
enum SignInView {
    static let csrfCookie = "shopdesk_csrf"

    /// The sign-in form, or (`resetting`) the form that sets a new password with an owner's reset code.
    /// `notice` is good news (the new password is set), `error` bad.
    static func render(
        _ request: Request, error: String?, notice: String? = nil, resetting: Bool = false, status: HTTPResponse.Status, secureCookies: Bool
    ) -> Response {
        let text = WebText(acceptLanguage: request.headers[.acceptLanguage])
        let token = request.cookies[Self.csrfCookie]?.value ?? TokenHasher.makeToken(prefix: "")
        let fields: HTML =
            resetting
            ? """
            <h2>\(text[.resetTitle])</h2>
            <label>\(text[.email]) <input type="email" name="email" autocomplete="username" required autofocus></label>
            <label>\(text[.resetCode]) <input name="code" autocomplete="one-time-code" required maxlength="64"></label>
            <label>\(text[.newPassword]) <input type="password" name="password" autocomplete="new-password" required minlength="8"></label>
            <button type="submit">\(text[.resetTitle])</button>
            """
            : """
            <label>\(text[.email]) <input type="email" name="email" autocomplete="username" required autofocus></label>
            <label>\(text[.password]) <input type="password" name="password" autocomplete="current-password" required></label>
            <button type="submit">\(text[.signIn])</button>
            """
        let body: HTML = """
            <main class="sign-in">
            <h1>ShopDesk</h1>
            <form method="post" action="\(resetting ? "/login/reset" : "/login")">
            \(error.map { "<p class=\"error\" role=\"alert\">\($0)</p>" as HTML } ?? .empty)
            \(notice.map { "<p class=\"notice\" role=\"status\">\($0)</p>" as HTML } ?? .empty)
            <input type="hidden" name="csrf" value="\(token)">
            \(fields)
            </form>
            \(resetting ? .empty : "<p><a href=\"/login/reset\">\(text[.haveResetCode])</a></p>" as HTML)
            </main>
            """
        var response = WebPage.page(title: resetting ? text[.resetTitle] : text[.signIn], text: text, signedIn: nil, body: body, status: status)
        var cookie = "\(Self.csrfCookie)=\(token); Path=/login; HttpOnly; SameSite=Strict; Max-Age=3600"
        if secureCookies || SessionCookie.overHTTPS(request.headers) { cookie += "; Secure" }
        response.headers[.setCookie] = cookie
        return response
    }
}
