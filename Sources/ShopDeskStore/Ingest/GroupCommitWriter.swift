import Foundation
import ServiceLifecycle
import Synchronization

/// A single writer with group commit, the shape both pushes (`IngestPipeline`) and checkouts
/// (`ReservationPipeline`) are stored in: callers queue requests; the writer takes everything queued (up
/// to `maxBatch` units of batch weight), writes it in one transaction and only then answers each caller.
/// A durable commit costs a disk flush, so one flush per batch instead of per request is what makes
/// high rates possible, while no caller hears of its request before it is on disk.
///
/// The queue may be bounded (`maxQueued` units of queue weight waiting): past it a request is refused
/// at once with `overloaded`, unless nothing waits (so a request larger than the bound is still taken).
/// At shutdown it takes no more and drains what it accepted.
actor GroupCommitWriter<Request: Sendable, Receipt: Sendable>: Service {
    private struct Waiting {
        var request: Request
        var batchWeight: Int
        var queueWeight: Int
        var continuation: CheckedContinuation<Receipt, any Error>
    }

    private let maxBatch: Int
    private let maxQueued: Int
    private let batchWeight: @Sendable (Request) -> Int
    private let queueWeight: @Sendable (Request) -> Int
    private let overloaded: any Error
    private let shuttingDown: any Error
    /// Writes a batch; one result per request, in order.
    private let write: @Sendable ([Request]) async -> [Result<Receipt, any Error>]
    private var queue: [Waiting] = []
    private var queuedWeight = 0 {
        didSet { self.waiting.store(self.queuedWeight, ordering: .relaxed) }
    }
    /// `queuedWeight`, readable without waiting for the actor.
    private let waiting = Atomic<Int>(0)
    private var wakeUp: CheckedContinuation<Void, Never>?
    private var accepting = true

    init(
        maxBatch: Int, batchWeight: @escaping @Sendable (Request) -> Int, maxQueued: Int = .max,
        queueWeight: @escaping @Sendable (Request) -> Int = { _ in 1 }, overloaded: any Error, shuttingDown: any Error,
        write: @escaping @Sendable ([Request]) async -> [Result<Receipt, any Error>]
    ) {
        self.maxBatch = maxBatch
        self.batchWeight = batchWeight
        self.maxQueued = maxQueued
        self.queueWeight = queueWeight
        self.overloaded = overloaded
        self.shuttingDown = shuttingDown
        self.write = write
    }

    /// Queue weight accepted and not yet taken by the writer.
    var waitingWeight: Int { self.queuedWeight }

    /// Whether the queue is full now, read without waiting for the actor.
    nonisolated var isFull: Bool {
        self.waiting.load(ordering: .relaxed) >= self.maxQueued
    }

    /// Writes `request` and returns once it is durable.
    func submit(_ request: Request) async throws -> Receipt {
        guard self.accepting else { throw self.shuttingDown }
        let weight = self.queueWeight(request)
        guard self.queue.isEmpty || self.queuedWeight + weight <= self.maxQueued else { throw self.overloaded }
        self.queuedWeight += weight
        return try await withCheckedThrowingContinuation { continuation in
            self.queue.append(Waiting(request: request, batchWeight: self.batchWeight(request), queueWeight: weight, continuation: continuation))
            self.wakeUp?.resume()
            self.wakeUp = nil
        }
    }

    /// Writes batches until graceful shutdown or cancellation, then drains what was already accepted and returns.
    func run() async throws {
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
            var batch: [Waiting] = []
            var weight = 0
            while let next = self.queue.first, batch.isEmpty || weight + next.batchWeight <= self.maxBatch {
                batch.append(self.queue.removeFirst())
                weight += next.batchWeight
                self.queuedWeight -= next.queueWeight
            }
            let results = await self.write(batch.map(\.request))
            for (waiting, result) in zip(batch, results) { waiting.continuation.resume(with: result) }
        }
        for waiting in self.queue { waiting.continuation.resume(throwing: self.shuttingDown) }
        self.queue.removeAll()
        self.queuedWeight = 0
    }
}
