import Foundation
import ShopDeskChannels
import ShopDeskCore
import ShopDeskSimulator
import Testing

@testable import ShopDeskServer

/// Orders from the marketplaces through ShopDesk, against the simulator: pushes fetched, lost pushes
/// recovered, cancels sent with the platform's own reasons (issue 17).
@Suite("Orders from the marketplaces")
struct OrderFlowTests {
    /// Lists `sku` with `onHand` units on every simulated marketplace and waits for the pushes to land.
    static func listed(_ sku: String, onHand: Int64, stack: LiveStack) async throws -> [(account: SimulatedAccount, skuID: String)] {
        let accounts = try await stack.simulator.connect(shopDesk: stack.shopDesk, token: stack.ownerToken, transport: stack.transport)
        let linked = try await stack.simulator.list(
            sku, title: ["vi": "Áo thun"], onHand: onHand, on: accounts, shopDesk: stack.shopDesk, token: stack.ownerToken,
            transport: stack.transport)
        try await StockPushTests.converge(sku, to: onHand, stack: stack, linked: linked)
        return linked
    }

    /// The order ShopDesk has for a platform order, once it is there.
    static func order(_ external: String, channel: String, stack: LiveStack, status: String? = nil) async throws -> [String: Any] {
        let id = try await stack.eventually("order \(external) of \(channel) in ShopDesk\(status.map { " as \($0)" } ?? "")") {
            let items = try await stack.api(.get, "/api/v1/orders?channel_id=\(channel)&limit=200").json["items"] as? [[String: Any]] ?? []
            return items.first { $0["external_id"] as? String == external && (status == nil || $0["status"] as? String == status) }?["id"] as? String
        }
        return try await stack.api(.get, "/api/v1/orders/\(id)").json
    }

    @Test(
        "orders sold on TikTok Shop, Shopee and Lazada reach the orders API with lines, money, ship-by and buyer; a push the platform dropped is found by reading its order list"
    )
    func ordersArrive() async throws {
        try await LiveStack.run(orderPollInterval: 1) { stack in
            let linked = try await Self.listed("ORD-1", onHand: 20, stack: stack)
            for (account, skuID) in linked {
                let sold = try #require(try await stack.simulator.sell(2, of: skuID, on: account, transport: stack.transport))
                let order = try await Self.order(sold.id, channel: account.channelAccountID, stack: stack)
                #expect(order["platform"] as? String == account.platform.rawValue)
                #expect(order["status"] as? String == "awaiting_shipment", "\(account.platform)")
                let lines = order["lines"] as? [[String: Any]] ?? []
                #expect(lines.map { $0["sku"] as? String } == ["ORD-1"] && lines.first?["quantity"] as? Int == 2, "\(account.platform): \(lines)")
                #expect(order["ship_by"] is String, "\(account.platform) has a ship-by time")
                #expect(order["currency"] is String && order["total"] is String, "\(account.platform): \(order)")
                #expect(order["buyer_platform_user_id"] is String && order["buyer_id"] is String, "\(account.platform): \(order)")
                let id = try #require(order["id"] as? String)
                let detail = try await stack.api(.get, "/api/v1/orders/\(id)").json
                #expect((detail["history"] as? [[String: Any]])?.first?["status"] as? String == "awaiting_shipment")
            }

            // Lazada's push never comes: the order is found by reading its order list.
            let lazada = try #require(linked.first { $0.account.platform == .lazada })
            await stack.simulator.world.dropNextOrderPushes(1, account: lazada.account.channelAccountID)
            let lost = try #require(try await stack.simulator.sell(1, of: lazada.skuID, on: lazada.account, transport: stack.transport))
            _ = try await Self.order(lost.id, channel: lazada.account.channelAccountID, stack: stack)
            let inventory = try await stack.api(.get, "/api/v1/inventory/ORD-1").json
            #expect(inventory["reserved"] as? Int == 7, "every order holds its units, the recovered one too")
            #expect(try await Administration.verifyStock(stack.settings, logger: TestApp.logger).isEmpty)
        }
    }

