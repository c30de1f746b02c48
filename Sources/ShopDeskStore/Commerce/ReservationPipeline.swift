import Foundation
import Logging
import ServiceLifecycle
import ShopDeskCore

/// The single writer of checkout reservations, with group commit, as the ingest writer is for pushes:
/// checkouts from every connection queue here, the writer takes everything queued (up to `maxBatch`),
/// holds each in its own savepoint of one transaction (`SQLStore.reserve(_:)`), and answers each caller
/// only after the commit. A livestream burst on one hot SKU so costs one durable flush per batch, not
/// one per checkout, and no caller is told "held" before it is on disk.
public actor ReservationPipeline: Service {
    private struct Waiting {
        var request: ReservationRequest
        var continuation: CheckedContinuation<(reservation: Reservation, created: Bool), any Error>
    }

    private let store: SQLStore
    private let maxBatch: Int
    private let logger: Logger
    private var queue: [Waiting] = []
    private var wakeUp: CheckedContinuation<Void, Never>?
    private var accepting = true

    public init(store: SQLStore, maxBatch: Int = 500, logger: Logger) {
        self.store = store
        self.maxBatch = maxBatch
        self.logger = logger
    }

    /// Holds the checkout and returns once it is durable (or why it could not be held).
    public func submit(_ request: ReservationRequest) async throws -> (reservation: Reservation, created: Bool) {
        guard self.accepting else { throw IngestError.shuttingDown }
        return try await withCheckedThrowingContinuation { continuation in
            self.queue.append(Waiting(request: request, continuation: continuation))
            self.wakeUp?.resume()
            self.wakeUp = nil
        }
    }

    /// Writes batches until graceful shutdown or cancellation, then finishes what was already queued.
    public func run() async throws {
        await withTaskCancellationOrGracefulShutdownHandler {
            await self.writeLoop()
        } onCancelOrGracefulShutdown: {
            Task { await self.stopAccepting() }
        }
    }

    private func stopAccepting() {
        self.accepting = false
        self.wakeUp?.resume()
        self.wakeUp = nil
    }

    private func writeLoop() async {
        while true {
            if self.queue.isEmpty {
                if !self.accepting || Task.isCancelled { break }
                await withCheckedContinuation { self.wakeUp = $0 }
                continue
            }
            let batch = Array(self.queue.prefix(self.maxBatch))
            self.queue.removeFirst(batch.count)
            do {
                let results = try await self.store.reserve(batch.map(\.request))
                for (waiting, result) in zip(batch, results) { waiting.continuation.resume(with: result) }
            } catch {
                // The batch's transaction failed as a whole (the database was away): each caller hears
                // it; their Idempotency-Key makes a retry safe.
                self.logger.error("cannot write reservations", metadata: ["count": "\(batch.count)", "error": "\(String(reflecting: error))"])
                for waiting in batch { waiting.continuation.resume(throwing: error) }
            }
        }
    }
}
