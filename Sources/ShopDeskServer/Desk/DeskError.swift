import ShopDeskCore

/// Why the desk refused an action, in the desk's own terms. The edges translate it once
/// (`HTTPProblem`): the API into `{"error":{"code","message"}}`, the web pages into a page.
/// The store's `StoreError`, Core's `ValidationError` and ingest's `IngestError` pass through as they are.
enum DeskError: Error, Sendable {
    /// No valid session or token, or a wrong e-mail or password.
    case notSignedIn(String)
    /// Signed in, but the agent's role does not allow it.
    case notAllowed(String)
    case notFound(String)
    /// A request that cannot be read (a query value out of range, a missing body).
    case malformed(String)
    /// A request that was read but cannot be carried out as asked.
    case invalid(String)
    /// The compliance guard blocked a reply; the result says where and why.
    case complianceBlocked(ComplianceResult, message: String)
    /// The compliance guard warned about a reply; sending it again with the override sends it.
    case complianceWarning(ComplianceResult, message: String)
    /// Too many failed sign-ins for this e-mail address; the next try is worth making after `retryAfter` seconds.
    case tooManyAttempts(retryAfter: Int)
    /// The server is shutting down; the same request later will do.
    case unavailable

    static let signInRequired = DeskError.notSignedIn("sign in or send a valid API token")
}
