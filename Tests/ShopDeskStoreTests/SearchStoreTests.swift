import Foundation
import SQLKit
import Testing

@testable import ShopDeskCore
@testable import ShopDeskStore

@Suite("Full-text search of conversations")
struct SearchStoreTests {
    /// Five buyers writing Thai, Chinese, Vietnamese, Malay and English, one conversation each.
    struct Scene: Sendable {
        var fixture: Fixture
        var thai: Conversation.ID
        var chinese: Conversation.ID
        var vietnamese: Conversation.ID
        var malay: Conversation.ID
        var english: Conversation.ID

        static func make(_ store: SQLStore) async throws -> Scene {
            let fixture = try await Fixture.make(store)
            let texts = [
                ("th", "สวัสดีค่ะ ทุเรียนหมอนทองยังมีไหมคะ"), ("zh", "请问这个手机壳有现货吗？"), ("vi", "Điện thoại của tôi đã giao chưa?"),
                ("ms", "Bila pesanan saya akan dihantar?"), ("en", "Where is my ORDER #A-1234?"),
            ]
            let outcomes = try await store.ingest(
                texts.enumerated().map { index, entry in
                    fixture.message("m-\(entry.0)", thread: "t-\(entry.0)", buyer: "b-\(entry.0)", at: Double(index), text: entry.1)
                }, receivedAt: .fixture(10)
            ).map { try $0.get().conversationID }
            return Scene(
                fixture: fixture, thai: outcomes[0], chinese: outcomes[1], vietnamese: outcomes[2], malay: outcomes[3], english: outcomes[4])
        }

        func found(_ text: String, in store: SQLStore) async throws -> Set<Conversation.ID> {
            var query = ConversationQuery()
            query.text = text
            return Set(try await store.listConversations(for: self.fixture.owner, query: query).items.map(\.id))
        }
    }

