import Foundation
import Logging
import ServiceLifecycle
import ShopDeskCore

/// The single writer of incoming messages, with group commit.
///
/// Requests from every connection queue here; the writer takes everything queued (up to `maxBatch`
/// messages), stores it in one transaction, and only then answers each caller. A durable SQLite commit
/// costs a disk flush, so one flush per batch instead of per message is what makes high rates possible,
/// while no caller is acknowledged before its messages are on disk.
public actor IngestPipeline: Service {
    /// What the writer reports after each committed batch (for metrics, realtime and tests).
    public struct BatchReport: Sendable {
        public var outcomes: [IngestOutcome]
        public var messageCount: Int
        public var duration: Duration
    }

    private struct Submission {
        var messages: [IncomingMessage]
        var continuation: CheckedContinuation<[Result<IngestOutcome, IngestError>], any Error>
    }

    private let store: SQLStore
    private let maxBatch: Int
    private let now: @Sendable () -> Date
    private let afterCommit: @Sendable (BatchReport) -> Void
    private let logger: Logger
    private var queue: [Submission] = []
    private var wakeUp: CheckedContinuation<Void, Never>?
    private var accepting = true

    /// - Parameter afterCommit: called after each batch's transaction has committed and before any of
    ///   its callers is answered.
    public init(
        store: SQLStore, maxBatch: Int = 2000, now: @escaping @Sendable () -> Date = { Date() }, logger: Logger,
        afterCommit: @escaping @Sendable (BatchReport) -> Void = { _ in }
    ) {
        self.store = store
        self.maxBatch = maxBatch
        self.now = now
        self.logger = logger
        self.afterCommit = afterCommit
    }

    /// Stores `messages` and returns once they are durable, one result per message in order.
    public func submit(_ messages: [IncomingMessage]) async throws -> [Result<IngestOutcome, IngestError>] {
        guard self.accepting else { throw IngestError.shuttingDown }
        if messages.isEmpty { return [] }
        return try await withCheckedThrowingContinuation { continuation in
            self.queue.append(Submission(messages: messages, continuation: continuation))
            self.wakeUp?.resume()
            self.wakeUp = nil
        }
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
            while let next = self.queue.first, batch.isEmpty || count + next.messages.count <= self.maxBatch {
                batch.append(self.queue.removeFirst())
                count += next.messages.count
            }
            await self.write(batch, messageCount: count)
        }
        for submission in self.queue {
            submission.continuation.resume(throwing: IngestError.shuttingDown)
        }
        self.queue.removeAll()
    }

    private func write(_ batch: [Submission], messageCount: Int) async {
        let started = ContinuousClock.now
        let messages = batch.flatMap(\.messages)
        do {
            let results = try await self.store.ingest(messages, receivedAt: self.now())
            let outcomes = results.compactMap { try? $0.get() }
            self.afterCommit(BatchReport(outcomes: outcomes, messageCount: messageCount, duration: ContinuousClock.now - started))
            var offset = 0
            for submission in batch {
                let count = submission.messages.count
                submission.continuation.resume(returning: Array(results[offset..<offset + count]))
                offset += count
            }
        } catch {
            self.logger.error("ingest batch failed", metadata: ["messages": "\(messageCount)", "error": "\(String(reflecting: error))"])
            for submission in batch {
                submission.continuation.resume(throwing: error)
            }
        }
    }
}
