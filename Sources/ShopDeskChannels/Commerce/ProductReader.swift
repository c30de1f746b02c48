import Foundation
import ShopDeskCore

/// A listing as a marketplace's product API returns it, for importing: its ids, the seller's SKU
/// (nil when the seller gave none) and its title.
public struct PlatformListing: Sendable, Hashable {
    public var platformProductID: String
    public var platformSKUID: String
    public var sellerSKU: String?
    public var title: String

    public init(platformProductID: String, platformSKUID: String, sellerSKU: String?, title: String) {
        self.platformProductID = platformProductID
        self.platformSKUID = platformSKUID
        self.sellerSKU = sellerSKU
        self.title = title
    }
}

/// One marketplace's product API, read page by page to import the shop's listings.
protocol ProductReader: Sendable {
    func listings(
        credentials: ChannelCredentials, now: Date, maxPages: Int, perform: (PlatformRequest) async throws -> PlatformResponse
    ) async throws -> [PlatformListing]
}

extension PlatformClient {
    /// Every listing of the shop (at most `maxPages` pages of the platform's product list); empty for a
    /// platform without a product API.
    public func listings(account: ChannelAccount, credentials: ChannelCredentials, maxPages: Int = 50) async throws -> [PlatformListing] {
        let reader: (any ProductReader)? =
            switch account.platform {
            case .tiktokShop: TikTokShopAPI()
            case .shopee: ShopeeAPI()
            case .lazada: LazadaAPI(market: account.market)
            case .facebook, .instagram, .whatsapp, .line, .custom: nil
            }
        guard let reader else { return [] }
        return try await reader.listings(credentials: credentials, now: self.now(), maxPages: maxPages) { try await self.transport.perform($0) }
    }
}

/// TikTok Shop's Search Products (§1.6): `POST /product/202502/products/search`, 100 a page by
/// `page_token`; each product's `skus[]{id, seller_sku}`.
extension TikTokShopAPI: ProductReader {
    func listings(
        credentials: ChannelCredentials, now: Date, maxPages: Int, perform: (PlatformRequest) async throws -> PlatformResponse
    ) async throws -> [PlatformListing] {
        var listings: [PlatformListing] = []
        var token: String?
        for _ in 0..<maxPages {
            var query: [(key: String, value: String)] = [("page_size", "100")]
            if let token { query.append(("page_token", token)) }
            let request = try self.signed(
                .post, path: "/product/202502/products/search", query: query, body: PlatformAnswer.json([:]), credentials: credentials, now: now)
            let data = try Self.data(try await perform(request))
            for product in JSONValue.objects(data["products"]) {
                guard let id = JSONValue.string(product["id"]) else { continue }
                for sku in JSONValue.objects(product["skus"]) {
                    guard let skuID = JSONValue.string(sku["id"]) else { continue }
                    listings.append(
                        PlatformListing(
                            platformProductID: id, platformSKUID: skuID, sellerSKU: JSONValue.text(sku["seller_sku"]),
                            title: JSONValue.text(product["title"]) ?? ""))
                }
            }
            token = JSONValue.string(data["next_page_token"])
            if token == nil { break }
        }
        return listings
    }
}

/// Shopee (§2.5): `get_item_list` (100 a page), then `get_item_base_info` for 50 items at a time
/// (`item_sku` for an item without models, model 0), then `get_model_list` for items with models.
extension ShopeeAPI: ProductReader {
    func listings(
        credentials: ChannelCredentials, now: Date, maxPages: Int, perform: (PlatformRequest) async throws -> PlatformResponse
    ) async throws -> [PlatformListing] {
        var items: [String] = []
        var offset = 0
        for _ in 0..<maxPages {
            let request = try self.signed(
                .get, path: "/api/v2/product/get_item_list",
                query: [("offset", String(offset)), ("page_size", "100"), ("item_status", "NORMAL")], credentials: credentials, now: now)
            let page = try Self.response(try await perform(request))
            items += JSONValue.objects(page["item"]).compactMap { JSONValue.string($0["item_id"]) }
            guard JSONValue.bool(page["has_next_page"]), let next = JSONValue.string(page["next_offset"]).flatMap({ Int($0) }) else { break }
            offset = next
        }
        var listings: [PlatformListing] = []
        for start in stride(from: 0, to: items.count, by: 50) {
            let chunk = items[start..<min(start + 50, items.count)]
            let request = try self.signed(
                .get, path: "/api/v2/product/get_item_base_info", query: [("item_id_list", chunk.joined(separator: ","))],
                credentials: credentials, now: now)
            for item in JSONValue.objects(try Self.response(try await perform(request))["item_list"]) {
                guard let id = JSONValue.string(item["item_id"]) else { continue }
                let title = JSONValue.text(item["item_name"]) ?? ""
                guard JSONValue.bool(item["has_model"]) else {
                    listings.append(
                        PlatformListing(platformProductID: id, platformSKUID: "0", sellerSKU: JSONValue.text(item["item_sku"]), title: title))
                    continue
                }
                let models = try self.signed(
                    .get, path: "/api/v2/product/get_model_list", query: [("item_id", id)], credentials: credentials, now: now)
                for model in JSONValue.objects(try Self.response(try await perform(models))["model"]) {
                    guard let modelID = JSONValue.string(model["model_id"]) else { continue }
                    listings.append(
                        PlatformListing(platformProductID: id, platformSKUID: modelID, sellerSKU: JSONValue.text(model["model_sku"]), title: title))
                }
            }
        }
        return listings
    }
}

/// Lazada's `GET /products/get` (§3.5): 50 a page by `offset`; each product's `skus[]{SkuId, SellerSku}`
/// and its name in `attributes.name`.
extension LazadaAPI: ProductReader {
    func listings(
        credentials: ChannelCredentials, now: Date, maxPages: Int, perform: (PlatformRequest) async throws -> PlatformResponse
    ) async throws -> [PlatformListing] {
        var listings: [PlatformListing] = []
        for page in 0..<maxPages {
            let request = try self.signed(
                .get, path: "/products/get", parameters: [("filter", "all"), ("offset", String(page * 50)), ("limit", "50")],
                credentials: credentials, now: now)
            let products = JSONValue.objects(try Self.data(try await perform(request))["products"])
            for product in products {
                guard let id = JSONValue.string(product["item_id"]) else { continue }
                let title = JSONValue.text(JSONValue.object(product["attributes"])?["name"]) ?? ""
                for sku in JSONValue.objects(product["skus"]) {
                    guard let skuID = JSONValue.string(sku["SkuId"]) else { continue }
                    listings.append(
                        PlatformListing(platformProductID: id, platformSKUID: skuID, sellerSKU: JSONValue.text(sku["SellerSku"]), title: title))
                }
            }
            if products.count < 50 { break }
        }
        return listings
    }
}
