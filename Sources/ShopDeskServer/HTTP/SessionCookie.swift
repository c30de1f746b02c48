import Foundation

/// The session cookie as the API's sign-in and the web pages' both set it.
struct SessionCookie: Sendable {
    static let name = "shopdesk_session"

    var lifetime: TimeInterval
    /// Set when ShopDesk is served over HTTPS.
    var secure: Bool

    /// The `Set-Cookie` value for a session (or, with nil, one that ends it).
    func header(_ session: String?) -> String {
        var cookie = "\(Self.name)=\(session ?? ""); Path=/; HttpOnly; SameSite=Lax; Max-Age=\(session == nil ? 0 : Int(self.lifetime))"
        if self.secure { cookie += "; Secure" }
        return cookie
    }
}
