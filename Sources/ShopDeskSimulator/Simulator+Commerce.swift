import Foundation
import ShopDeskChannels
import ShopDeskCore

/// The simulator's commerce side: the seller's products listed on the simulated marketplaces and linked
/// in ShopDesk. Buyers ordering there is in Simulator+Orders.
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
}
