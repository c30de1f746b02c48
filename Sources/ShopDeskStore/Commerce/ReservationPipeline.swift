import Foundation
import Logging
import ServiceLifecycle
import ShopDeskCore

/// The single writer of checkout reservations, with group commit as for pushes (`GroupCommitWriter`):
/// the writer holds each batch of checkouts in one transaction, every checkout in a savepoint of its own
/// (`SQLStore.reserve(_:)`), and answers each caller only after the commit. A livestream burst on one
/// hot SKU so costs one durable flush per batch, not one per checkout.
public final class ReservationPipeline: Service, Sendable {
    /// What the writer reports after each batch it wrote (for metrics): how many checkouts, and how long
    /// the transaction took from its start to its commit, flush included.
    public struct BatchReport: Sendable {
        public var checkouts: Int
        public var duration: Duration
    }

    private let writer: GroupCommitWriter<ReservationRequest, (reservation: Reservation, created: Bool)>

    /// - Parameter afterCommit: called after each batch's transaction has committed and before any of
    ///   its callers is answered.
    public init(store: SQLStore, maxBatch: Int = 500, logger: Logger, afterCommit: @escaping @Sendable (BatchReport) -> Void = { _ in }) {
        self.writer = GroupCommitWriter(
            maxBatch: maxBatch, batchWeight: { _ in 1 }, overloaded: IngestError.overloaded, shuttingDown: IngestError.shuttingDown,
            write: { requests in
                do {
                    let started = ContinuousClock.now
                    let results = try await store.reserve(requests)
                    afterCommit(BatchReport(checkouts: requests.count, duration: ContinuousClock.now - started))
                    return results
                } catch {
                    // The batch's transaction failed as a whole (the database was away): each caller
                    // hears it, and their Idempotency-Key makes a retry safe.
                    logger.error("cannot write reservations", metadata: ["count": "\(requests.count)", "error": "\(String(reflecting: error))"])
                    return requests.map { _ in .failure(error) }
                }
            })
    }

    /// Holds the checkout and returns once it is durable (or why it could not be held).
    public func submit(_ request: ReservationRequest) async throws -> (reservation: Reservation, created: Bool) {
        try await self.writer.submit(request)
    }

    /// Writes batches until graceful shutdown or cancellation, then finishes what was already queued.
    public func run() async throws {
        try await self.writer.run()
    }
}
