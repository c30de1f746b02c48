import Hummingbird
import ShopDeskCore

/// Finds the agent behind the session cookie for the signed-in pages, so that their context
/// (`SignedInContext`) always has one. Without a valid session a page sends the browser to sign in, and
/// a fragment or event stream (which the page's script reads) answers 401.
struct WebSessionMiddleware: RouterMiddleware {
    typealias Context = ShopDeskRequestContext

    enum SignedOut: Sendable {
        case redirectToSignIn
        case unauthorized
    }

    let desk: Desk
    let signedOut: SignedOut

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let session = request.cookies[SessionCookie.name]?.value, !session.isEmpty {
            do {
                context.signedIn = try await self.desk.authenticate(bearerToken: nil, sessionToken: session)
            } catch DeskError.notSignedIn {
                // An expired or unknown session: signed out.
            }
        }
        guard context.signedIn != nil else {
            switch self.signedOut {
            case .redirectToSignIn: return WebPage.redirect(to: "/login")
            case .unauthorized: return Response(status: .unauthorized)
            }
        }
        return try await next(request, context)
    }
}

/// Refuses a signed-in form whose CSRF token is not the one derived from the agent's session: another
/// site can make the browser post, but can neither read nor compute the token.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = SignedInContext

    private struct TokenForm: Decodable {
        var csrf: String?
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post else { return try await next(request, context) }
        var request = request
        _ = try await request.collectBody(upTo: WebPage.maxFormBytes)
        let form = try await WebPage.form(TokenForm.self, from: request)
        guard form.csrf == WebPage.csrfToken(session: context.session) else {
            throw HTTPProblem(status: .forbidden, code: "forbidden", message: "The form expired. Reload the page and try again.")
        }
        return try await next(request, context)
    }
}
