import Foundation
import Synchronization
import Testing

@testable import ShopDeskCore
@testable import ShopDeskStore

@Suite("Ingest pipeline")
struct IngestTests {
    /// Runs an ingest pipeline over `store` for the duration of `body`.
    static func withPipeline<R: Sendable>(
        _ store: SQLStore, afterCommit: @escaping @Sendable (IngestPipeline.BatchReport) -> Void = { _ in },
        _ body: @Sendable (IngestPipeline) async throws -> R
    ) async throws -> R {
        let pipeline = IngestPipeline(store: store, now: { .fixture(10_000) }, logger: testLogger, afterCommit: afterCommit)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await pipeline.run() }
            defer { group.cancelAll() }
            return try await body(pipeline)
        }
    }

    @Test(
        "the same message sent 3 times concurrently, out of order with another, is stored once in platform-time order",
        arguments: TestEngine.available)
    func deduplicatesConcurrentRedeliveries(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            let later = fixture.message("m-later", at: 60, text: "is this in stock?")
            let earlier = fixture.message("m-earlier", at: 0, text: "hello shop")
            let results = try await Self.withPipeline(store) { pipeline in
                try await withThrowingTaskGroup(of: [Result<IngestOutcome, IngestError>].self) { group in
                    for _ in 0..<3 { group.addTask { try await pipeline.submit([later]) } }
                    group.addTask { try await pipeline.submit([earlier]) }
                    var all: [IngestOutcome] = []
                    for try await results in group { all += try results.map { try $0.get() } }
                    return all
                }
            }
            #expect(results.count == 4)
            #expect(Set(results.map(\.conversationID)).count == 1)
            #expect(results.filter { !$0.duplicate }.count == 2)
            #expect(Set(results.map(\.messageID)).count == 2)

            let conversation = try #require(results.first).conversationID
            let messages = try await store.messages(in: conversation, for: fixture.owner)
            #expect(messages.map(\.platformMessageID) == ["m-earlier", "m-later"])
            let state = try await store.conversation(conversation, for: fixture.owner).state
            #expect(state.messageCount == 2)
            #expect(state.waitingSince == .fixture(0))
            #expect(state.lastMessagePreview == "is this in stock?")
        }
    }

    @Test("a redelivery in a later batch is a duplicate of the stored message", arguments: TestEngine.available)
    func redeliveryLater(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            let message = fixture.message("m1", at: 0)
            let first = try await store.ingest([message], receivedAt: .fixture(1))[0].get()
            let again = try await store.ingest([message, message], receivedAt: .fixture(2)).map { try $0.get() }
            #expect(!first.duplicate)
            #expect(again.allSatisfy { $0.duplicate && $0.messageID == first.messageID })
            #expect(try await store.messages(in: first.conversationID, for: fixture.owner).count == 1)
        }
    }

    @Test("an ingest call returns only after its batch is committed", arguments: TestEngine.available)
    func acknowledgesAfterCommit(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            let committed = CommittedIDs()
            let outcomes = try await Self.withPipeline(
                store,
                afterCommit: { report in
                    // The probe runs after COMMIT returned; it must have seen every id before any caller is answered.
                    committed.ids.withLock { $0.formUnion(report.outcomes.map(\.messageID)) }
                }
            ) { pipeline in
                try await withThrowingTaskGroup(of: IngestOutcome.self) { group in
                    for index in 0..<50 {
                        group.addTask {
                            let outcome = try await pipeline.submit([fixture.message("m\(index)", thread: "t\(index % 7)", at: Double(index))])[0]
                                .get()
                            // Answered: the probe has already recorded this message as committed...
                            #expect(committed.ids.withLock { $0.contains(outcome.messageID) })
                            return outcome
                        }
                    }
                    var all: [IngestOutcome] = []
                    for try await outcome in group { all.append(outcome) }
                    return all
                }
            }
            // ...and a separate reader connection sees every acknowledged message.
            for outcome in outcomes {
                let messages = try await store.messages(in: outcome.conversationID, for: fixture.owner)
                #expect(messages.contains { $0.id == outcome.messageID })
            }
        }
    }

    @Test("messages for an unknown or archived channel account fail alone", arguments: TestEngine.available)
    func unknownChannelFailsAlone(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            var stray = fixture.message("x", at: 0)
            stray.channelAccountID = ChannelAccount.ID("nope")
            let results = try await store.ingest([stray, fixture.message("ok", at: 1)], receivedAt: .fixture(2))
            #expect(throws: IngestError.unknownChannelAccount(ChannelAccount.ID("nope"))) { try results[0].get() }
            #expect(try results[1].get().duplicate == false)
        }
    }

    @Test("graceful shutdown drains accepted messages, then refuses new ones", arguments: TestEngine.available)
    func drainsOnShutdown(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            let pipeline = IngestPipeline(store: store, logger: testLogger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await pipeline.run() }
                let outcome = try await pipeline.submit([fixture.message("before", at: 0)])[0].get()
                #expect(!outcome.duplicate)
                group.cancelAll()
                try await group.waitForAll()
            }
            await #expect(throws: IngestError.shuttingDown) { try await pipeline.submit([fixture.message("after", at: 1)]) }
        }
    }
}

/// Message ids the commit probe has seen, shared between the probe and the callers.
final class CommittedIDs: Sendable {
    let ids = Mutex<Set<Message.ID>>([])
}
