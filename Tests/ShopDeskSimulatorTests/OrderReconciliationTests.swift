import Foundation
import ShopDeskChannels
import ShopDeskCore
import ShopDeskSimulator
import Testing

/// Finding the orders whose pushes never came (commerce-platforms.md §6.2).
@Suite("Reconciling marketplace orders")
struct OrderReconciliationTests {
    @Test("an order whose push was dropped is among the changed orders", arguments: OrderHarness.marketplaces)
    func droppedPush(platform: Platform) async throws {
        let harness = try await OrderHarness.make()
        let account = harness.account(platform)
        let seen = try await harness.sell(1, on: platform)
        await harness.simulator.world.dropNextOrderPushes(account: account.channelAccountID)
        let missed = try await harness.sell(1, on: platform)
        #expect(await harness.transport.pushes.about(missed.id).isEmpty)
        #expect(await harness.transport.pushes.about(seen.id).count == 1)

        let listed = try await harness.client.changedOrders(
            since: Date().addingTimeInterval(-3600), until: Date().addingTimeInterval(60), account: harness.channelAccount(platform),
            credentials: harness.credentials(platform))
        #expect(Set(listed.map(\.orderID)) == [seen.id, missed.id])
        #expect(listed.count == 2, "each order once")
    }

    @Test("more changed orders than one page are read page by page", arguments: OrderHarness.marketplaces)
    func paging(platform: Platform) async throws {
        let harness = try await OrderHarness.make()
        let account = harness.account(platform)
        let listing = SimulatedListing(productID: "77", skuID: "771", sellerSKU: "SON-LI-07", title: "Lipstick 07", stock: 300)
        await harness.simulator.world.addListing(listing, account: account.channelAccountID)
        var sold: Set<String> = []
        for _ in 0..<230 {
            if let order = try await harness.simulator.sell(1, of: "771", on: account, transport: harness.transport) { sold.insert(order.id) }
        }
        let listed = try await harness.client.changedOrders(
            since: Date().addingTimeInterval(-3600), until: Date().addingTimeInterval(60), account: harness.channelAccount(platform),
            credentials: harness.credentials(platform))
        #expect(listed.count == 230)
        #expect(Set(listed.map(\.orderID)) == sold)
    }

    @Test("a span longer than Shopee's 15 days is read in windows")
    func shopeeWindows() async throws {
        let harness = try await OrderHarness.make()
        let placed = try await harness.sell(1, on: .shopee)
        let listed = try await harness.client.changedOrders(
            since: Date().addingTimeInterval(-40 * 24 * 3600), until: Date().addingTimeInterval(60), account: harness.channelAccount(.shopee),
            credentials: harness.credentials(.shopee))
        #expect(listed.map(\.orderID) == [placed.id])
    }

    @Test("Shopee's lost order pushes are read with a partner signature and confirmed")
    func shopeeLostPushes() async throws {
        let harness = try await OrderHarness.make()
        let account = harness.account(.shopee)
        await harness.simulator.world.dropNextOrderPushes(account: account.channelAccountID)
        let missed = try await harness.sell(1, on: .shopee)
        #expect(await harness.simulator.world.lostPushCount() == 1)
        // A span that the order list does not cover: only the lost push names the order.
        let listed = try await harness.client.changedOrders(
            since: Date().addingTimeInterval(-7200), until: Date().addingTimeInterval(-3600), account: harness.channelAccount(.shopee),
            credentials: harness.credentials(.shopee))
        #expect(listed.map(\.orderID) == [missed.id])
        #expect(await harness.simulator.world.lostPushCount() == 0)
        #expect(await harness.simulator.world.refusedSignatures == 0)
    }

    @Test("pushes can be made unreliable: with every push disturbed, some arrive twice, late or never")
    func chaos() async throws {
        let harness = try await OrderHarness.make()
        await harness.simulator.world.setOrderPushChaos(1)
        var orders: [SimulatedOrder] = []
        for _ in 0..<12 { orders.append(try await harness.sell(1, on: .tiktokShop)) }
        var counts: [Int] = []
        for order in orders { counts.append(await harness.transport.pushes.about(order.id).count) }
        #expect(counts.allSatisfy { $0 <= 2 })
        #expect(counts.contains { $0 != 1 }, "some pushes were dropped or repeated")
    }
}
