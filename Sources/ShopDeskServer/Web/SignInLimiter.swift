import Foundation
import Synchronization

/// Failed sign-ins per e-mail address: after 5 within 15 minutes, further attempts for that address
/// are refused until the window has passed (per node; a cluster multiplies the allowance by its size).
final class SignInLimiter: Sendable {
    static let limit = 5
    static let window: TimeInterval = 15 * 60
    private let failures = Mutex<[String: [Date]]>([:])

    func allows(_ email: String, now: Date) -> Bool {
        self.failures.withLock { failures in
            let recent = (failures[email] ?? []).filter { now.timeIntervalSince($0) < Self.window }
            failures[email] = recent.isEmpty ? nil : recent
            return recent.count < Self.limit
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
