import Foundation

/// Wakes a service's loop early: `signal()` never waits, and a signal given while nobody is waiting is
/// kept for the next `wait()`, so a change that lands between a look and a sleep is never missed.
actor WakeSignal {
    private var waiter: CheckedContinuation<Void, Never>?
    private var pending = false

    nonisolated func signal() {
        Task { await self.fire() }
    }

    func fire() {
        if let waiter = self.waiter {
            self.waiter = nil
            waiter.resume()
        } else {
            self.pending = true
        }
    }

    /// Returns at the next signal (or at once for one already given), or on cancellation.
    func wait() async {
        if self.pending {
            self.pending = false
            return
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume()
                } else {
                    self.waiter = continuation
                }
            }
        } onCancel: {
            Task { await self.cancelWait() }
        }
    }

    /// Returns at the next signal or at wall time `due`, whichever comes first (or on cancellation).
    func wait(until due: Date?, clock: any Clock<Duration>, now: @escaping @Sendable () -> Date) async {
        await withTaskGroup(of: Void.self) { group in
            if let due {
                group.addTask { await clock.sleep(untilWallTime: due, now: now) }
            }
            group.addTask { await self.wait() }
            await group.next()
            group.cancelAll()
        }
    }

    private func cancelWait() {
        self.waiter?.resume()
        self.waiter = nil
    }
}

extension Clock where Duration == Swift.Duration {
    /// Sleeps until wall time `due` (or cancellation). The clock's instant is read before the wall time,
    /// so a clock that moves in between makes the sleep end early (the caller looks again), never late.
    func sleep(untilWallTime due: Date, now: @Sendable () -> Date) async {
        let instant = self.now
        let delay = due.timeIntervalSince(now())
        guard delay > 0 else { return }
        try? await self.sleep(until: instant.advanced(by: .milliseconds(Int64((delay * 1000).rounded(.up)))), tolerance: nil)
    }
}
