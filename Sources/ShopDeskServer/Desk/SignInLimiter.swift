import Foundation
import Synchronization

/// Failed sign-ins per e-mail address, through the API and the web form alike: after 5 within 15
/// minutes, further attempts for that address are refused until the oldest leaves the window (per
/// node; a cluster multiplies the allowance by its size).
final class SignInLimiter: Sendable {
    static let limit = 5
    static let window: TimeInterval = 15 * 60
    private let failures = Mutex<[String: [Date]]>([:])

    /// nil when a sign-in for `email` may be tried now, else the seconds until it may.
    func waitBeforeTrying(_ email: String, now: Date) -> Int? {
        self.failures.withLock { failures in
            let recent = (failures[email] ?? []).filter { now.timeIntervalSince($0) < Self.window }
            failures[email] = recent.isEmpty ? nil : recent
            guard recent.count >= Self.limit, let oldest = recent.min() else { return nil }
            return max(1, Int((Self.window - now.timeIntervalSince(oldest)).rounded(.up)))
        }
    }

    func recordFailure(_ email: String, now: Date) {
        self.failures.withLock { failures in
            if failures.count > 10_000 { failures = failures.filter { $0.value.contains { now.timeIntervalSince($0) < Self.window } } }
            failures[email, default: []].append(now)
        }
    }

    func reset(_ email: String) {
        _ = self.failures.withLock { $0.removeValue(forKey: email) }
    }
}
