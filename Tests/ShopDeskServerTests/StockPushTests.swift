import Foundation
import ShopDeskChannels
import ShopDeskCore
import ShopDeskSimulator
import Testing

@testable import ShopDeskServer

/// Stock pushed to the marketplaces through their signed stock APIs, against the simulator (issue 16,
/// part 5).
@Suite("Stock pushed to the platforms")
struct StockPushTests {
    /// Waits until every listing on the platforms shows `quantity` and ShopDesk shows it acknowledged.
    static func converge(_ sku: String, to quantity: Int64, stack: LiveStack, linked: [(account: SimulatedAccount, skuID: String)]) async throws {
        for (account, skuID) in linked {
            _ = try await stack.eventually("\(account.platform) showing \(quantity)") {
                await stack.simulator.world.listing(skuID, account: account.channelAccountID)?.stock == quantity ? true : nil
            }
        }
        _ = try await stack.eventually("ShopDesk recording every acknowledgement of \(quantity)") {
            let channels = try await stack.api(.get, "/api/v1/inventory/\(sku)").json["channels"] as? [[String: Any]] ?? []
            let pushes = channels.compactMap { $0["push"] as? [String: Any] }
            return pushes.count == linked.count
                && pushes.allSatisfy { $0["status"] as? String == "synced" && ($0["acknowledged"] as? NSNumber)?.int64Value == quantity } ? true : nil
        }
    }

