import Foundation
import Testing

@testable import ShopDeskCore
@testable import ShopDeskStore

@Suite("Orders in the store")
struct OrderStoreTests {
    /// A TikTok Shop order of `units` × TEE-RED-M as its order API shows it at `seconds`.
    static func tiktokOrder(
        _ fixture: Fixture, id: String = "576461413038785752", status: String, at seconds: TimeInterval, units: Int64 = 2,
        shipBy: TimeInterval? = 86_400, shippedAt: TimeInterval? = nil
    ) -> ChannelOrder {
        var order = ChannelOrder(
            channelAccountID: fixture.channel.id, orderID: id, platformStatus: status,
            lines: Array(
                repeating: ChannelOrder.Line(
                    sku: "TEE-RED-M", quantity: 1, title: "Áo thun đỏ", unitPriceMinor: 199_000, discountMinor: 10_000, platformItemIDs: ["x"]),
                count: Int(units)))
        order.currency = "VND"
        order.totalMinor = 378_000
        order.buyerPlatformUserID = "buyer-7"
        order.shippingAddress = "12 Lê Lợi, Quận 1, TP HCM"
        order.cashOnDelivery = true
        order.placedAt = .fixture(0)
        order.platformUpdatedAt = .fixture(seconds)
        order.shipBy = shipBy.map { .fixture($0) }
        order.shippedAt = shippedAt.map { .fixture($0) }
        return order
    }

    @Test(
        "a push, its duplicate and an older read arriving last leave one order in the newest status, with its history",
        arguments: TestEngine.available)
    func outOfOrder(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            let workspace = fixture.workspace.id
            try await StockStoreTests.product(store, fixture, onHand: 5)
            func apply(_ status: String, at seconds: TimeInterval) async throws {
                _ = try await store.applyChannelOrder(
                    Self.tiktokOrder(fixture, status: status, at: seconds), platform: .tiktokShop, workspace: workspace, now: .fixture(seconds + 1))
            }
            try await apply("AWAITING_SHIPMENT", at: 10)
            try await apply("AWAITING_COLLECTION", at: 20)
            try await apply("AWAITING_COLLECTION", at: 20)
            try await apply("AWAITING_SHIPMENT", at: 10)
            let page = try await store.listOrders(
                workspace: workspace, channels: nil, filter: OrderFilter(), cursor: nil, limit: 50, now: .fixture(30))
            #expect(page.items.count == 1)
            let order = try await store.order(try #require(page.items.first).id, workspace: workspace)
            #expect(order.status == .readyToShip && order.platformStatus == "AWAITING_COLLECTION")
            #expect(order.history.map(\.status) == [.awaitingShipment, .readyToShip])
            #expect(order.lines.map(\.sku) == ["TEE-RED-M"] && order.lines.first?.quantity == 2 && order.lines.first?.held == 2)
            #expect(order.lines.first?.line.unitPriceMinor == 199_000 && order.lines.first?.line.discountMinor == 20_000)
            #expect(order.currency == "VND" && order.totalMinor == 378_000 && order.cashOnDelivery)
            #expect(order.shipBy == .fixture(86_400) && order.placedAt == .fixture(0))
            #expect(order.buyerID != nil, "whoever ordered is a buyer of the desk, written or not")
            #expect(try await store.inventory(sku: "TEE-RED-M", workspace: workspace).balance == StockBalance(onHand: 5, reserved: 2))
            #expect(try await store.verifyStock().isEmpty)
        }
    }

