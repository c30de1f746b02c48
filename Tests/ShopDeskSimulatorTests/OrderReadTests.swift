import Foundation
import ShopDeskChannels
import ShopDeskCore
import ShopDeskSimulator
import Testing

/// Each marketplace's order detail, as the simulator answers it in the platform's shape, read through
/// ShopDesk's order readers (commerce-platforms.md §1.4, §2.3, §3.3).
@Suite("Reading marketplace orders")
struct OrderReadTests {
    static func sameSecond(_ lhs: Date?, _ rhs: Date?) -> Bool {
        guard let lhs, let rhs else { return false }
        return abs(lhs.timeIntervalSince1970.rounded(.down) - rhs.timeIntervalSince1970.rounded(.down)) < 1
    }

    @Test("an order's lines, money, buyer, address, payment and ship-by time are read", arguments: OrderHarness.marketplaces)
    func detail(platform: Platform) async throws {
        let harness = try await OrderHarness.make()
        var placed = try await harness.sell(2, on: platform)
        // The third order of a shop is discounted; sell until one is, so discounts are read too.
        while placed.unitDiscountMinor == 0 { placed = try await harness.sell(1, on: platform) }
        let order = try #require(try await harness.read(placed.id, on: platform))

        #expect(order.orderID == placed.id)
        #expect(OrderLifecycle.status(platform: platform, platformStatus: order.platformStatus) == .awaitingShipment)
        let line = try #require(order.lines.first)
        #expect(order.lines.count == 1)
        #expect(line.sku == OrderHarness.sku)
        #expect(line.quantity == placed.quantity)
        #expect(line.title?.hasPrefix("Red T-shirt M") == true)
        #expect(line.unitPriceMinor == placed.unitPriceMinor)
        #expect(line.discountMinor == placed.unitDiscountMinor * placed.quantity)
        #expect(line.platformProductID == placed.productID)
        #expect(line.platformSKUID == placed.skuID)
        // A line per unit on TikTok Shop and Lazada; one per item on Shopee.
        #expect(line.platformItemIDs.count == (platform == .shopee ? 1 : Int(placed.quantity)))
        #expect(order.currency == placed.currency)
        #expect(order.totalMinor == placed.totalMinor)
        #expect(order.buyerPlatformUserID == placed.buyerID)
        #expect(order.shippingAddress?.isEmpty == false)
        #expect(order.paymentMethod?.isEmpty == false)
        #expect(order.cashOnDelivery == placed.cashOnDelivery)
        #expect(Self.sameSecond(order.placedAt, placed.at))
        #expect(Self.sameSecond(order.shipBy, placed.shipBy))
        #expect(order.shippedAt == nil)
        if platform == .tiktokShop { #expect(Self.sameSecond(order.autoCancelAt, placed.autoCancelAt)) }
    }

    @Test("a shipped order carries its carrier, tracking number and hand-over time", arguments: OrderHarness.marketplaces)
    func shipped(platform: Platform) async throws {
        let harness = try await OrderHarness.make()
        let placed = try await harness.sell(1, on: platform)
        let moved = try #require(
            try await harness.simulator.advance(placed, to: .shipped, on: harness.account(platform), transport: harness.transport))
        let order = try #require(try await harness.read(placed.id, on: platform))

        #expect(OrderLifecycle.status(platform: platform, platformStatus: order.platformStatus) == .shipped)
        #expect(order.carrier == moved.carrier)
        if platform == .shopee {
            // Shopee's detail has no tracking number (a separate call), but the pick-up time.
            #expect(Self.sameSecond(order.shippedAt, moved.shippedAt))
        } else {
            #expect(order.trackingNumber == moved.trackingNumber)
        }
        if platform == .tiktokShop { #expect(Self.sameSecond(order.shippedAt, moved.shippedAt)) }
        #expect(await harness.transport.pushes.about(placed.id).count == 2, "the order and its shipping were pushed")
    }

    @Test("an order is sold to one of the shop's chat buyers when it has any")
    func chatBuyer() async throws {
        let harness = try await OrderHarness.make()
        let account = harness.account(.shopee)
        let buyer = try await harness.simulator.sendBuyerMessage("Is the red one in stock?", to: account, transport: harness.transport)
        let placed = try await harness.sell(1, on: .shopee)
        #expect(placed.buyerID == buyer.buyerID)
        #expect(try await harness.read(placed.id, on: .shopee)?.buyerPlatformUserID == buyer.buyerID)
    }

    @Test("amounts are in the market currency's minor units: whole đồng in Vietnam, satang in Thailand")
    func currencies() async throws {
        let harness = try await OrderHarness.make()
        let vietnam = try #require(try await harness.read(try await harness.sell(1, on: .tiktokShop).id, on: .tiktokShop))
        let thailand = try #require(try await harness.read(try await harness.sell(1, on: .lazada).id, on: .lazada))
        #expect(vietnam.currency == "VND")
        #expect((vietnam.lines.first?.unitPriceMinor ?? 0) >= 149_000)
        #expect(thailand.currency == "THB")
        #expect((thailand.lines.first?.unitPriceMinor ?? 0) >= 19_900)
    }
}
