import Foundation
import Synchronization

/// Who is trying to sign in (or to use a reset code): the account's e-mail address and, when known, the
/// network address the attempt came from.
struct SignInAttempt: Sendable {
    var email: String
    var clientAddress: String?
}

/// Failed sign-ins and reset codes, through the API and the web form alike, counted per account and per
/// client address: after 5 failures for one e-mail within 15 minutes, or 20 from one address (a shop's
/// agents may share one address, so it gets more), further attempts are refused until the oldest failure
/// leaves the window. Per node; a cluster multiplies the allowance by its size.
final class SignInLimiter: Sendable {
    static let accountLimit = 5
    static let addressLimit = 20
    static let window: TimeInterval = 15 * 60
    private let failures = Mutex<[String: [Date]]>([:])

    /// nil when the attempt may be tried now, else the seconds until it may.
    func waitBeforeTrying(_ attempt: SignInAttempt, now: Date) -> Int? {
        self.failures.withLock { failures in
            Self.keys(of: attempt).compactMap { key, limit in
                let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < Self.window }
                failures[key] = recent.isEmpty ? nil : recent
                guard recent.count >= limit, let oldest = recent.min() else { return nil }
                return max(1, Int((Self.window - now.timeIntervalSince(oldest)).rounded(.up)))
            }.max()
        }
    }

    func recordFailure(_ attempt: SignInAttempt, now: Date) {
        self.failures.withLock { failures in
            if failures.count > 10_000 { failures = failures.filter { $0.value.contains { now.timeIntervalSince($0) < Self.window } } }
            for (key, _) in Self.keys(of: attempt) { failures[key, default: []].append(now) }
        }
    }

    /// A success clears the account's count; the address's stays, so one good password does not open
    /// the way for guesses at other accounts.
    func succeeded(_ attempt: SignInAttempt) {
        _ = self.failures.withLock { $0.removeValue(forKey: "account " + attempt.email) }
    }

    private static func keys(of attempt: SignInAttempt) -> [(key: String, limit: Int)] {
        [("account " + attempt.email, Self.accountLimit)] + (attempt.clientAddress.map { [("address " + $0, Self.addressLimit)] } ?? [])
    }
}
