import Foundation
import Testing

@testable import ShopDeskCore
@testable import ShopDeskStore

@Suite("Ingest backpressure")
struct IngestBackpressureTests {
    @Test(
        "past the queue's bound a push is refused at once and nothing of it is stored; what was accepted is stored, and a push larger than the bound is taken when nothing waits",
        arguments: TestEngine.available)
    func boundedQueue(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            // The writer is not running yet, so accepted pushes wait in the queue.
            let pipeline = IngestPipeline(store: store, maxQueued: 2, logger: testLogger)
            let accepted = Task { try await pipeline.submit([fixture.message("a1", at: 0), fixture.message("a2", at: 1)]) }
            while await pipeline.waitingEvents < 2 { await Task.yield() }
            await #expect(throws: IngestError.overloaded) { try await pipeline.submit([fixture.message("refused", at: 2)]) }
            #expect(pipeline.isFull, "the early answer the webhook route reads before decoding a push")

            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await pipeline.run() }
                defer { group.cancelAll() }
                let first = try await accepted.value.map { try $0.get() }
                #expect(first.map(\.duplicate) == [false, false])
                #expect(await pipeline.waitingEvents == 0)
                #expect(!pipeline.isFull)
                let large = (0..<5).map { fixture.message("l\($0)", at: Double(10 + $0)) }
                let taken = try await pipeline.submit(large).map { try $0.get() }
                #expect(taken.map(\.duplicate) == Array(repeating: false, count: 5))
            }
            let stored = try await store.webhookEventCounts(channel: fixture.channel.id).messages
            #expect(stored == 7, "a1, a2 and the five of the large push; never the refused one")
        }
    }
}
