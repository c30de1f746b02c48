import Foundation
import Testing

@testable import ShopDeskCore
@testable import ShopDeskStore

/// Each listing's stock push as the store keeps it, on both engines (issue 16, part 5): coalesced to
/// the latest value, claimed with a lease, retried as a total, settled without a call when the
/// platform already shows the value.
@Suite("Stock pushes in the store")
struct StockPushStoreTests {
    /// A SKU with 10 on hand, listed on the fixture's channel, whose first push (10) was acknowledged at 4 s.
    static func pushedListing(_ store: SQLStore) async throws -> Fixture {
        let fixture = try await Fixture.make(store)
        try await StockStoreTests.product(store, fixture, onHand: 10)
        try await store.linkListing(
            sku: "TEE-RED-M", channel: fixture.channel.id, platformProductID: "p1", platformSKUID: "s1", workspace: fixture.workspace.id,
            now: .fixture(2))
        let first = try #require(try await store.claimStockPushes(now: .fixture(3), lease: 60, pushable: [.custom]).first)
        try await store.recordStockPushes([(first, .acknowledged(quantity: 10), nil)], now: .fixture(4))
        return fixture
    }

    @Test("changes while a push waits or flies are coalesced into one; a retry and a push in doubt go as totals", arguments: TestEngine.available)
    func coalescedClaims(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            let workspace = fixture.workspace.id
            try await StockStoreTests.product(store, fixture, onHand: 10)
            try await store.linkListing(
                sku: "TEE-RED-M", channel: fixture.channel.id, platformProductID: "p1", platformSKUID: "s1", workspace: workspace, now: .fixture(2))
            func claim(_ seconds: TimeInterval) async throws -> [StockPushItem] {
                try await store.claimStockPushes(now: .fixture(seconds), lease: 60, pushable: [.custom])
            }
            func reserve(_ key: String, _ seconds: TimeInterval) async throws -> Reservation {
                try await store.reserve(
                    [.init(sku: "TEE-RED-M", quantity: 1)], idempotencyKey: key, expiresAt: .fixture(3600), workspace: workspace,
                    now: .fixture(seconds)
                ).reservation
            }

            let first = try #require(try await claim(3).first)
            #expect(first.update.quantity == 10 && first.basis == nil && !first.inDoubt && first.changedAt == .fixture(2))
            #expect(try await claim(3).isEmpty, "claimed once")
            // Two checkouts while the first push is in flight: one more push, with the latest value.
            _ = try await reserve("a", 4)
            _ = try await reserve("b", 4.5)
            try await store.recordStockPushes([(first, .acknowledged(quantity: 10), nil)], now: .fixture(5))
            let second = try #require(try await claim(5).first)
            #expect(second.update.quantity == 8 && second.basis == 10 && second.changedAt == .fixture(4))

            // Throttled: due again at the backoff time, and then as a total.
            try await store.recordStockPushes([(second, .retry(reason: "HTTP 429", after: nil), .fixture(10))], now: .fixture(6))
            #expect(try await store.nextStockPush() == .fixture(10))
            #expect(try await claim(7).isEmpty)
            let third = try #require(try await claim(10).first)
            #expect(third.update.quantity == 8 && third.basis == nil && third.changedAt == .fixture(4))

            // Never recorded (the process died): after the lease it is in doubt, sent again as a total.
            #expect(try await claim(69).isEmpty)
            let fourth = try #require(try await claim(71).first)
            #expect(fourth.inDoubt && fourth.basis == nil && fourth.update.quantity == 8)
            // The old claim's outcome is not recorded over the new one.
            try await store.recordStockPushes([(third, .acknowledged(quantity: 1), nil)], now: .fixture(72))
            try await store.recordStockPushes([(fourth, .acknowledged(quantity: 8), nil)], now: .fixture(72))
            var listing = try #require(try await store.inventory(sku: "TEE-RED-M", workspace: workspace).listings.first)
            #expect(listing.push == ListingPushState(acknowledged: 8, acknowledgedAt: .fixture(72), pendingSince: nil, error: nil))
            #expect(try await store.nextStockPush() == nil)

            // A hold and its release cancel out: settled without a call.
            let held = try await reserve("c", 80)
            _ = try await store.releaseReservation(held.id, workspace: workspace, now: .fixture(81))
            #expect(try await claim(82).isEmpty)
            #expect(try await store.nextStockPush() == nil)

            // A refusal is kept beside the listing until a change tries again.
            _ = try await reserve("d", 90)
            let fifth = try #require(try await claim(91).first)
            try await store.recordStockPushes([(fifth, .rejected(reason: "quantity must be 1 to 99999"), nil)], now: .fixture(92))
            listing = try #require(try await store.inventory(sku: "TEE-RED-M", workspace: workspace).listings.first)
            #expect(listing.push.error == "quantity must be 1 to 99999" && listing.push.acknowledged == 8)
            #expect(try await store.nextStockPush() == nil)
            #expect(try await store.verifyStock().isEmpty)
        }
    }

    @Test(
        "a platform whose stock ShopDesk does not set is settled at once, and an allocation change makes pushes due", arguments: TestEngine.available)
    func unpushableAndAllocation(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            let workspace = fixture.workspace.id
            try await StockStoreTests.product(store, fixture, onHand: 10)
            try await store.linkListing(
                sku: "TEE-RED-M", channel: fixture.channel.id, platformProductID: "p1", platformSKUID: "s1", workspace: workspace, now: .fixture(2))
            #expect(try await store.claimStockPushes(now: .fixture(3), lease: 60, pushable: [.lazada]).isEmpty)
            #expect(try await store.nextStockPush() == nil)
            try await store.setAllocation(.cap(4), channel: fixture.channel.id, workspace: workspace, now: .fixture(4))
            let item = try #require(try await store.claimStockPushes(now: .fixture(5), lease: 60, pushable: [.custom]).first)
            #expect(item.update.quantity == 4)
        }
    }

    @Test(
        "a marketplace order holds its units once however often it is fetched, what the ledger no longer had is recorded as oversold, shipping and cancelling move it on",
        arguments: TestEngine.available)
    func channelOrders(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            let workspace = fixture.workspace.id
            try await StockStoreTests.product(store, fixture, onHand: 3)
            func apply(_ id: String, _ status: String, units: Int64) async throws -> Set<String> {
                try await store.applyChannelOrder(
                    ChannelOrder(
                        channelAccountID: fixture.channel.id, orderID: id, platformStatus: status,
                        lines: Array(repeating: .init(sku: "TEE-RED-M", quantity: 1), count: Int(units)) + [.init(sku: "NOT-OURS", quantity: 1)]),
                    platform: .tiktokShop, workspace: workspace, now: .fixture(10)
                ).skus
            }
            #expect(try await apply("o1", "AWAITING_SHIPMENT", units: 2) == ["TEE-RED-M"])
            #expect(try await apply("o1", "AWAITING_SHIPMENT", units: 2).isEmpty, "fetched again: nothing more held")
            // Only one unit was left: the other was sold beyond the seller's stock.
            #expect(try await apply("o2", "UNPAID", units: 2) == ["TEE-RED-M"])
            let oversold = try #require(try await store.channelOrderStock(fixture.channel.id, orderID: "o2"))
            #expect(oversold.oversold == 2, "one unit beyond stock, one of a SKU not in the catalog")
            #expect(try await store.inventory(sku: "TEE-RED-M", workspace: workspace).balance == StockBalance(onHand: 3, reserved: 3))

            #expect(try await apply("o1", "IN_TRANSIT", units: 2) == ["TEE-RED-M"])
            #expect(try await apply("o2", "CANCEL", units: 2) == ["TEE-RED-M"])
            #expect(try await apply("o1", "CANCELLED", units: 2).isEmpty, "a shipped order's units left with it")
            #expect(try await store.inventory(sku: "TEE-RED-M", workspace: workspace).balance == StockBalance(onHand: 1, reserved: 0))
            #expect(try await store.channelOrderStock(fixture.channel.id, orderID: "o1")?.state == .shipped)
            #expect(try await store.verifyStock().isEmpty)
        }
    }

    @Test("a conversation is about the SKUs its product cards name on that channel and the SKUs the buyer wrote", arguments: TestEngine.available)
    func mentionedStock(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Fixture.make(store)
            let workspace = fixture.workspace.id
            try await StockStoreTests.product(store, fixture, sku: "TEE-RED-M", onHand: 4)
            try await StockStoreTests.product(store, fixture, sku: "CAP-01", onHand: 9)
            try await StockStoreTests.product(store, fixture, sku: "BAG-2", onHand: 1)
            try await store.linkListing(
                sku: "CAP-01", channel: fixture.channel.id, platformProductID: "777", platformSKUID: "1", workspace: workspace, now: .fixture(2))
            let found = try await store.mentionedStock(
                channel: fixture.channel.id, productIDs: ["777", "unknown"], texts: ["còn tee-red-m không?", "TEE-RED"], workspace: workspace)
            #expect(found.map(\.sku) == ["CAP-01", "TEE-RED-M"])
            #expect(found.map(\.level) == [.ok, .low])
            #expect(try await store.mentionedStock(channel: fixture.channel.id, productIDs: [], texts: ["hello"], workspace: workspace).isEmpty)
        }
    }

    @Test("a refused change is sent again at once as a total; a marketplace's own sale makes its listing due again", arguments: TestEngine.available)
    func refusedDeltaGoesAsTotal(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Self.pushedListing(store)
            let workspace = fixture.workspace.id
            _ = try await store.setOnHand(0, sku: "TEE-RED-M", workspace: workspace, actor: "test", now: .fixture(5))
            var change = try #require(try await store.claimStockPushes(now: .fixture(6), lease: 60, pushable: [.custom]).first)
            #expect(change.basis == 10 && change.update.quantity == 0)
            change.update.delta = -10
            try await store.recordStockPushes([(change, .rejected(reason: "sellable quantity cannot be negative"), nil)], now: .fixture(7))
            let total = try #require(try await store.claimStockPushes(now: .fixture(7), lease: 60, pushable: [.custom]).first)
            #expect(total.basis == nil && total.update.quantity == 0 && total.changedAt == .fixture(5))
            try await store.recordStockPushes([(total, .acknowledged(quantity: 0), nil)], now: .fixture(8))
            #expect(try await store.nextStockPush() == nil)

            // The platform sold a unit ShopDesk could not hold (it had none): its listing is looked at again.
            _ = try await store.applyChannelOrder(
                ChannelOrder(
                    channelAccountID: fixture.channel.id, orderID: "o1", platformStatus: "UNPAID", lines: [.init(sku: "TEE-RED-M", quantity: 1)]),
                platform: .tiktokShop, workspace: workspace, now: .fixture(9))
            #expect(try await store.nextStockPush() == .fixture(9))
        }
    }

    @Test("a batch of checkouts makes the SKU's push and notice due once, with the balance after the batch", arguments: TestEngine.available)
    func batchMarksOnce(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let fixture = try await Self.pushedListing(store)
            let workspace = fixture.workspace.id
            for notice in try await store.claimStockNotices(now: .fixture(4), lease: 60) {
                try await store.finishStockNotice(notice, retryAt: nil, error: nil, now: .fixture(4))
            }
            let requests = try (0..<3).map { index in
                try ReservationRequest(
                    lines: [.init(sku: "TEE-RED-M", quantity: 2)], idempotencyKey: "batch-\(index)", expiresAt: .fixture(600), workspace: workspace,
                    now: .fixture(5))
            }
            let results = try await store.reserve(requests)
            #expect(results.allSatisfy { (try? $0.get().created) == true })
            let pushes = try await store.claimStockPushes(now: .fixture(6), lease: 60, pushable: [.custom])
            #expect(pushes.map(\.update.quantity) == [4] && pushes.first?.changedAt == .fixture(5))
            let notices = try await store.claimStockNotices(now: .fixture(6), lease: 60)
            #expect(notices.map(\.notice.balance.available) == [4])
            #expect(try await store.verifyStock().isEmpty)
        }
    }
}
