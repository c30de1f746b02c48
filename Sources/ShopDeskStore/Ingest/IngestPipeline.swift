import Foundation
import Logging
import ServiceLifecycle
import ShopDeskCore

/// The single writer of what platforms push, with group commit.
///
/// Pushes from every connection queue here; the writer takes everything queued (up to `maxBatch`
/// messages), stores it in one transaction, and only then answers each caller. A durable SQLite commit
/// costs a disk flush, so one flush per batch instead of per push is what makes high rates possible,
/// while no caller is acknowledged before its push is on disk. A push is never split: all its events
/// are in the batch's transaction, or, when that fails, none of them.
///
/// The queue is bounded (`maxQueued` events waiting): past it a push is refused at once with
/// `IngestError.overloaded`, so that a platform delivers it again later instead of waiting past its
/// delivery budget (and retrying anyway) for work the writer cannot commit in time. The queue and the
/// writer are `GroupCommitWriter`'s, shared with checkouts.
public final class IngestPipeline: Service, Sendable {
    /// What the writer reports after each committed batch (for metrics, realtime and tests).
    public struct BatchReport: Sendable {
        public var outcomes: [IngestOutcome]
        public var messageCount: Int
        public var duration: Duration
    }

    private let writer: GroupCommitWriter<InboundPush, PushReceipt>

    /// - Parameter afterCommit: called after each batch's transaction has committed and before any of
    ///   its callers is answered.
    /// - Parameter maxQueued: events that may wait for the writer; a push that would pass it is refused
    ///   (unless nothing waits, so that a push larger than the bound is still taken).
    public init(
        store: SQLStore, maxBatch: Int = 2000, maxQueued: Int = 100_000, now: @escaping @Sendable () -> Date = { Date() }, logger: Logger,
        afterCommit: @escaping @Sendable (BatchReport) -> Void = { _ in }
    ) {
        self.writer = GroupCommitWriter(
            maxBatch: maxBatch, batchWeight: { $0.messages.count }, maxQueued: maxQueued, queueWeight: { $0.events.count },
            overloaded: IngestError.overloaded, shuttingDown: IngestError.shuttingDown,
            write: { pushes in await Self.write(pushes, store: store, now: now, logger: logger, afterCommit: afterCommit) })
    }

    /// Events accepted and not yet taken by the writer.
    var waitingEvents: Int {
        get async { await self.writer.waitingWeight }
    }

    /// Whether the queue is full now, read without waiting: the webhook route asks before it checks and
    /// decodes a push, so that a push to be refused costs as little as possible while the writer is
    /// behind. (`submit` decides; this is only the early answer.)
    public nonisolated var isFull: Bool { self.writer.isFull }

    /// Stores everything `push` brought and returns once it is durable.
    public func submit(_ push: InboundPush) async throws -> PushReceipt {
        if push.events.isEmpty { return PushReceipt(messages: [], changes: .none) }
        return try await self.writer.submit(push)
    }

    /// Stores `messages` and returns once they are durable, one result per message in order.
    public func submit(_ messages: [IncomingMessage]) async throws -> [Result<IngestOutcome, IngestError>] {
        try await self.submit(InboundPush(messages: messages)).messages
    }

    /// Writes batches until graceful shutdown or cancellation, then drains what was already accepted and returns.
    public func run() async throws {
        try await self.writer.run()
    }

    /// One batch in one transaction. When it fails, each push is written alone, so that one push that
    /// cannot be stored does not fail the others it was batched with.
    private static func write(
        _ pushes: [InboundPush], store: SQLStore, now: @Sendable () -> Date, logger: Logger, afterCommit: @Sendable (BatchReport) -> Void
    ) async -> [Result<PushReceipt, any Error>] {
        let started = ContinuousClock.now
        do {
            let receipts = try await store.record(pushes, receivedAt: now())
            let outcomes = receipts.flatMap { $0.messages.compactMap { try? $0.get() } }
            let messageCount = pushes.reduce(0) { $0 + $1.messages.count }
            afterCommit(BatchReport(outcomes: outcomes, messageCount: messageCount, duration: ContinuousClock.now - started))
            return receipts.map { .success($0) }
        } catch {
            logger.error("ingest batch failed", metadata: ["pushes": "\(pushes.count)", "error": "\(String(reflecting: error))"])
            guard pushes.count > 1 else { return [.failure(error)] }
            var results: [Result<PushReceipt, any Error>] = []
            for push in pushes {
                results += await Self.write([push], store: store, now: now, logger: logger, afterCommit: afterCommit)
            }
            return results
        }
    }
}
