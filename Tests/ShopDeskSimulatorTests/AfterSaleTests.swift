import Foundation
import ShopDeskChannels
import ShopDeskCore
import ShopDeskSimulator
import Testing

/// Buyers' cancel, return and refund requests on each marketplace, read and answered through ShopDesk's
/// platform client (commerce-platforms.md §1.8, §2.7, §3.7), and the platforms' late-shipment figures
/// (§2.8, §3.8).
@Suite("After-sale requests on the marketplaces")
struct AfterSaleTests {
    /// An order placed (and delivered, for a return) with the buyer's request open and pushed, and the
    /// order as ShopDesk stores it after the push made it read the order again.
    func opened(
        _ kind: SimulatedAfterSale.Kind, on platform: Platform, harness: OrderHarness
    ) async throws -> (order: Order, request: SimulatedAfterSale) {
        let account = harness.account(platform)
        var placed = try await harness.sell(1, on: platform)
        if kind != .cancellation {
            placed = try #require(try await harness.simulator.advance(placed, to: .delivered, on: account, transport: harness.transport))
        }
        let request = try #require(try await harness.simulator.openAfterSale(kind, on: placed, account: account, transport: harness.transport))
        let read = try #require(try await harness.read(placed.id, on: platform))
        return (harness.stored(read, on: platform), request)
    }

    func list(_ order: Order, on platform: Platform, harness: OrderHarness) async throws -> [AfterSaleRequest] {
        try await harness.client.afterSaleRequests(for: order, account: harness.channelAccount(platform), credentials: harness.credentials(platform))
    }

