import Foundation
import Testing

@testable import ShopDeskCore
@testable import ShopDeskStore

@Suite("The outbox in the store")
struct OutboxStoreTests {
    @Test(
        "a reply is claimed once, retried when due, reclaimed in doubt after its lease, and recorded sent over its echo",
        arguments: TestEngine.available)
    func lifecycle(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            let inbound = try await store.ingest([fixture.message("m1", at: 0)], receivedAt: .fixture(1))[0].get()
            let reply = try await store.recordReply(to: inbound.conversationID, text: "In stock", clientID: nil, by: fixture.owner, now: .fixture(10))

            let claimed = try await store.claimOutbox(now: .fixture(11), lease: 60)
            let item = try #require(claimed.first)
            #expect(claimed.count == 1)
            #expect(item.messageID == reply.id && !item.inDoubt && item.attempts == 1)
            #expect(item.buyerPlatformUserID == "b1" && item.latestBuyerMessageID == "m1" && item.lastBuyerMessageAt == .fixture(0))
            #expect(try await store.claimOutbox(now: .fixture(12), lease: 60).isEmpty, "a leased reply is not claimed twice")

            try await store.scheduleRetry(item, at: .fixture(20), reason: "HTTP 429")
            #expect(try await store.claimOutbox(now: .fixture(19), lease: 60).isEmpty)
            #expect(try await store.nextOutboxWake() == .fixture(20))
            let retried = try #require(try await store.claimOutbox(now: .fixture(20), lease: 60).first)
            #expect(retried.attempts == 2 && !retried.inDoubt && retried.attemptStartedAt == .fixture(11))

            // The process dies here; after the lease the reply comes back in doubt.
            #expect(try await store.claimOutbox(now: .fixture(79), lease: 60).isEmpty)
            let doubtful = try #require(try await store.claimOutbox(now: .fixture(81), lease: 60).first)
            #expect(doubtful.inDoubt && doubtful.attempts == 3)

            // Meanwhile polling stored the platform's copy of the reply as a message of its own.
            _ = try await store.ingest([fixture.message("p-42", at: 15, text: "In stock", sender: .agent)], receivedAt: .fixture(82))
            try await store.recordSent(doubtful, platformMessageID: "p-42", now: .fixture(83))
            let messages = try await store.messages(in: inbound.conversationID, for: fixture.owner)
            #expect(messages.map(\.platformMessageID) == ["m1", "p-42"], "the reply and its echo are one message")
            #expect(messages.last?.id == reply.id && messages.last?.deliveryStatus == .sent)
            #expect(try await store.conversation(inbound.conversationID, for: fixture.owner).state.messageCount == 2)
            #expect(try await store.claimOutbox(now: .fixture(1000), lease: 60).isEmpty)
        }
    }

    @Test("a failed reply shows the platform's reason, and the retry button queues it afresh", arguments: TestEngine.available)
    func failureAndRetry(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            let inbound = try await store.ingest([fixture.message("m1", at: 0)], receivedAt: .fixture(1))[0].get()
            let reply = try await store.recordReply(to: inbound.conversationID, text: "Hello", clientID: nil, by: fixture.owner, now: .fixture(10))
            let item = try #require(try await store.claimOutbox(now: .fixture(11), lease: 60).first)
            try await store.recordFailure(item, reason: "window closed", now: .fixture(12))
            var message = try #require(try await store.messages(in: inbound.conversationID, for: fixture.owner).last)
            #expect(message.deliveryStatus == .failed && message.deliveryError == "window closed")
            await #expect(throws: StoreError.self) {
                try await store.retryDelivery(of: inbound.messageID, for: fixture.owner, now: .fixture(13))
            }
            message = try await store.retryDelivery(of: reply.id, for: fixture.owner, now: .fixture(14))
            #expect(message.deliveryStatus == .queued)
            let again = try #require(try await store.claimOutbox(now: .fixture(14), lease: 60).first)
            #expect(again.attempts == 1 && !again.inDoubt)
        }
    }

    @Test("nudged conversations wait until fetched; a newer nudge keeps them waiting; poll cursors persist", arguments: TestEngine.available)
    func fetchesAndCursors(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            let nudge = InboundEvent.fetchConversation(FetchRequest(channelAccountID: fixture.channel.id, conversationExternalID: "c-1"))
            _ = try await store.record([InboundPush(channelAccountID: fixture.channel.id, events: [nudge])], receivedAt: .fixture(1))
            let first = try #require(try await store.pendingFetches().first)
            _ = try await store.record([InboundPush(channelAccountID: fixture.channel.id, events: [nudge])], receivedAt: .fixture(2))
            try await store.finishFetch(first, now: .fixture(3))
            let second = try #require(try await store.pendingFetches().first, "a nudge that came during the fetch is still waiting")
            try await store.finishFetch(second, now: .fixture(4))
            #expect(try await store.pendingFetches().isEmpty)

            #expect(try await store.pollCursor(channel: fixture.channel.id) == nil)
            try await store.savePollCursor(channel: fixture.channel.id, workspace: fixture.workspace.id, until: .fixture(50), now: .fixture(51))
            try await store.savePollCursor(channel: fixture.channel.id, workspace: fixture.workspace.id, until: .fixture(60), now: .fixture(61))
            #expect(try await store.pollCursor(channel: fixture.channel.id) == .fixture(60))
            let accounts = try await store.channelAccountsWithCredentials(platforms: [.custom])
            #expect(accounts.map(\.0.id) == [fixture.channel.id])
        }
    }
}
