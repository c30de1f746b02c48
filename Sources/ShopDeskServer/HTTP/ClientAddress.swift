import Foundation

/// The network address a request came from, for throttling sign-ins: the connection's peer or, when
/// the peer is a proxy the operator named in `SHOPDESK_TRUSTED_PROXIES`, the right-most address in
/// `X-Forwarded-For` that is not one of the trusted proxies (the one the nearest trusted proxy saw).
/// A client cannot choose its address by sending the header itself: from an untrusted peer the header
/// is ignored.
enum ClientAddress {
    static func resolve(peer: String?, forwardedFor: String?, trustedProxies: Set<String>) -> String? {
        guard let peer, trustedProxies.contains(peer), let forwardedFor else { return peer }
        let hops = forwardedFor.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return hops.last { !trustedProxies.contains($0) } ?? peer
    }
}