    @Test(
        "a stocktake, a checkout and a cap reach TikTok Shop, Shopee and Lazada, signed; Lazada takes deltas; a throttled call is retried"
    )
    func pushesReachEveryMarketplace() async throws {
        try await LiveStack.run { stack in
            let accounts = try await stack.simulator.connect(shopDesk: stack.shopDesk, token: stack.ownerToken, transport: stack.transport)
            let linked = try await stack.simulator.list(
                "TEE-RED-M", title: ["vi": "Áo thun đỏ M"], onHand: 0, on: accounts, shopDesk: stack.shopDesk, token: stack.ownerToken,
                transport: stack.transport)
            #expect(linked.count == 3)
            try await Self.converge("TEE-RED-M", to: 0, stack: stack, linked: linked)

            let shopee = try #require(linked.first { $0.0.platform == .shopee })
            await stack.simulator.world.failNextSends([429], account: shopee.0.channelAccountID)
            #expect(try await stack.api(.put, "/api/v1/inventory/TEE-RED-M", body: ["on_hand": 40]).status == 200)
            try await Self.converge("TEE-RED-M", to: 40, stack: stack, linked: linked)

            let held = try await stack.api(
                .post, "/api/v1/reservations", body: ["lines": [["sku": "TEE-RED-M", "quantity": 5]], "expires_in_seconds": 600],
                headers: ["idempotency-key": "cart-1"])
            #expect(held.status == 201)
            try await Self.converge("TEE-RED-M", to: 35, stack: stack, linked: linked)

            let lazada = try #require(linked.first { $0.0.platform == .lazada })
            let lazadaUpdates = await stack.simulator.world.stockUpdates.filter { $0.channelAccountID == lazada.0.channelAccountID }
            #expect(lazadaUpdates.map(\.delta) == [false, true, true], "the first push is a total; later ones are changes")
            #expect(lazadaUpdates.map(\.sent) == [0, 40, -5])

            let tiktok = try #require(linked.first { $0.0.platform == .tiktokShop })
            #expect(
                try await stack.api(.put, "/api/v1/channels/\(tiktok.0.channelAccountID)/allocation", body: ["rule": "cap", "quantity": 10]).status
                    == 200)
            _ = try await stack.eventually("TikTok Shop capped at 10") {
                await stack.simulator.world.listing(tiktok.1, account: tiktok.0.channelAccountID)?.stock == 10 ? true : nil
            }
            #expect(await stack.simulator.world.refusedSignatures == 0)
            #expect(await stack.simulator.world.injectedFailures == 1)
            #expect(await stack.simulator.world.throttledStockCalls == 0)
        }
    }

    @Test("a refused update is shown beside the listing as failing, with the platform's reason")
    func refusalShown() async throws {
        try await LiveStack.run { stack in
            let accounts = try await stack.simulator.connect(shopDesk: stack.shopDesk, token: stack.ownerToken, transport: stack.transport)
            _ = try await stack.api(.post, "/api/v1/products", body: ["sku": "CAP-01", "title": ["en": "Cap"]])
            let tiktok = try #require(accounts.first { $0.platform == .tiktokShop })
            // Linked to a SKU id the platform does not have under that product.
            let link = try await stack.api(
                .post, "/api/v1/inventory/CAP-01/listings",
                body: ["channel_account_id": tiktok.channelAccountID, "platform_product_id": "1", "platform_sku_id": "2"])
            #expect(link.status == 201)
            let error = try await stack.eventually("the refusal recorded") { () -> String? in
                let channels = try await stack.api(.get, "/api/v1/inventory/CAP-01").json["channels"] as? [[String: Any]] ?? []
                let push = channels.first?["push"] as? [String: Any]
                return push?["status"] as? String == "failing" ? push?["error"] as? String : nil
            }
            #expect(error.contains("sku does not belong to the product"))
        }
    }

    @Test("a sale on TikTok Shop is fetched, held in the ledger and pushed to Shopee and Lazada (not back to TikTok); a cancellation gives it back")
    func saleOnOnePlatformReachesTheOthers() async throws {
        try await LiveStack.run { stack in
            let accounts = try await stack.simulator.connect(shopDesk: stack.shopDesk, token: stack.ownerToken, transport: stack.transport)
            let linked = try await stack.simulator.list(
                "LIVE-1", title: ["th": "ลิปสติก"], onHand: 10, on: accounts, shopDesk: stack.shopDesk, token: stack.ownerToken,
                transport: stack.transport)
            try await Self.converge("LIVE-1", to: 10, stack: stack, linked: linked)
            let tiktok = try #require(linked.first { $0.0.platform == .tiktokShop })
            let pushesToTikTok = await stack.simulator.world.stockUpdates.filter { $0.channelAccountID == tiktok.0.channelAccountID }.count

            let order = try #require(try await stack.simulator.sell(2, of: tiktok.1, on: tiktok.0, transport: stack.transport))
            try await Self.converge("LIVE-1", to: 8, stack: stack, linked: linked)
            let inventory = try await stack.api(.get, "/api/v1/inventory/LIVE-1").json
            #expect(inventory["reserved"] as? Int == 2 && inventory["available"] as? Int == 8)
            let movements = try await stack.api(.get, "/api/v1/inventory/LIVE-1/movements").json["items"] as? [[String: Any]] ?? []
            #expect(movements.first?["reference"] as? String == "order:tiktok-shop:\(order.id)")
            #expect(
                await stack.simulator.world.stockUpdates.filter { $0.channelAccountID == tiktok.0.channelAccountID }.count == pushesToTikTok,
                "TikTok Shop counted its own sale; it is not told again")
            let lazada = try #require(linked.first { $0.0.platform == .lazada })
            #expect(await stack.simulator.world.stockUpdates.last { $0.channelAccountID == lazada.0.channelAccountID }?.sent == -2)

            try await stack.simulator.cancel(order, on: tiktok.0, transport: stack.transport)
            try await Self.converge("LIVE-1", to: 10, stack: stack, linked: linked)
            #expect(try await stack.api(.get, "/api/v1/inventory/LIVE-1").json["reserved"] as? Int == 0)
        }
    }

    @Test("importing the shops' products links listings by seller SKU (Shopee's item without models too); the rest are linked by hand")
    func productImport() async throws {
        try await LiveStack.run { stack in
            let accounts = try await stack.simulator.connect(shopDesk: stack.shopDesk, token: stack.ownerToken, transport: stack.transport)
            for (sku, title) in [("TEE-RED-M", "Áo thun đỏ"), ("CAP-01", "Mũ lưỡi trai")] {
                #expect(try await stack.api(.post, "/api/v1/products", body: ["sku": sku, "title": ["vi": title]]).status == 201)
                #expect(try await stack.api(.put, "/api/v1/inventory/\(sku)", body: ["on_hand": 12]).status == 200)
            }
            let marketplaces = accounts.filter { PlatformAPIs.takesStock($0.platform) }
            for account in marketplaces {
                let shopee = account.platform == .shopee
                await stack.simulator.world.addListing(
                    SimulatedListing(productID: "5001", skuID: shopee ? "0" : "6001", sellerSKU: "TEE-RED-M", title: "Red tee", stock: 0),
                    account: account.channelAccountID)
                await stack.simulator.world.addListing(
                    SimulatedListing(productID: "5002", skuID: "6002", sellerSKU: "CAP-1", title: "Cap", stock: 0), account: account.channelAccountID)
                #expect(try await stack.api(.post, "/api/v1/channels/\(account.channelAccountID)/product-imports").status == 202)
            }
            for account in marketplaces {
                let done = try await stack.eventually("\(account.platform)'s import") { () -> [Int]? in
                    let found = try await stack.api(.get, "/api/v1/channels/\(account.channelAccountID)/product-imports").json
                    guard found["status"] as? String == "done" else { return nil }
                    return [found["linked"] as? Int ?? -1, found["unmatched"] as? Int ?? -1]
                }
                #expect(done == [1, 1], "\(account.platform)")
            }
            let unlinked = try await stack.api(.get, "/api/v1/unlinked-listings").json["items"] as? [[String: Any]] ?? []
            #expect(unlinked.count == 3 && unlinked.allSatisfy { $0["seller_sku"] as? String == "CAP-1" })
            for listing in unlinked {
                let link = try await stack.api(
                    .post, "/api/v1/inventory/CAP-01/listings",
                    body: [
                        "channel_account_id": listing["channel_account_id"] ?? "", "platform_product_id": listing["platform_product_id"] ?? "",
                        "platform_sku_id": listing["platform_sku_id"] ?? "",
                    ])
                #expect(link.status == 201)
            }
            #expect((try await stack.api(.get, "/api/v1/unlinked-listings").json["items"] as? [Any])?.isEmpty == true)
            for sku in ["TEE-RED-M", "CAP-01"] {
                _ = try await stack.eventually("every platform showing \(sku)'s 12") {
                    let channels = try await stack.api(.get, "/api/v1/inventory/\(sku)").json["channels"] as? [[String: Any]] ?? []
                    let acknowledged = channels.compactMap { ($0["push"] as? [String: Any])?["acknowledged"] as? Int }
                    return acknowledged == [12, 12, 12] ? true : nil
                }
            }
        }
    }

    @Test("stock changes, low stock and out of stock are posted to the seller's webhook, signed, coalesced to the latest balance")
    func stockWebhooks() async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { hook in
            try await LiveStack.run { stack in
                let settings = try await stack.api(.put, "/api/v1/service-levels/alerts", body: ["webhook_url": hook.absoluteString])
                let secret = try #require(settings.json["secret"] as? String)
                _ = try await stack.api(.post, "/api/v1/products", body: ["sku": "SON-07", "title": ["th": "ลิปสติก"]])
                let counted = try await stack.api(.put, "/api/v1/inventory/SON-07", body: ["on_hand": 10, "low_stock_threshold": 4])
                #expect(counted.json["level"] as? String == "ok" && counted.json["low_stock_threshold"] as? Int == 4)
                for (key, quantity) in [("a", 6), ("b", 4)] {
                    let held = try await stack.api(
                        .post, "/api/v1/reservations", body: ["lines": [["sku": "SON-07", "quantity": quantity]], "expires_in_seconds": 600],
                        headers: ["idempotency-key": key])
                    #expect(held.status == 201)
                    _ = try await stack.eventually("the \(key) notice") {
                        receiver.deliveries.contains { $0.json["type"] as? String == (key == "a" ? "stock.low" : "stock.out") } ? true : nil
                    }
                }
                let deliveries = receiver.deliveries
                #expect(deliveries.filter { $0.json["type"] as? String == "stock.low" }.count == 1)
                #expect(deliveries.filter { $0.json["type"] as? String == "stock.out" }.count == 1)
                #expect(deliveries.last { $0.json["type"] as? String == "stock.changed" }?.json["available"] as? Int == 0)
                for delivery in deliveries {
                    #expect(delivery.signature == PlatformSignature.custom(signingSecret: secret, body: delivery.body))
                    #expect(delivery.deliveryID == delivery.json["id"] as? String)
                }
                #expect(try await stack.api(.get, "/api/v1/inventory/SON-07").json["level"] as? String == "out")
            }
        }
    }
}