    @Test(
        "a buyer's cancel request is pushed, listed, approved: the order is cancelled and the units come back", arguments: OrderHarness.marketplaces)
    func cancellationApproved(platform: Platform) async throws {
        let harness = try await OrderHarness.make()
        let account = harness.account(platform)
        let (order, opened) = try await self.opened(.cancellation, on: platform, harness: harness)
        let pushes = await harness.transport.pushes.about(order.externalID)
        switch platform {
        case .tiktokShop: #expect(pushes.contains { $0.contains("\"type\":11") })
        case .shopee: #expect(pushes.contains { $0.contains("IN_CANCEL") })
        default: #expect(pushes.contains { $0.contains("\"message_type\":10") })
        }

        let listed = try await self.list(order, on: platform, harness: harness)
        let request = try #require(listed.first)
        #expect(listed.count == 1)
        #expect(request.requestID == opened.id)
        #expect(request.kind == .cancellation)
        #expect(request.awaitingSeller)
        #expect(request.orderID == order.externalID)
        if platform == .shopee { #expect(request.requestID == order.externalID) }

        let channel = harness.channelAccount(platform)
        try await harness.client.decide(
            request, approve: true, reason: nil, comment: nil, idempotencyKey: "k-1", order: order, account: channel,
            credentials: harness.credentials(platform))
        let after = try #require(await harness.simulator.world.order(order.externalID, account: account.channelAccountID))
        #expect(after.cancelled)
        #expect(await harness.simulator.world.listings(of: account.channelAccountID)[0].stock == 20)
        #expect(await harness.simulator.world.receivedAfterSaleDecisions(account: account.channelAccountID).map(\.approve) == [true])
        await harness.simulator.pushPendingAfterSaleChanges(transport: harness.transport)
        #expect(await harness.transport.pushes.about(order.externalID).last?.lowercased().contains("cancel") == true)

        // Sent again after a call in doubt: the platform takes the key or refuses and the request reads back approved.
        try await harness.client.decide(
            request, approve: true, reason: nil, comment: nil, idempotencyKey: "k-1", order: order, account: channel,
            credentials: harness.credentials(platform))
        #expect(await harness.simulator.world.receivedAfterSaleDecisions(account: account.channelAccountID).count == 1)
        let relisted = try await self.list(order, on: platform, harness: harness)
        #expect(relisted.first?.awaitingSeller == false)
        #expect(await harness.simulator.world.refusedSignatures == 0)
    }

    @Test(
        "a return is listed with its refund and deadline, rejected with one of the platform's reasons, and closed",
        arguments: OrderHarness.marketplaces)
    func returnRejected(platform: Platform) async throws {
        let harness = try await OrderHarness.make()
        let account = harness.account(platform)
        let (order, opened) = try await self.opened(.returnAndRefund, on: platform, harness: harness)
        let request = try #require(try await self.list(order, on: platform, harness: harness).first)
        #expect(request.kind == .returnAndRefund)
        #expect(request.awaitingSeller)
        #expect(request.refundMinor == opened.refundMinor)
        #expect(request.currency == opened.currency)
        let respondBy = try #require(request.respondBy)
        #expect(abs(respondBy.timeIntervalSince(opened.respondBy)) < 1)
        if platform == .lazada { #expect(request.lineIDs == opened.lineIDs) }

        let channel = harness.channelAccount(platform)
        let reasons = try await harness.client.rejectReasons(for: request, order: order, account: channel, credentials: harness.credentials(platform))
        let reason = try #require(reasons.first)
        try await harness.client.decide(
            request, approve: false, reason: reason.code, comment: "The item was sent as described", idempotencyKey: "k-2", order: order,
            account: channel, credentials: harness.credentials(platform))
        let decisions = await harness.simulator.world.receivedAfterSaleDecisions(account: account.channelAccountID)
        #expect(decisions.map(\.approve) == [false])
        #expect(decisions.first?.reason == reason.code)
        let after = try #require(await harness.simulator.world.order(order.externalID, account: account.channelAccountID))
        #expect(!after.cancelled && !after.returned)
        #expect(try await self.list(order, on: platform, harness: harness).first?.awaitingSeller == false)
    }

    @Test("a refund approved moves the order to returned where the platform has such a status", arguments: OrderHarness.marketplaces)
    func refundApproved(platform: Platform) async throws {
        let harness = try await OrderHarness.make()
        let account = harness.account(platform)
        let (order, _) = try await self.opened(.refund, on: platform, harness: harness)
        let request = try #require(try await self.list(order, on: platform, harness: harness).first)
        #expect(request.kind == .refund)
        try await harness.client.decide(
            request, approve: true, reason: nil, comment: nil, idempotencyKey: "k-3", order: order, account: harness.channelAccount(platform),
            credentials: harness.credentials(platform))
        #expect(await harness.simulator.world.order(order.externalID, account: account.channelAccountID)?.returned == true)
        let reread = try #require(try await harness.read(order.externalID, on: platform))
        switch platform {
        case .shopee: #expect(reread.platformStatus == "TO_RETURN")
        case .lazada: #expect(reread.platformStatus == "returned")
        default: #expect(reread.platformStatus == "DELIVERED")
        }
        #expect(try await self.list(order, on: platform, harness: harness).first?.awaitingSeller == false)
    }

    @Test(
        "a rejection with a reason the platform does not take is refused in its words, and nothing is decided", arguments: OrderHarness.marketplaces)
    func wrongReason(platform: Platform) async throws {
        let harness = try await OrderHarness.make()
        let account = harness.account(platform)
        let (order, _) = try await self.opened(.returnAndRefund, on: platform, harness: harness)
        let request = try #require(try await self.list(order, on: platform, harness: harness).first)
        let error = await #expect(throws: PlatformAPIError.self) {
            try await harness.client.decide(
                request, approve: false, reason: "999", comment: "no", idempotencyKey: "k-4", order: order, account: harness.channelAccount(platform),
                credentials: harness.credentials(platform))
        }
        #expect(error?.message.contains("refused") == true)
        #expect(await harness.simulator.world.receivedAfterSaleDecisions(account: account.channelAccountID).isEmpty)
        #expect(try await self.list(order, on: platform, harness: harness).first?.awaitingSeller == true)
    }

    @Test("a Shopee buyer cancel is rejected without a reason and the order goes back on its way")
    func shopeeCancelRejected() async throws {
        let harness = try await OrderHarness.make()
        let (order, _) = try await self.opened(.cancellation, on: .shopee, harness: harness)
        let request = try #require(try await self.list(order, on: .shopee, harness: harness).first)
        let channel = harness.channelAccount(.shopee)
        #expect(
            try await harness.client.rejectReasons(for: request, order: order, account: channel, credentials: harness.credentials(.shopee)).isEmpty)
        try await harness.client.decide(
            request, approve: false, reason: nil, comment: nil, idempotencyKey: "k-5", order: order, account: channel,
            credentials: harness.credentials(.shopee))
        let reread = try #require(try await harness.read(order.externalID, on: .shopee))
        #expect(reread.platformStatus == "READY_TO_SHIP")
        #expect(try await self.list(order, on: .shopee, harness: harness).first?.awaitingSeller == false)
    }

    @Test("Shopee and Lazada give the shop's late-shipment figure from its orders; TikTok Shop has none")
    func lateShipment() async throws {
        let harness = try await OrderHarness.make()
        for platform in OrderHarness.marketplaces {
            let id = harness.account(platform).channelAccountID
            let onTime = try await harness.sell(1, on: platform)
            let late = try await harness.sell(1, on: platform)
            _ = try await harness.sell(1, on: platform)
            _ = await harness.simulator.world.advance(onTime.id, account: id, to: .shipped, at: onTime.shipBy.addingTimeInterval(-3600))
            _ = await harness.simulator.world.advance(late.id, account: id, to: .shipped, at: late.shipBy.addingTimeInterval(3600))
            let figure = try await harness.client.platformLateShipment(
                account: harness.channelAccount(platform), credentials: harness.credentials(platform))
            switch platform {
            case .tiktokShop:
                #expect(figure == nil)
            case .shopee:
                let figure = try #require(figure)
                #expect(abs(figure.rate - 0.5) < 0.0001)
                #expect(figure.target.map { abs($0 - 0.1) < 0.0001 } == true)
            default:
                let figure = try #require(figure)
                #expect(abs(figure.rate - 0.5) < 0.0001)
                #expect(figure.target == nil)
            }
        }
    }
}