    @Test("a Thai word and a Chinese word find their conversations and no others", arguments: TestEngine.available)
    func thaiAndChinese(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let scene = try await Scene.make(store)
            #expect(try await scene.found("ทุเรียน", in: store) == [scene.thai])
            #expect(try await scene.found("หมอนทอง", in: store) == [scene.thai])
            #expect(try await scene.found("มะม่วง", in: store).isEmpty)
            #expect(try await scene.found("手机", in: store) == [scene.chinese])
            #expect(try await scene.found("手机壳", in: store) == [scene.chinese])
            #expect(try await scene.found("壳", in: store) == [scene.chinese])
            #expect(try await scene.found("手表", in: store).isEmpty)
        }
    }

    @Test("Latin words match in any case, accents or not, by their beginning", arguments: TestEngine.available)
    func latin(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let scene = try await Scene.make(store)
            #expect(try await scene.found("dien THOAI", in: store) == [scene.vietnamese])
            #expect(try await scene.found("Điện", in: store) == [scene.vietnamese])
            #expect(try await scene.found("PESANAN", in: store) == [scene.malay])
            #expect(try await scene.found("order a-1234", in: store) == [scene.english])
            #expect(try await scene.found("ord", in: store) == [scene.english])
            #expect(try await scene.found("?!", in: store).isEmpty)
        }
    }

    @Test("replies, notes and buyer names are found", arguments: TestEngine.available)
    func repliesNotesNames(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let scene = try await Scene.make(store)
            let owner = scene.fixture.owner
            _ = try await store.recordReply(to: scene.thai, text: "ส่งพรุ่งนี้ค่ะ", clientID: "c1", by: owner, now: .fixture(20))
            _ = try await store.recordNote(on: scene.chinese, text: "客户要发票", by: owner, now: .fixture(21))
            #expect(try await scene.found("พรุ่งนี้", in: store) == [scene.thai])
            #expect(try await scene.found("发票", in: store) == [scene.chinese])
            // The fixture names each buyer "Buyer <id>".
            #expect(try await scene.found("b-vi", in: store) == [scene.vietnamese])
        }
    }

    @Test("after buyer erasure the buyer's words and name are not found; other buyers' still are", arguments: TestEngine.available)
    func erasure(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let scene = try await Scene.make(store)
            let owner = scene.fixture.owner
            _ = try await store.recordReply(to: scene.thai, text: "ทุเรียนส่งแล้วค่ะ", clientID: nil, by: owner, now: .fixture(20))
            let erased = try await store.conversation(scene.thai, for: owner).buyerID
            _ = try await store.eraseBuyer(erased, workspace: scene.fixture.workspace.id, by: .init(owner), now: .fixture(30))
            #expect(try await scene.found("ทุเรียน", in: store).isEmpty)
            #expect(try await scene.found("b-th", in: store).isEmpty)
            #expect(try await scene.found("手机", in: store) == [scene.chinese])
            // New words in the same conversation are indexed again.
            _ = try await store.recordNote(on: scene.thai, text: "ทุเรียนใหม่", by: owner, now: .fixture(40))
            #expect(try await scene.found("ทุเรียน", in: store) == [scene.thai])
        }
    }

    @Test("after retention purges a message its words are not found", arguments: TestEngine.available)
    func retention(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let scene = try await Scene.make(store)
            let report = try await store.purgeExpiredContent(workspace: scene.fixture.workspace.id, before: Date().addingTimeInterval(3600))
            #expect(report.messages == 5)
            #expect(try await scene.found("ทุเรียน", in: store).isEmpty)
            #expect(try await scene.found("手机", in: store).isEmpty)
            #expect(try await scene.found("pesanan", in: store).isEmpty)
            // Buyer names are not content: they stay until erasure.
            #expect(try await scene.found("b-zh", in: store) == [scene.chinese])
        }
    }

    @Test(
        "a word in more messages than the index is asked for at once still lists every conversation, in order",
        arguments: TestEngine.available, ["谢谢", "ขอบคุณ", "terima"])
    func manyHits(engine: TestEngine, word: String) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            let threads = SQLStore.searchHitLimit / 3 + 20
            var batch: [IncomingMessage] = []
            for thread in 0..<threads {
                for index in 0..<3 {
                    batch.append(
                        fixture.message(
                            "m\(thread)-\(index)", thread: "t\(thread)", buyer: "b\(thread)", at: Double(thread * 3 + index),
                            text: "ขอบคุณค่ะ 谢谢 Terima kasih \(index)"))
                }
            }
            batch.append(fixture.message("other", thread: "other", buyer: "other", at: 0, text: "hello"))
            _ = try await store.ingest(batch, receivedAt: .fixture(100_000))
            var query = ConversationQuery()
            query.text = word
            let all = try await Self.allPages(query, of: fixture.owner, in: store)
            let everything = try await Self.allPages(ConversationQuery(), of: fixture.owner, in: store).filter { $0.externalID != "other" }.map(\.id)
            #expect(all.count == threads)
            #expect(all.map(\.id) == everything)
        }
    }

    /// Every conversation `query` lists, page after page of 200.
    static func allPages(_ query: ConversationQuery, of agent: Agent, in store: SQLStore) async throws -> [Conversation] {
        var query = query
        query.limit = 200
        var all: [Conversation] = []
        while true {
            let page = try await store.listConversations(for: agent, query: query)
            all += page.items
            guard let next = page.nextCursor else { return all }
            query.cursor = next
        }
    }

    @Test("messages stored before the index existed are indexed by the back-fill", arguments: TestEngine.available)
    func backfill(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let scene = try await Scene.make(store)
            let kind = store.engineKind
            try await store.engine.transaction { db in
                if kind == .sqlite {
                    try await db.raw("DELETE FROM message_search").run()
                    try await db.raw("DELETE FROM search_conversations").run()
                } else {
                    try await db.raw("UPDATE conversations SET search_tokens = NULL").run()
                }
                try await db.raw("UPDATE messages SET \(unsafeRaw: SQLStore.searchColumn(kind)) = NULL").run()
                try await db.raw("INSERT INTO search_backfill (cursor) VALUES ('')").run()
            }
            #expect(try await scene.found("手机", in: store).isEmpty)
            #expect(try await store.backfillSearchIndex(batchSize: 2) == 5)
            #expect(try await scene.found("手机", in: store) == [scene.chinese])
            #expect(try await scene.found("b-th", in: store) == [scene.thai])
            #expect(try await store.backfillSearchIndex() == 0)
        }
    }

    @Test("a search longer than 200 characters is refused with a clear error")
    func tooLong() async throws {
        try await withTestStore(.sqlite) { store in
            let fixture = try await Fixture.make(store)
            var query = ConversationQuery()
            query.text = String(repeating: "a ", count: 150)
            await #expect(throws: StoreError.self) { try await store.listConversations(for: fixture.owner, query: query) }
        }
    }
}
