import Foundation
import SQLKit
import Testing

@testable import ShopDeskCore
@testable import ShopDeskStore

@Suite("A push is stored whole")
struct PushTransactionTests {
    /// Makes every insert into `order_events` fail, as a full disk or a lost connection would, until removed.
    static func failOrderEvents(_ store: SQLStore, _ engine: TestEngine) async throws {
        try await store.engine.transaction { db in
            switch engine {
            case .sqlite:
                try await db.raw("CREATE TRIGGER fail_orders BEFORE INSERT ON order_events BEGIN SELECT RAISE(ABORT, 'injected failure'); END").run()
            case .postgres:
                try await db.raw(
                    "CREATE FUNCTION fail_orders() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql"
                ).run()
                try await db.raw("CREATE TRIGGER fail_orders BEFORE INSERT ON order_events FOR EACH ROW EXECUTE FUNCTION fail_orders()").run()
            }
        }
    }

    static func healOrderEvents(_ store: SQLStore, _ engine: TestEngine) async throws {
        try await store.engine.transaction { db in
            try await db.raw(SQLQueryString(engine == .sqlite ? "DROP TRIGGER fail_orders" : "DROP TRIGGER fail_orders ON order_events")).run()
        }
    }

    @Test(
        "messages, an order status and a delivery receipt in one push: a failure after the first event stores none of them",
        arguments: TestEngine.available)
    func allOrNothing(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            let sent = try await store.ingest([fixture.message("p-42", at: 15, text: "In stock", sender: .agent)], receivedAt: .fixture(20))[0].get()
            let push = InboundPush(
                channelAccountID: fixture.channel.id,
                events: [
                    .message(fixture.message("m1", at: 30, text: "Is it shipped?")),
                    .order(
                        OrderEvent(channelAccountID: fixture.channel.id, orderID: "576653688135258178", status: "AWAITING_SHIPMENT", at: .fixture(31))
                    ),
                    .delivery(DeliveryUpdate(channelAccountID: fixture.channel.id, platformMessageID: "p-42", status: .read, at: .fixture(32))),
                ])

            try await Self.failOrderEvents(store, engine)
            await #expect(throws: (any Error).self) { try await store.record([push], receivedAt: .fixture(40)) }
            let before = try await store.webhookEventCounts(channel: fixture.channel.id)
            #expect(before.messages == 1, "only the reply stored before the push")
            #expect(before.orders == 0)
            let untouched = try await store.messages(in: sent.conversationID, for: fixture.owner)
            #expect(untouched.map(\.deliveryStatus) == [.sent])

            // The platform delivers the push again once the fault is gone: everything is stored, once.
            try await Self.healOrderEvents(store, engine)
            let receipt = try #require(try await store.record([push], receivedAt: .fixture(50)).first)
            #expect(try receipt.messages.map { try $0.get().duplicate } == [false])
            #expect(receipt.changes.conversations.keys.contains(sent.conversationID))
            let after = try await store.webhookEventCounts(channel: fixture.channel.id)
            #expect(after.messages == 2)
            #expect(after.orders == 1)
            let messages = try await store.messages(in: sent.conversationID, for: fixture.owner)
            #expect(messages.first { $0.platformMessageID == "p-42" }?.deliveryStatus == .read)
        }
    }
}
