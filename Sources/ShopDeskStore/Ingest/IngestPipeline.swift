import Foundation
import Logging
import ServiceLifecycle
import ShopDeskCore
import Synchronization

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
/// delivery budget (and retrying anyway) for work the writer cannot commit in time.
public actor IngestPipeline: Service {
    /// What the writer reports after each committed batch (for metrics, realtime and tests).
    public struct BatchReport: Sendable {
        public var outcomes: [IngestOutcome]
        public var messageCount: Int
        public var duration: Duration
    }

    private struct Submission {
        var push: InboundPush
        var messageCount: Int
        var eventCount: Int
        var continuation: CheckedContinuation<PushReceipt, any Error>
    }

    private let store: SQLStore
    private let maxBatch: Int
    private let maxQueued: Int
    private var queuedEvents = 0 {
        didSet { self.waiting.store(self.queuedEvents, ordering: .relaxed) }
    }
    /// `queuedEvents`, readable without waiting for the actor.
    private let waiting = Atomic<Int>(0)
    private let now: @Sendable () -> Date
    private let afterCommit: @Sendable (BatchReport) -> Void
    private let logger: Logger
    private var queue: [Submission] = []
    private var wakeUp: CheckedContinuation<Void, Never>?
    private var accepting = true

    /// - Parameter afterCommit: called after each batch's transaction has committed and before any of
    ///   its callers is answered.
    /// - Parameter maxQueued: events that may wait for the writer; a push that would pass it is refused
    ///   (unless nothing waits, so that a push larger than the bound is still taken).
    public init(
        store: SQLStore, maxBatch: Int = 2000, maxQueued: Int = 100_000, now: @escaping @Sendable () -> Date = { Date() }, logger: Logger,
        afterCommit: @escaping @Sendable (BatchReport) -> Void = { _ in }
    ) {
        self.store = store
        self.maxBatch = maxBatch
        self.maxQueued = maxQueued
        self.now = now
        self.logger = logger
        self.afterCommit = afterCommit
    }

    /// Events accepted and not yet taken by the writer.
    var waitingEvents: Int { self.queuedEvents }

    /// Whether the queue is full now, read without waiting: the webhook route asks before it checks and
    /// decodes a push, so that a push to be refused costs as little as possible while the writer is
    /// behind. (`submit` decides; this is only the early answer.)
    public nonisolated var isFull: Bool {
        self.waiting.load(ordering: .relaxed) >= self.maxQueued
    }

    /// Stores everything `push` brought and returns once it is durable.
    public func submit(_ push: InboundPush) async throws -> PushReceipt {
        guard self.accepting else { throw IngestError.shuttingDown }
        if push.events.isEmpty { return PushReceipt(messages: [], changes: .none) }
        guard self.queue.isEmpty || self.queuedEvents + push.events.count <= self.maxQueued else { throw IngestError.overloaded }
        self.queuedEvents += push.events.count
        return try await withCheckedThrowingContinuation { continuation in
            let submission = Submission(push: push, messageCount: push.messages.count, eventCount: push.events.count, continuation: continuation)
            self.queue.append(submission)
            self.wakeUp?.resume()
            self.wakeUp = nil
        }
    }

    /// Stores `messages` and returns once they are durable, one result per message in order.
    public func submit(_ messages: [IncomingMessage]) async throws -> [Result<IngestOutcome, IngestError>] {
        try await self.submit(InboundPush(messages: messages)).messages
    }

    /// Writes batches until graceful shutdown or cancellation, then drains what was already accepted and returns.
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
            var batch: [Submission] = []
            var count = 0
            while let next = self.queue.first, batch.isEmpty || count + next.messageCount <= self.maxBatch {
                batch.append(self.queue.removeFirst())
                count += next.messageCount
                self.queuedEvents -= next.eventCount
            }
            await self.write(batch, messageCount: count)
        }
        for submission in self.queue {
            submission.continuation.resume(throwing: IngestError.shuttingDown)
        }
        self.queue.removeAll()
        self.queuedEvents = 0
    }

    private func write(_ batch: [Submission], messageCount: Int) async {
        let started = ContinuousClock.now
        do {
            let receipts = try await self.store.record(batch.map(\.push), receivedAt: self.now())
            let outcomes = receipts.flatMap { $0.messages.compactMap { try? $0.get() } }
            self.afterCommit(BatchReport(outcomes: outcomes, messageCount: messageCount, duration: ContinuousClock.now - started))
            for (submission, receipt) in zip(batch, receipts) {
                submission.continuation.resume(returning: receipt)
            }
        } catch {
            self.logger.error("ingest batch failed", metadata: ["pushes": "\(batch.count)", "error": "\(String(reflecting: error))"])
            guard batch.count > 1 else {
                batch[0].continuation.resume(throwing: error)
                return
            }
            // One push that cannot be stored must not fail the others it was batched with.
            for submission in batch {
                await self.write([submission], messageCount: submission.messageCount)
            }
        }
    }
}