    @Test("an agent cancels an order with one of its platform's reasons: the platform cancels it, and its units come back")
    func cancelWithPlatformReason() async throws {
        try await LiveStack.run { stack in
            let linked = try await Self.listed("ORD-2", onHand: 10, stack: stack)
            for (account, skuID) in linked {
                let sold = try #require(try await stack.simulator.sell(2, of: skuID, on: account, transport: stack.transport))
                let order = try await Self.order(sold.id, channel: account.channelAccountID, stack: stack)
                let id = try #require(order["id"] as? String)
                let reasons = try await stack.api(.get, "/api/v1/orders/\(id)/cancel-reasons").json["items"] as? [[String: Any]] ?? []
                let reason = try #require(reasons.first?["code"] as? String, "\(account.platform) offers reasons")
                let refused = try await stack.api(.post, "/api/v1/orders/\(id)/cancel", body: ["reason": "NOT-A-REASON"])
                #expect(refused.status == 502, "\(account.platform) refuses a reason it does not take: \(refused.json)")
                let cancelled = try await stack.api(.post, "/api/v1/orders/\(id)/cancel", body: ["reason": reason])
                #expect(cancelled.status == 200, "\(cancelled.json)")
                #expect(
                    await stack.simulator.world.receivedCancels(account: account.channelAccountID).map(\.orderID) == [sold.id],
                    "\(account.platform) received the cancel")
                _ = try await Self.order(sold.id, channel: account.channelAccountID, stack: stack, status: "cancelled")
                #expect(try await stack.api(.post, "/api/v1/orders/\(id)/cancel", body: ["reason": reason]).status == 200, "again: nothing")
            }
            _ = try await stack.eventually("every unit back") {
                try await stack.api(.get, "/api/v1/inventory/ORD-2").json["reserved"] as? Int == 0 ? true : nil
            }
            #expect(await stack.simulator.world.receivedCancels().count == 3)
            let audit = try await stack.api(.get, "/api/v1/audit-log?action=order_cancelled").json["items"] as? [[String: Any]] ?? []
            #expect(audit.count == 3)
            #expect(try await Administration.verifyStock(stack.settings, logger: TestApp.logger).isEmpty)
        }
    }
}

extension OrderFlowTests {
    /// The buyer's requests of an order, once one waits for the seller.
    static func waitingRequest(order id: String, stack: LiveStack) async throws -> String {
        try await stack.eventually("a request of order \(id) waiting for the seller") {
            let items = try await stack.api(.get, "/api/v1/orders/\(id)/after-sales").json["items"] as? [[String: Any]] ?? []
            return items.first { $0["awaiting_seller"] as? Bool == true }?["request_id"] as? String
        }
    }

    @Test(
        "a buyer's cancellation request reaches ShopDesk from each marketplace, and the agent's approval through the platform cancels the order and gives its units back; a return is rejected with the platform's reason"
    )
    func afterSaleRequests() async throws {
        try await LiveStack.run { stack in
            let linked = try await Self.listed("ORD-3", onHand: 20, stack: stack)
            for (account, skuID) in linked {
                // A cancellation before shipping, approved.
                let sold = try #require(try await stack.simulator.sell(2, of: skuID, on: account, transport: stack.transport))
                let id = try #require(try await Self.order(sold.id, channel: account.channelAccountID, stack: stack)["id"] as? String)
                _ = try #require(try await stack.simulator.openAfterSale(.cancellation, on: sold, account: account, transport: stack.transport))
                let cancel = try await Self.waitingRequest(order: id, stack: stack)
                let approved = try await stack.api(.post, "/api/v1/orders/\(id)/after-sales/\(cancel)/approve")
                #expect(approved.status == 200 && approved.json["decision"] as? String == "approved", "\(account.platform): \(approved.json)")
                #expect(await stack.simulator.world.receivedAfterSaleDecisions(account: account.channelAccountID).map(\.approve) == [true])
                await stack.simulator.pushPendingAfterSaleChanges(transport: stack.transport)
                _ = try await Self.order(sold.id, channel: account.channelAccountID, stack: stack, status: "cancelled")

                // A return after delivery, rejected with one of the platform's reasons.
                let delivered = try #require(try await stack.simulator.sell(1, of: skuID, on: account, transport: stack.transport))
                let moved = try #require(try await stack.simulator.advance(delivered, to: .delivered, on: account, transport: stack.transport))
                let returned = try #require(
                    try await Self.order(moved.id, channel: account.channelAccountID, stack: stack, status: "delivered")["id"] as? String)
                _ = try #require(try await stack.simulator.openAfterSale(.returnAndRefund, on: moved, account: account, transport: stack.transport))
                let request = try await Self.waitingRequest(order: returned, stack: stack)
                let reasons =
                    try await stack.api(.get, "/api/v1/orders/\(returned)/after-sales/\(request)/reject-reasons").json["items"]
                    as? [[String: Any]] ?? []
                let reason = try #require(reasons.first?["code"] as? String, "\(account.platform) offers reject reasons")
                let rejected = try await stack.api(
                    .post, "/api/v1/orders/\(returned)/after-sales/\(request)/reject", body: ["reason": reason, "comment": "The seal is broken"])
                #expect(rejected.status == 200 && rejected.json["decision"] as? String == "rejected", "\(account.platform): \(rejected.json)")
                #expect(await stack.simulator.world.receivedAfterSaleDecisions(account: account.channelAccountID).map(\.approve) == [true, false])
            }
            _ = try await stack.eventually("the cancelled units back") {
                try await stack.api(.get, "/api/v1/inventory/ORD-3").json["reserved"] as? Int == 0 ? true : nil
            }
            let audit = try await stack.api(.get, "/api/v1/audit-log?action=after_sale_approved").json["items"] as? [[String: Any]] ?? []
            #expect(audit.count == 3)
            #expect(try await Administration.verifyStock(stack.settings, logger: TestApp.logger).isEmpty)
        }
    }
}