    @Test(
        "stock follows orders: a cancel gives the units back, a dispatch takes them off the shelf, a return received puts them back",
        arguments: TestEngine.available)
    func stockFollowsOrders(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            let workspace = fixture.workspace.id
            try await StockStoreTests.product(store, fixture, onHand: 10)
            func balance() async throws -> StockBalance { try await store.inventory(sku: "TEE-RED-M", workspace: workspace).balance }
            func apply(_ id: String, _ status: String, at seconds: TimeInterval) async throws {
                _ = try await store.applyChannelOrder(
                    Self.tiktokOrder(fixture, id: id, status: status, at: seconds), platform: .tiktokShop, workspace: workspace,
                    now: .fixture(seconds))
            }
            try await apply("cancelled-one", "AWAITING_SHIPMENT", at: 10)
            #expect(try await balance() == StockBalance(onHand: 10, reserved: 2))
            try await apply("cancelled-one", "CANCELLED", at: 20)
            #expect(try await balance() == StockBalance(onHand: 10, reserved: 0))
            #expect(try await store.verifyStock().isEmpty)

            try await apply("shipped-one", "AWAITING_SHIPMENT", at: 30)
            try await apply("shipped-one", "IN_TRANSIT", at: 40)
            #expect(try await balance() == StockBalance(onHand: 8, reserved: 0))
            #expect(try await store.verifyStock().isEmpty)

            let shipped = try #require(try await store.order(channel: fixture.channel.id, externalID: "shipped-one", workspace: workspace))
            #expect(shipped.shippedAt == .fixture(40), "no collection time from the platform: when ShopDesk saw it shipped")
            #expect(try await store.receiveReturn(shipped.id, workspace: workspace, actor: "agent", now: .fixture(50)) == ["TEE-RED-M"])
            #expect(try await store.receiveReturn(shipped.id, workspace: workspace, actor: "agent", now: .fixture(51)).isEmpty, "once")
            #expect(try await balance() == StockBalance(onHand: 10, reserved: 0))
            // The platform still says the parcel was delivered: the return stays recorded.
            try await apply("shipped-one", "DELIVERED", at: 60)
            let returned = try await store.order(shipped.id, workspace: workspace)
            #expect(returned.status == .returned && returned.returnReceived)
            #expect(try await balance() == StockBalance(onHand: 10, reserved: 0))
            #expect(try await store.verifyStock().isEmpty)

            let cancelled = try #require(try await store.order(channel: fixture.channel.id, externalID: "cancelled-one", workspace: workspace))
            await #expect(throws: StoreError.self) {
                try await store.receiveReturn(cancelled.id, workspace: workspace, actor: "agent", now: .fixture(70))
            }
        }
    }

    @Test(
        "an order's dispatch alerts fire once each from its ship-by time, skipping steps already passed; the late-dispatch rate counts by dispatch time",
        arguments: TestEngine.available)
    func dispatchAlertsAndRate(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            let workspace = fixture.workspace.id
            let hour: TimeInterval = 3600
            _ = try await store.applyChannelOrder(
                Self.tiktokOrder(fixture, id: "a", status: "AWAITING_SHIPMENT", at: 0, shipBy: 20 * hour), platform: .tiktokShop,
                workspace: workspace, now: .fixture(0))
            #expect(try await store.nextDispatchAlert() == .fixture(8 * hour))
            #expect(try await store.fireDispatchAlerts(now: .fixture(7 * hour)).isEmpty)
            let first = try await store.fireDispatchAlerts(now: .fixture(8 * hour))
            #expect(first.map(\.kind) == ["dispatch_warning"] && first.first?.leadSeconds == 43_200)
            #expect(try await store.fireDispatchAlerts(now: .fixture(8 * hour)).isEmpty, "once")
            // Down from 9 h to past the breach: only the breach is news.
            let late = try await store.fireDispatchAlerts(now: .fixture(21 * hour))
            #expect(late.map(\.kind) == ["dispatch_breached"])
            #expect(try await store.nextDispatchAlert() == nil)
            let queued = try await store.claimOrderAlertWebhooks(now: .fixture(21 * hour), lease: 60)
            #expect(queued.map(\.alert.kind) == ["dispatch_warning", "dispatch_breached"])

            // Shipped: no more alerts. Three more orders dispatched in the week, one of them late.
            for (id, shipBy, shippedAt) in [("b", 10 * hour, 9 * hour), ("c", 10 * hour, 11 * hour), ("d", 30 * hour, 29 * hour)] {
                _ = try await store.applyChannelOrder(
                    Self.tiktokOrder(fixture, id: id, status: "IN_TRANSIT", at: shippedAt, shipBy: shipBy, shippedAt: shippedAt),
                    platform: .tiktokShop, workspace: workspace, now: .fixture(shippedAt))
            }
            _ = try await store.applyChannelOrder(
                Self.tiktokOrder(fixture, id: "a", status: "IN_TRANSIT", at: 22 * hour, shipBy: 20 * hour, shippedAt: 22 * hour),
                platform: .tiktokShop, workspace: workspace, now: .fixture(22 * hour))
            let rates = try await store.lateDispatchRates(workspace: workspace, from: .fixture(0), to: .fixture(7 * 24 * hour))
            let rate = try #require(rates[fixture.channel.id])
            #expect(rate.late == 2 && rate.dispatched == 4 && rate.rate == 0.5)
            #expect(try await store.fireDispatchAlerts(now: .fixture(40 * hour)).isEmpty)
        }
    }

    @Test("orders are listed newest first in pages, by channel, status, buyer, due time and oversold", arguments: TestEngine.available)
    func listing(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            let workspace = fixture.workspace.id
            try await StockStoreTests.product(store, fixture, onHand: 3)
            for (index, status) in ["AWAITING_SHIPMENT", "IN_TRANSIT", "AWAITING_SHIPMENT"].enumerated() {
                _ = try await store.applyChannelOrder(
                    Self.tiktokOrder(fixture, id: "o\(index)", status: status, at: TimeInterval(index), shipBy: TimeInterval(3600 * (3 - index))),
                    platform: .tiktokShop, workspace: workspace, now: .fixture(TimeInterval(index)))
            }
            func list(_ filter: OrderFilter, cursor: String? = nil, limit: Int = 50) async throws -> OrderPage {
                try await store.listOrders(workspace: workspace, channels: nil, filter: filter, cursor: cursor, limit: limit, now: .fixture(10))
            }
            let first = try await list(OrderFilter(), limit: 2)
            #expect(first.items.map(\.externalID) == ["o2", "o1"])
            let second = try await list(OrderFilter(), cursor: try #require(first.nextCursor), limit: 2)
            #expect(second.items.map(\.externalID) == ["o0"] && second.nextCursor == nil)
            #expect(try await list(OrderFilter(status: .shipped)).items.map(\.externalID) == ["o1"])
            #expect(try await list(OrderFilter(dueWithin: 2 * 3600)).items.map(\.externalID) == ["o2"])
            #expect(try await list(OrderFilter(dueWithin: 4 * 3600)).items.map(\.externalID) == ["o2", "o0"], "most urgent first")
            // Three units on hand, six ordered: the second order could hold one of its two, the third none.
            #expect(try await list(OrderFilter(oversold: true)).items.map(\.externalID) == ["o2", "o1"])
            #expect(try await list(OrderFilter(buyer: Buyer.ID("nobody"))).items.isEmpty)
            await #expect(throws: StoreError.self) { try await list(OrderFilter(), limit: 0) }
        }
    }

    @Test(
        "reconciliation: an order the platform's list names and ShopDesk lacks (its push was lost) is fetched once; one already as new is not",
        arguments: TestEngine.available)
    func reconciliationQueuesWhatIsMissing(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            let workspace = fixture.workspace.id
            try await StockStoreTests.product(store, fixture, onHand: 5)
            _ = try await store.applyChannelOrder(
                Self.tiktokOrder(fixture, id: "known", status: "AWAITING_SHIPMENT", at: 10), platform: .tiktokShop, workspace: workspace,
                now: .fixture(11))
            #expect(try await store.nextOrderPoll(channels: [fixture.channel.id], now: .fixture(12)) == .fixture(12), "never read: due now")
            let listed: [(orderID: String, updatedAt: Date?)] = [("known", .fixture(10)), ("lost", .fixture(20)), ("lost", .fixture(20))]
            #expect(try await store.requestOrderFetches(listed, channel: fixture.channel.id, workspace: workspace, now: .fixture(30)) == 2)
            let due = try await store.claimOrderFetches(now: .fixture(30), lease: 60)
            #expect(due.map(\.orderID) == ["lost"], "one fetch of the lost order, none of the one already stored")
            _ = try await store.applyChannelOrder(
                Self.tiktokOrder(fixture, id: "lost", status: "AWAITING_SHIPMENT", at: 20), platform: .tiktokShop, workspace: workspace,
                now: .fixture(31))
            for fetch in due { try await store.finishOrderFetch(fetch, now: .fixture(31)) }
            #expect(try await store.nextOrderFetch() == nil)
            try await store.saveOrderPoll(channel: fixture.channel.id, workspace: workspace, until: .fixture(30), nextAt: .fixture(330), error: nil)
            #expect(try await store.orderPoll(channel: fixture.channel.id)?.until == .fixture(30))
            #expect(try await store.nextOrderPoll(channels: [fixture.channel.id], now: .fixture(40)) == .fixture(330))
            #expect(try await store.inventory(sku: "TEE-RED-M", workspace: workspace).balance == StockBalance(onHand: 5, reserved: 4))
            #expect(try await store.verifyStock().isEmpty)
        }
    }
}
