import Synchronization

/// Bounds the pushes in flight (being read, checked, queued or written) before any of their work is
/// done: past `limit`, a push is refused at once (503 with `Retry-After`) without reading its body. The
/// ingest queue's own bound refuses what it cannot write in time; this one keeps the work of reading
/// and checking pushes that would be refused anyway from slowing the ones that are taken.
final class PushGate: Sendable {
    let limit: Int
    private let inFlight = Atomic<Int>(0)

    init(limit: Int) {
        self.limit = limit
    }

    /// Takes a place, or says there is none; a place taken must be given back with `leave`.
    func enter() -> Bool {
        let taken = self.inFlight.add(1, ordering: .acquiringAndReleasing).newValue
        if taken > self.limit {
            self.inFlight.subtract(1, ordering: .relaxed)
            return false
        }
        return true
    }

    func leave() {
        self.inFlight.subtract(1, ordering: .relaxed)
    }
}
