import Foundation
import HTTPTypes

/// The session cookie as the API's sign-in and the web pages' both set it.
struct SessionCookie: Sendable {
    static let name = "shopdesk_session"

    var lifetime: TimeInterval
    /// Always mark cookies `Secure` (`SHOPDESK_SECURE_COOKIES`); they are also marked so whenever the
    /// request came over HTTPS.
    var secure: Bool

    /// The `Set-Cookie` value for a session (or, with nil, one that ends it).
    func header(_ session: String?, overHTTPS: Bool) -> String {
        var cookie = "\(Self.name)=\(session ?? ""); Path=/; HttpOnly; SameSite=Lax; Max-Age=\(session == nil ? 0 : Int(self.lifetime))"
        if self.secure || overHTTPS { cookie += "; Secure" }
        return cookie
    }

    /// Whether the browser reached ShopDesk over HTTPS, as the TLS-terminating proxy in front says
    /// (`X-Forwarded-Proto` or `Forwarded`). A client that claims it falsely only gets a stricter cookie.
    static func overHTTPS(_ headers: HTTPFields) -> Bool {
        if let proto = headers[HTTPField.Name("X-Forwarded-Proto")!],
            proto.split(separator: ",").first?.trimmingCharacters(in: .whitespaces).lowercased() == "https"
        {
            return true
        }
        return headers[HTTPField.Name("Forwarded")!]?.lowercased().contains("proto=https") ?? false
    }
}
