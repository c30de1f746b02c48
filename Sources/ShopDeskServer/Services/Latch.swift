import Foundation

/// Holds back whoever waits until it is opened, once; afterwards nobody waits. Services that read the
/// database wait on one until the migrations have run. A waiter that is cancelled (the server stops
/// before it started) is let go.
actor Latch {
    private var opened: Bool
    private var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]

    init(opened: Bool = false) {
        self.opened = opened
    }

    nonisolated func open() {
        Task { await self.release() }
    }

    func wait() async {
        guard !self.opened else { return }
        let id = UUID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled || self.opened {
                    continuation.resume()
                } else {
                    self.waiters[id] = continuation
                }
            }
        } onCancel: {
            Task { await self.letGo(id) }
        }
    }

    private func release() {
        self.opened = true
        for waiter in self.waiters.values { waiter.resume() }
        self.waiters.removeAll()
    }

    private func letGo(_ id: UUID) {
        self.waiters.removeValue(forKey: id)?.resume()
    }
}
