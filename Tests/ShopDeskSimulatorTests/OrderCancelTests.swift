import Foundation
import ShopDeskChannels
import ShopDeskCore
import ShopDeskSimulator
import Testing

/// A seller's cancel through each marketplace (commerce-platforms.md §1.8, §2.7, §3.7).
@Suite("Cancelling marketplace orders")
struct OrderCancelTests {
    @Test(
        "the platform's reasons are read, the cancel goes through, the units come back and the change is pushed", arguments: OrderHarness.marketplaces
    )
    func roundTrip(platform: Platform) async throws {
        let harness = try await OrderHarness.make()
        let account = harness.account(platform)
        let placed = try await harness.sell(2, on: platform)
        let read = try #require(try await harness.read(placed.id, on: platform))
        let order = harness.stored(read, on: platform)

        let reasons = try await harness.client.cancelReasons(
            for: order, account: harness.channelAccount(platform), credentials: harness.credentials(platform))
        let reason = try #require(reasons.first)
        switch platform {
        case .tiktokShop: #expect(reasons.map(\.code).contains("seller_cancel_reason_out_of_stock"))
        case .shopee: #expect(reasons.map(\.code).contains("UNDELIVERABLE_AREA"), "Malaysia takes it")
        default: #expect(reasons.map(\.code).contains("10000021"))
        }
        try await harness.client.cancel(
            order, reason: reason.code, idempotencyKey: "k-1", account: harness.channelAccount(platform), credentials: harness.credentials(platform))

        let after = try #require(await harness.simulator.world.order(placed.id, account: account.channelAccountID))
        #expect(after.cancelled)
        #expect(after.cancelledBy == "seller")
        #expect(await harness.simulator.world.receivedCancels(account: account.channelAccountID).map(\.reason) == [reason.code])
        #expect(await harness.simulator.world.listings(of: account.channelAccountID)[0].stock == 20)

        await harness.simulator.pushPendingOrderChanges(transport: harness.transport)
        let pushes = await harness.transport.pushes.about(placed.id)
        #expect(pushes.count == 2)
        #expect(pushes.last?.lowercased().contains("cancel") == true)
        let reread = try #require(try await harness.read(placed.id, on: platform))
        #expect(OrderLifecycle.status(platform: platform, platformStatus: reread.platformStatus) == .cancelled)

        // Sent again after a call in doubt: the platform refuses, the order is found cancelled, all is well.
        try await harness.client.cancel(
            order, reason: reason.code, idempotencyKey: "k-1", account: harness.channelAccount(platform), credentials: harness.credentials(platform))
        #expect(await harness.simulator.world.receivedCancels(account: account.channelAccountID).count == 1)
        #expect(await harness.simulator.world.refusedSignatures == 0)
    }

    @Test("a shipped order has no cancel reasons on TikTok Shop and Shopee, and Lazada refuses to list any")
    func shipped() async throws {
        let harness = try await OrderHarness.make()
        for platform in OrderHarness.marketplaces {
            let placed = try await harness.sell(1, on: platform)
            _ = try await harness.simulator.advance(placed, to: .shipped, on: harness.account(platform), transport: harness.transport)
            let order = harness.stored(try #require(try await harness.read(placed.id, on: platform)), on: platform)
            let account = harness.channelAccount(platform)
            if platform == .lazada {
                await #expect(throws: PlatformAPIError.self) {
                    try await harness.client.cancelReasons(for: order, account: account, credentials: harness.credentials(platform))
                }
            } else {
                #expect(try await harness.client.cancelReasons(for: order, account: account, credentials: harness.credentials(platform)).isEmpty)
            }
        }
    }

    @Test("a refusal is thrown with the platform's words, and nothing is cancelled")
    func refusal() async throws {
        let harness = try await OrderHarness.make()
        let placed = try await harness.sell(1, on: .tiktokShop)
        let order = harness.stored(try #require(try await harness.read(placed.id, on: .tiktokShop)), on: .tiktokShop)
        let error = await #expect(throws: PlatformAPIError.self) {
            try await harness.client.cancel(
                order, reason: "seller_cancel_unpaid_reason_wrong_price", idempotencyKey: "k-2", account: harness.channelAccount(.tiktokShop),
                credentials: harness.credentials(.tiktokShop))
        }
        #expect(error?.message.contains("Reason not match order status") == true)
        #expect(await harness.simulator.world.order(placed.id, account: harness.account(.tiktokShop).channelAccountID)?.cancelled == false)
    }

    @Test("Shopee's reasons follow the order: cash on delivery adds COD_NOT_SUPPORTED, and Vietnam has no UNDELIVERABLE_AREA")
    func shopeeReasons() async throws {
        let harness = try await OrderHarness.make()
        var placed = try await harness.sell(1, on: .shopee)
        while !placed.cashOnDelivery { placed = try await harness.sell(1, on: .shopee) }
        let order = harness.stored(try #require(try await harness.read(placed.id, on: .shopee)), on: .shopee)
        var vietnam = harness.channelAccount(.shopee)
        vietnam.market = "VN"
        let reasons = try await harness.client.cancelReasons(for: order, account: vietnam, credentials: harness.credentials(.shopee))
        #expect(reasons.map(\.code) == ["OUT_OF_STOCK", "CUSTOMER_REQUEST", "COD_NOT_SUPPORTED"])
    }
}
