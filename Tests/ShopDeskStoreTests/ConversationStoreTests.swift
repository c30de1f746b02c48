import Foundation
import SQLKit
import Testing

@testable import ShopDeskCore
@testable import ShopDeskStore

@Suite("Conversations in the store")
struct ConversationStoreTests {
    @Test("a reply answers the buyer, is queued in the outbox once per client id, and moves the state", arguments: TestEngine.available)
    func replyFlow(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            let first = try await store.ingest([fixture.message("m1", at: 0)], receivedAt: .fixture(1))[0].get()
            var state = try await store.conversation(first.conversationID, for: fixture.owner).state
            #expect(state.waitingSince == .fixture(0))
            #expect(state.nextDeadline == .fixture(3600))

            let reply = try await store.recordReply(
                to: first.conversationID, text: "Yes, in stock", clientID: "c-1", by: fixture.owner, now: .fixture(120))
            let again = try await store.recordReply(
                to: first.conversationID, text: "Yes, in stock", clientID: "c-1", by: fixture.owner, now: .fixture(121))
            #expect(again.id == reply.id)
            #expect(reply.deliveryStatus == .queued)
            state = try await store.conversation(first.conversationID, for: fixture.owner).state
            #expect(state.waitingSince == nil)
            #expect(state.nextDeadline == nil)
            #expect(state.firstResponseSeconds == 120)
            let outbox = try await store.engine.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM outbox WHERE message_id = \(bind: reply.id.rawValue)").first()!.decode(
                    column: "n", as: Int.self)
            }
            #expect(outbox == 1)

            _ = try await store.recordNote(on: first.conversationID, text: "VIP buyer", by: fixture.owner, now: .fixture(130))
            _ = try await store.ingest([fixture.message("m2", at: 200, text: "thanks, and the blue one?")], receivedAt: .fixture(201))
            state = try await store.conversation(first.conversationID, for: fixture.owner).state
            #expect(state.waitingSince == .fixture(200))
            #expect(state.nextDeadline == .fixture(3800))
            let messages = try await store.messages(in: first.conversationID, for: fixture.owner)
            #expect(messages.map(\.direction) == [.inbound, .outbound, .note, .inbound])
            await #expect(throws: StoreError.self) {
                try await store.recordReply(to: first.conversationID, text: "   ", clientID: nil, by: fixture.owner, now: .fixture(300))
            }
        }
    }

    @Test("a reply that arrives after a newer buyer message leaves the buyer waiting from that message", arguments: TestEngine.available)
    func outOfOrderReply(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            _ = try await store.ingest([fixture.message("b1", at: 0), fixture.message("b2", at: 300)], receivedAt: .fixture(301))
            // The platform echoes a reply an agent sent at t=100 from the platform's own app, late.
            let echo = try await store.ingest([fixture.message("a1", at: 100, text: "hello!", sender: .agent)], receivedAt: .fixture(400))[0].get()
            let state = try await store.conversation(echo.conversationID, for: fixture.owner).state
            #expect(state.waitingSince == .fixture(300))
            #expect(state.firstResponseAt == .fixture(100))
            #expect(state.nextDeadline == .fixture(3900))
            // An auto-reply does not answer the buyer.
            _ = try await store.ingest([fixture.message("auto", at: 301, text: "We'll reply soon", sender: .autoReply)], receivedAt: .fixture(401))
            #expect(try await store.conversation(echo.conversationID, for: fixture.owner).state.waitingSince == .fixture(300))
        }
    }

    @Test("the list is ordered by nearest deadline, filtered, and paged by cursor", arguments: TestEngine.available)
    func listing(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            var batch: [IncomingMessage] = []
            for index in 0..<7 {
                batch.append(
                    fixture.message("m\(index)", thread: "t\(index)", buyer: "b\(index)", at: Double(100 * (7 - index)), text: "question \(index)"))
            }
            let outcomes = try await store.ingest(batch, receivedAt: .fixture(1000)).map { try $0.get() }
            // t0 is answered: no deadline, so it sorts last.
            _ = try await store.recordReply(to: outcomes[0].conversationID, text: "answer", clientID: nil, by: fixture.owner, now: .fixture(1001))
            _ = try await store.setTags(outcomes[3].conversationID, to: [" VIP ", "vip", "Late"], by: fixture.owner, now: .fixture(1002))

            var query = ConversationQuery()
            query.limit = 3
            var seen: [Conversation.ID] = []
            while true {
                let page = try await store.listConversations(for: fixture.owner, query: query)
                seen += page.items.map(\.id)
                guard let next = page.nextCursor else { break }
                query.cursor = next
            }
            let expected = [6, 5, 4, 3, 2, 1, 0].map { outcomes[$0].conversationID }
            #expect(seen == expected)

            var tagged = ConversationQuery()
            tagged.tag = "vip"
            let taggedPage = try await store.listConversations(for: fixture.owner, query: tagged)
            #expect(taggedPage.items.map(\.id) == [outcomes[3].conversationID])
            #expect(taggedPage.items.first?.tags == ["late", "vip"])

            var search = ConversationQuery()
            search.text = "question 5"
            #expect(try await store.listConversations(for: fixture.owner, query: search).items.map(\.id) == [outcomes[5].conversationID])
            search.text = "100%_"
            #expect(try await store.listConversations(for: fixture.owner, query: search).items.isEmpty)

            var recent = ConversationQuery()
            recent.order = .recent
            recent.limit = 2
            let recentPage = try await store.listConversations(for: fixture.owner, query: recent)
            #expect(recentPage.items.first?.id == outcomes[0].conversationID)

            _ = try await store.assign(outcomes[2].conversationID, to: fixture.owner.id, by: fixture.owner, now: .fixture(1003))
            var mine = ConversationQuery()
            mine.assignee = .agent(fixture.owner.id)
            #expect(try await store.listConversations(for: fixture.owner, query: mine).items.map(\.id) == [outcomes[2].conversationID])
            mine.assignee = .unassigned
            #expect(try await store.listConversations(for: fixture.owner, query: mine).items.count == 6)

            var bad = ConversationQuery()
            bad.cursor = "not-a-cursor"
            await #expect(throws: StoreError.self) { try await store.listConversations(for: fixture.owner, query: bad) }
        }
    }

    @Test("snoozing pauses the deadline and a new buyer message reopens", arguments: TestEngine.available)
    func snoozeAndReopen(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            let outcome = try await store.ingest([fixture.message("m1", at: 0)], receivedAt: .fixture(1))[0].get()
            await #expect(throws: ValidationError.self) {
                try await store.setStatus(outcome.conversationID, to: .snoozed, snoozedUntil: nil, by: fixture.owner, now: .fixture(10))
            }
            let snoozed = try await store.setStatus(
                outcome.conversationID, to: .snoozed, snoozedUntil: .fixture(7200), by: fixture.owner, now: .fixture(10))
            #expect(snoozed.state.status == .snoozed)
            #expect(snoozed.state.nextDeadline == nil)
            _ = try await store.ingest([fixture.message("m2", at: 60)], receivedAt: .fixture(61))
            let reopened = try await store.conversation(outcome.conversationID, for: fixture.owner)
            #expect(reopened.state.status == .open)
            #expect(reopened.state.snoozedUntil == nil)
            #expect(reopened.state.nextDeadline == .fixture(3600))
        }
    }

    @Test("one person seen on two channels is linked into one buyer", arguments: TestEngine.available)
    func linkBuyers(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            let line = try await store.createChannelAccount(
                workspace: fixture.workspace.id, platform: .line, name: "LINE", market: "TH", timeZone: nil,
                credentials: ChannelCredentials(["channel_secret": "a", "channel_access_token": "b"]), now: .fixture(0)
            )
            var onLine = fixture.message("l1", buyer: "U123", at: 5)
            onLine.channelAccountID = line.id
            let outcomes = try await store.ingest([fixture.message("c1", buyer: "site-9", at: 0), onLine], receivedAt: .fixture(10)).map {
                try $0.get()
            }
            let first = try await store.conversation(outcomes[0].conversationID, for: fixture.owner).buyerID
            let second = try await store.conversation(outcomes[1].conversationID, for: fixture.owner).buyerID
            #expect(first != second)
            let merged = try await store.linkBuyer(second, into: first, workspace: fixture.workspace.id)
            #expect(Set(merged.identities.map(\.platformUserID)) == ["site-9", "U123"])
            #expect(try await store.conversation(outcomes[1].conversationID, for: fixture.owner).buyerID == first)
            await #expect(throws: StoreError.self) { try await store.buyer(second, workspace: fixture.workspace.id) }
            await #expect(throws: StoreError.self) { try await store.linkBuyer(first, into: first, workspace: fixture.workspace.id) }
            let found = try await store.listBuyers(workspace: fixture.workspace.id, text: "U123", cursor: nil, limit: 10)
            #expect(found.items.map(\.id) == [first])
        }
    }
}

@Suite("Conversation filters by buyer")
struct ConversationBuyerFilterTests {
    @Test("by the buyer's language (primary tag, any case) and by buyer", arguments: TestEngine.available)
    func language(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            let outcome = try await store.ingest([fixture.message("m1", at: 0)], receivedAt: .fixture(1))[0].get()
            var query = ConversationQuery()
            for (language, found) in [("vi", true), ("VI", true), ("th", false)] {
                query.language = language
                #expect(
                    try await store.listConversations(for: fixture.owner, query: query).items.map(\.id) == (found ? [outcome.conversationID] : []))
            }
            query.language = nil
            let conversation = try await store.conversation(outcome.conversationID, for: fixture.owner)
            query.buyerID = conversation.buyerID
            #expect(try await store.listConversations(for: fixture.owner, query: query).items.count == 1)
            query.buyerID = Buyer.ID(rawValue: "someone-else")
            #expect(try await store.listConversations(for: fixture.owner, query: query).items.isEmpty)
        }
    }
}
