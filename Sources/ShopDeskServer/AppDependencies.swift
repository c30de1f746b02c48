import Foundation
import Prometheus

/// What the routes are built from, made once in `buildApplication`.
struct AppDependencies: Sendable {
    /// The desk's actions, which every route calls.
    var desk: Desk
    var metrics: ServerMetrics
    var sessionCookie: SessionCookie
    /// Proxies whose `X-Forwarded-For` names the client (`SHOPDESK_TRUSTED_PROXIES`).
    var trustedProxies: Set<String> = []
}
