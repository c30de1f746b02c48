import Foundation
import HTTPTypes
import Hummingbird
import ShopDeskCore
import ShopDeskStore

/// What a request presented to prove who it is, and its raw body where a signature covers it.
///
/// The generated OpenAPI handlers receive only the operation's declared input, not the Hummingbird
/// request, so this request-scoped value travels to them as a task-local set by
/// `RequestCredentialsMiddleware`. Handlers never read it directly: they call `authenticate`, which asks
/// the desk and gets an `AuthenticatedAgent`, the type that says "signed in".
struct RequestCredentials: Sendable {
    @TaskLocal static var current = RequestCredentials()

    var bearerToken: String?
    var sessionToken: String?
    /// The exact bytes of the body, kept only for routes whose body is signed.
    var rawBody: [UInt8]?
    /// The request came over HTTPS (through the proxy in front), so cookies set now are `Secure`.
    var overHTTPS = false
    /// Where the request came from (`ClientAddress`), for throttling sign-ins per address.
    var clientAddress: String?
}

/// Reads the session cookie and bearer token into `RequestCredentials.current`, and keeps the raw body
/// of signed inbound-message routes.
struct RequestCredentialsMiddleware<Context: RemoteAddressRequestContext>: RouterMiddleware {
    /// Larger bodies are refused before they are read into memory.
    let maxSignedBody = 1 << 20
    /// Proxies whose `X-Forwarded-For` is believed.
    var trustedProxies: Set<String> = []

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var credentials = RequestCredentials()
        if let authorization = request.headers[.authorization] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" {
                credentials.bearerToken = String(parts[1]).trimmingCharacters(in: .whitespaces)
            }
        }
        credentials.sessionToken = request.cookies[SessionCookie.name]?.value
        credentials.overHTTPS = SessionCookie.overHTTPS(request.headers)
        credentials.clientAddress = ClientAddress.resolve(
            peer: context.remoteAddress?.ipAddress, forwardedFor: request.headers[HTTPField.Name("X-Forwarded-For")!],
            trustedProxies: self.trustedProxies)
        var request = request
        if request.method == .post, Self.isSignedMessageRoute(request.uri.path) {
            let buffer = try await request.collectBody(upTo: self.maxSignedBody)
            credentials.rawBody = Array(buffer: buffer)
        }
        var response = try await RequestCredentials.$current.withValue(credentials) {
            try await next(request, context)
        }
        // The OpenAPI runtime percent-encodes header values; a cookie must go out exactly as written.
        if let cookie = response.headers[.setCookie], cookie.contains("%3D"), let decoded = cookie.removingPercentEncoding {
            response.headers[.setCookie] = decoded
        }
        return response
    }

    /// `POST /api/v1/channels/{id}/messages` and `…/orders`: the custom channel's signed inbound
    /// messages and orders.
    static func isSignedMessageRoute(_ path: String) -> Bool {
        let parts = path.split(separator: "/")
        return parts.count == 5 && parts[0] == "api" && parts[1] == "v1" && parts[2] == "channels"
            && (parts[4] == "messages" || parts[4] == "orders")
    }
}
