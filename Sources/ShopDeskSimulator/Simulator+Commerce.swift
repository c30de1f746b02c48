import Foundation
import ShopDeskChannels
import ShopDeskCore

/// The simulator's commerce side: the seller's products listed on the simulated marketplaces and linked
/// in ShopDesk, and buyers ordering there (the platform's count drops and it pushes the order).
extension Simulator {
    // MARK: Catalog

    /// Creates a product in ShopDesk with `onHand` units, lists it on each marketplace account (the
    /// platform showing nothing until ShopDesk pushes its stock) and links the listings, as a seller
    /// does after importing a channel's products. Returns each account with its listing's SKU id.
    @discardableResult
    public func list(
        _ sku: String, title: [String: String], onHand: Int64, on accounts: [SimulatedAccount], shopDesk: String, token: String,
        transport: any PlatformTransport
    ) async throws -> [(account: SimulatedAccount, skuID: String)] {
        let base = shopDesk.hasSuffix("/") ? String(shopDesk.dropLast()) : shopDesk
        let created = try await Self.exchange(transport, .post, base + "/api/v1/products", token: token, body: ["sku": sku, "title": title])
        guard created.status == 201 else { throw SimulatorError.shopDesk("creating \(sku) answered \(created.status): \(created.text)") }
        let counted = try await Self.exchange(transport, .put, base + "/api/v1/inventory/\(sku)", token: token, body: ["on_hand": onHand])
        guard counted.status == 200 else { throw SimulatorError.shopDesk("setting \(sku)'s stock answered \(counted.status): \(counted.text)") }
        var listed: [(account: SimulatedAccount, skuID: String)] = []
        for (index, account) in accounts.enumerated() where PlatformAPIs.takesStock(account.platform) {
            // Shopee and Lazada ids are numbers. The simulator keeps a shop's listings by SKU id, so every
            // listing here has a model of its own (ShopDesk also takes Shopee's model 0, items without models).
            let product = String(UInt64(index + 1) * 1_000_000_007 + UInt64.random(in: 0..<1_000_000))
            let skuID = product + "1"
            await self.world.addListing(
                SimulatedListing(productID: product, skuID: skuID, sellerSKU: sku, title: title.values.sorted().first ?? sku, stock: 0),
                account: account.channelAccountID)
            let link = try await Self.exchange(
                transport, .post, base + "/api/v1/inventory/\(sku)/listings", token: token,
                body: ["channel_account_id": account.channelAccountID, "platform_product_id": product, "platform_sku_id": skuID])
            guard link.status == 201 else { throw SimulatorError.shopDesk("linking \(sku) answered \(link.status): \(link.text)") }
            listed.append((account, skuID))
        }
        return listed
    }

    /// The demo's catalog: three products with stock, listed on every connected marketplace.
    public func prepareCatalog(shopDesk: String, token: String, transport: any PlatformTransport) async throws {
        let accounts = await self.world.allAccounts()
        let products: [(String, [String: String], Int64)] = [
            ("AO-THUN-DO-M", ["vi": "Áo thun đỏ size M", "en": "Red T-shirt, M"], 120),
            ("SON-LI-07", ["th": "ลิปสติกเนื้อแมตต์ สี 07", "en": "Matte lipstick 07"], 40),
            ("TUI-TOTE-XANH", ["ms": "Beg tote biru", "en": "Blue tote bag"], 8),
        ]
        for (sku, title, onHand) in products {
            try await self.list(sku, title: title, onHand: onHand, on: accounts, shopDesk: shopDesk, token: token, transport: transport)
        }
    }

    /// Now and then a buyer orders one unit of a listed product on a marketplace, as long as the
    /// platform shows it (the demo's orders, reaching ShopDesk as pushes), until cancelled.
    public func runSales(every interval: Duration, transport: any PlatformTransport) async {
        var random = SplitMix64(seed: self.options.seed ^ 0x5A1E)
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            let accounts = await self.world.allAccounts().filter { PlatformAPIs.takesStock($0.platform) }
            guard let account = accounts.randomElement(using: &random),
                let listing = await self.world.listings(of: account.channelAccountID).randomElement(using: &random)
            else { continue }
            _ = try? await self.sell(1, of: listing.skuID, on: account, transport: transport)
        }
    }

    // MARK: Orders

    /// A buyer orders `quantity` units of a listing on a marketplace, if the platform shows that many,
    /// and the platform pushes the order to ShopDesk. Returns the order, or nil when the platform showed
    /// too few (the buyer could not buy).
    @discardableResult
    public func sell(
        _ quantity: Int64, of skuID: String, on account: SimulatedAccount, transport: any PlatformTransport
    ) async throws -> SimulatedOrder? {
        guard let order = await self.world.sell(quantity, of: skuID, account: account.channelAccountID) else { return nil }
        try await self.pushOrder(order, account: account, transport: transport)
        return order
    }

    /// The buyer cancels an order; the platform puts the units back and pushes the change.
    public func cancel(_ order: SimulatedOrder, on account: SimulatedAccount, transport: any PlatformTransport) async throws {
        guard let cancelled = await self.world.cancel(order.id, account: account.channelAccountID) else { return }
        try await self.pushOrder(cancelled, account: account, transport: transport)
    }

    private func pushOrder(_ order: SimulatedOrder, account: SimulatedAccount, transport: any PlatformTransport) async throws {
        guard let push = PushBuilder.orderPush(order, account: account, pushID: await self.world.nextID(), at: Date()) else { return }
        let status = try await self.deliver(push, transport: transport)
        guard (200..<300).contains(status) else { throw SimulatorError.shopDesk("the order push was answered \(status)") }
    }
}
