import Foundation
import ShopDeskChannels
import ShopDeskCore

/// A listing on a simulated marketplace: the platform's ids for it, the seller's SKU, and the stock the
/// platform sells from (what ShopDesk last set, less what the platform sold since).
public struct SimulatedListing: Sendable, Hashable {
    /// TikTok `product_id`, Shopee `item_id`, Lazada `item_id`.
    public var productID: String
    /// TikTok `sku_id`, Shopee `model_id` ("0" for an item without models), Lazada `SkuId`.
    public var skuID: String
    public var sellerSKU: String
    public var title: String
    public var stock: Int64

    public init(productID: String, skuID: String, sellerSKU: String, title: String, stock: Int64) {
        self.productID = productID
        self.skuID = skuID
        self.sellerSKU = sellerSKU
        self.title = title
        self.stock = stock
    }
}

/// A listing's count on its platform from a moment on.
public struct ListingCount: Sendable, Hashable {
    public var channelAccountID: String
    public var skuID: String
    public var stock: Int64
    public var at: Date
}

/// A stock update ShopDesk made on a simulated marketplace, as the platform applied it.
public struct ReceivedStockUpdate: Sendable, Hashable {
    public var channelAccountID: String
    public var skuID: String
    /// True for Lazada's adjust (a delta), false for a total.
    public var delta: Bool
    /// The number sent: the total, or the change.
    public var sent: Int64
    /// The listing's stock after it.
    public var stock: Int64
    public var at: Date
}

extension SimulatedWorld {
    public func addListing(_ listing: SimulatedListing, account channelAccountID: String) {
        self.listings[channelAccountID, default: [:]][listing.skuID] = listing
    }

    /// An account's listings, by product and SKU id.
    public func listings(of channelAccountID: String) -> [SimulatedListing] {
        (self.listings[channelAccountID] ?? [:]).values.sorted { ($0.productID, $0.skuID) < ($1.productID, $1.skuID) }
    }

    public func listing(_ skuID: String, account channelAccountID: String) -> SimulatedListing? {
        self.listings[channelAccountID]?[skuID]
    }

    /// A buyer orders `quantity` units of a listing, if the platform shows that many: the platform's
    /// count drops and the order is kept for the order API, with a buyer (one of the account's chat
    /// buyers when it has any), the market's price and currency, an address and a ship-by time (two
    /// days, or within the hour for every fifth order, so that the desk shows orders at risk). Returns
    /// the order, or nil when the platform showed too few. `placedAt` places it in the past.
    public func sell(_ quantity: Int64, of skuID: String, account channelAccountID: String, placedAt: Date? = nil) -> SimulatedOrder? {
        guard var listing = self.listings[channelAccountID]?[skuID], listing.stock >= quantity, quantity > 0 else { return nil }
        listing.stock -= quantity
        self.listings[channelAccountID]?[skuID] = listing
        self.listingCounts.append(ListingCount(channelAccountID: channelAccountID, skuID: skuID, stock: listing.stock, at: self.now()))
        let order = self.newOrder(quantity, of: listing, account: channelAccountID, at: placedAt ?? self.now())
        self.orders[channelAccountID, default: [:]][order.id] = order
        return order
    }

    /// The buyer cancels: the order is cancelled and the platform puts the units back in its count.
    public func cancel(_ orderID: String, account channelAccountID: String) -> SimulatedOrder? {
        self.cancelOrder(orderID, account: channelAccountID, by: "buyer")
    }

    /// Cancels an order not yet shipped and gives its units back to the listing.
    func cancelOrder(_ orderID: String, account channelAccountID: String, by: String) -> SimulatedOrder? {
        guard var order = self.orders[channelAccountID]?[orderID], !order.cancelled else { return nil }
        order.cancelled = true
        order.cancelledBy = by
        order.updatedAt = max(self.now(), order.updatedAt)
        self.orders[channelAccountID]?[orderID] = order
        self.listings[channelAccountID]?[order.skuID]?.stock += order.quantity
        if let stock = self.listings[channelAccountID]?[order.skuID]?.stock {
            self.listingCounts.append(ListingCount(channelAccountID: channelAccountID, skuID: order.skuID, stock: stock, at: self.now()))
        }
        return order
    }

    /// An order as the platform's order API shows it.
    public func order(_ id: String, account channelAccountID: String) -> SimulatedOrder? {
        self.orders[channelAccountID]?[id]
    }

    /// Every order of an account, oldest first.
    public func orders(of channelAccountID: String) -> [SimulatedOrder] {
        (self.orders[channelAccountID] ?? [:]).values.sorted { ($0.at, $0.id) < ($1.at, $1.id) }
    }

    /// Counts a stock call against the shop's rate; nil when it may go, else the 429 to answer.
    private func throttle(_ account: SimulatedAccount, callsPerSecond: Int, body: [String: Any]) -> SimulatorResponse? {
        let second = Int64(self.now().timeIntervalSince1970)
        var window = self.stockCallWindow[account.channelAccountID] ?? (second, 0)
        if window.second != second { window = (second, 0) }
        window.calls += 1
        self.stockCallWindow[account.channelAccountID] = window
        guard window.calls > callsPerSecond else { return nil }
        self.throttledStockCalls += 1
        return self.failure(429, body: body)
    }

    private func setStock(_ value: Int64, delta: Bool, sent: Int64, skuID: String, account: SimulatedAccount) {
        self.listings[account.channelAccountID]?[skuID]?.stock = value
        self.listingCounts.append(ListingCount(channelAccountID: account.channelAccountID, skuID: skuID, stock: value, at: self.now()))
        self.stockUpdates.append(
            ReceivedStockUpdate(channelAccountID: account.channelAccountID, skuID: skuID, delta: delta, sent: sent, stock: value, at: self.now()))
    }

    // MARK: TikTok Shop (commerce-platforms.md §1.5, §1.6)

    func tiktokProducts(_ request: SimulatorRequest, account: SimulatedAccount, parts: [String]) -> SimulatorResponse {
        let body = (try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any]) ?? [:]
        // product / 202309 / products / {id} / inventory / update
        if request.method == "POST", parts.count == 6, parts[2] == "products", parts[4] == "inventory", parts[5] == "update" {
            if let throttled = self.throttle(account, callsPerSecond: 50, body: ["code": 36009002, "message": "Too many requests"]) {
                return throttled
            }
            if let status = self.injectedFailure(account) {
                return self.failure(status, body: ["code": status == 429 ? 36009002 : 50000, "message": "try later"])
            }
            var errors: [[String: Any]] = []
            for sku in body["skus"] as? [[String: Any]] ?? [] {
                let id = JSONNumberText.string(sku["id"]) ?? ""
                let quantity = ((sku["inventory"] as? [[String: Any]])?.first?["quantity"] as? NSNumber)?.int64Value
                guard let listing = self.listings[account.channelAccountID]?[id], listing.productID == parts[3] else {
                    errors.append(["code": 12052700, "message": "sku does not belong to the product", "detail": ["sku_id": id]])
                    continue
                }
                guard let quantity, (0...99_999).contains(quantity) else {
                    errors.append(["code": 12019137, "message": "quantity must be 0 to 99999", "detail": ["sku_id": id]])
                    continue
                }
                self.setStock(quantity, delta: false, sent: quantity, skuID: id, account: account)
            }
            return .json(200, ["code": 0, "message": "Success", "request_id": self.nextID(), "data": ["errors": errors]])
        }
        // product / 202502 / products / search
        if request.method == "POST", parts.count == 4, parts[2] == "products", parts[3] == "search" {
            let pageSize = Int(request.queryValue("page_size") ?? "") ?? 20
            let offset = Int(request.queryValue("page_token") ?? "") ?? 0
            let products = Dictionary(grouping: self.listings(of: account.channelAccountID), by: \.productID).sorted { $0.key < $1.key }
            let page = products.dropFirst(offset).prefix(pageSize)
            return .json(
                200,
                [
                    "code": 0, "message": "Success", "request_id": self.nextID(),
                    "data": [
                        "total_count": products.count,
                        "next_page_token": offset + page.count < products.count ? String(offset + page.count) : "",
                        "products": page.map { id, skus in
                            [
                                "id": id, "title": skus.first?.title ?? "", "status": "ACTIVATE",
                                "skus": skus.map { ["id": $0.skuID, "seller_sku": $0.sellerSKU, "inventory": [["quantity": $0.stock]]] },
                            ] as [String: Any]
                        },
                    ],
                ])
        }
        return .json(404, ["code": 40006, "message": "path not found"])
    }

    // MARK: Shopee (commerce-platforms.md §2.4, §2.5)

    func shopeeProducts(_ request: SimulatorRequest, account: SimulatedAccount) -> SimulatorResponse {
        let listings = self.listings(of: account.channelAccountID)
        func stockInfo(_ stock: Int64) -> [String: Any] {
            ["summary_info": ["total_reserved_stock": 0, "total_available_stock": stock], "seller_stock": [["stock": stock]]]
        }
        switch (request.method, request.path) {
        case ("POST", "/api/v2/product/update_stock"):
            if let throttled = self.throttle(account, callsPerSecond: 10, body: ["error": "error_too_many_request", "message": "slow down"]) {
                return throttled
            }
            if let status = self.injectedFailure(account) {
                return self.failure(status, body: ["error": status == 429 ? "error_too_many_request" : "error_server", "message": "try later"])
            }
            guard let body = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any],
                let item = JSONNumberText.string(body["item_id"]), let models = body["stock_list"] as? [[String: Any]],
                (1...50).contains(models.count)
            else {
                return .json(
                    200, ["error": "error_param", "message": "item_id and 1 to 50 stock_list entries are required", "request_id": self.nextID()])
            }
            var failures: [[String: Any]] = []
            var successes: [[String: Any]] = []
            for model in models {
                let modelID = JSONNumberText.string(model["model_id"]) ?? ""
                let stock = ((model["seller_stock"] as? [[String: Any]])?.first?["stock"] as? NSNumber)?.int64Value
                guard let listing = self.listings[account.channelAccountID]?[modelID], listing.productID == item, let stock, stock >= 0 else {
                    failures.append(["model_id": Int64(modelID) ?? 0, "failed_reason": "model not found or stock invalid"])
                    continue
                }
                self.setStock(stock, delta: false, sent: stock, skuID: modelID, account: account)
                successes.append(["model_id": Int64(modelID) ?? 0, "stock": stock])
            }
            return .json(
                200,
                [
                    "error": failures.isEmpty ? "" : "error_busi_update_stock_failed", "message": "", "request_id": self.nextID(),
                    "response": ["failure_list": failures, "success_list": successes],
                ])
        case ("GET", "/api/v2/product/get_item_list"):
            let items = Array(Set(listings.map(\.productID))).sorted()
            let offset = Int(request.queryValue("offset") ?? "") ?? 0
            let size = min(Int(request.queryValue("page_size") ?? "") ?? 100, 100)
            let page = Array(items.dropFirst(offset).prefix(size))
            return .json(
                200,
                [
                    "error": "", "message": "", "request_id": self.nextID(),
                    "response": [
                        "item": page.map { ["item_id": Int64($0) ?? 0, "item_status": "NORMAL", "update_time": 0] },
                        "total_count": items.count, "has_next_page": offset + page.count < items.count, "next_offset": offset + page.count,
                    ],
                ])
        case ("GET", "/api/v2/product/get_item_base_info"):
            let wanted = (request.queryValue("item_id_list") ?? "").split(separator: ",").map(String.init)
            return .json(
                200,
                [
                    "error": "", "message": "", "request_id": self.nextID(),
                    "response": [
                        "item_list": wanted.compactMap { id -> [String: Any]? in
                            let models = listings.filter { $0.productID == id }
                            guard let first = models.first else { return nil }
                            let single = models.count == 1 && first.skuID == "0"
                            var item: [String: Any] = [
                                "item_id": Int64(id) ?? 0, "item_name": first.title, "item_status": "NORMAL", "has_model": !single,
                            ]
                            if single {
                                item["item_sku"] = first.sellerSKU
                                item["stock_info_v2"] = stockInfo(first.stock)
                            }
                            return item
                        }
                    ],
                ])
        case ("GET", "/api/v2/product/get_model_list"):
            let item = request.queryValue("item_id") ?? ""
            return .json(
                200,
                [
                    "error": "", "message": "", "request_id": self.nextID(),
                    "response": [
                        "model": listings.filter { $0.productID == item && $0.skuID != "0" }.map {
                            [
                                "model_id": Int64($0.skuID) ?? 0, "model_sku": $0.sellerSKU, "model_status": "MODEL_NORMAL",
                                "stock_info_v2": stockInfo($0.stock),
                            ] as [String: Any]
                        }
                    ],
                ])
        default:
            return .json(404, ["error": "error_not_found", "message": "no such API"])
        }
    }

    // MARK: Lazada (commerce-platforms.md §3.4, §3.5)

    func lazadaProducts(
        _ request: SimulatorRequest, path: String, parameter: (String) -> String?, account: SimulatedAccount
    ) -> SimulatorResponse {
        switch (request.method, path) {
        case ("POST", "/product/stock/sellable/adjust"), ("POST", "/product/stock/sellable/update"):
            if let throttled = self.throttle(account, callsPerSecond: 50, body: ["code": "ApiCallLimit", "message": "this ban will last 1 seconds"]) {
                return throttled
            }
            if let status = self.injectedFailure(account) {
                return self.failure(status, body: ["code": status == 429 ? "ApiCallLimit" : "ServiceTimeout", "message": "try later"])
            }
            let adjust = path.hasSuffix("adjust")
            let skus = Self.xmlSkus(parameter("payload") ?? "")
            guard (1...50).contains(skus.count) else {
                return .json(200, ["code": "InvalidParameter", "message": "payload must hold 1 to 50 Sku elements", "request_id": self.nextID()])
            }
            var failures: [[String: Any]] = []
            for sku in skus {
                guard let id = sku["SkuId"], let listing = self.listings[account.channelAccountID]?[id], listing.productID == sku["ItemId"],
                    let value = sku["SellableQuantity"].flatMap({ Int64($0) })
                else {
                    failures.append(["seller_sku": sku["SellerSku"] ?? "", "message": "SKU not found or quantity invalid"])
                    continue
                }
                let next = adjust ? listing.stock + value : value
                // The sellable quantity may not go below zero (§3.4).
                guard next >= 0 else {
                    failures.append(["seller_sku": sku["SellerSku"] ?? "", "message": "sellable quantity cannot be negative"])
                    continue
                }
                self.setStock(next, delta: adjust, sent: value, skuID: id, account: account)
            }
            return .json(200, ["code": failures.isEmpty ? "0" : "PartialFailure", "request_id": self.nextID(), "detail": failures])
        case ("GET", "/products/get"):
            let products = Dictionary(grouping: self.listings(of: account.channelAccountID), by: \.productID).sorted { $0.key < $1.key }
            let offset = Int(parameter("offset") ?? "") ?? 0
            let limit = min(Int(parameter("limit") ?? "") ?? 50, 50)
            let page = products.dropFirst(offset).prefix(limit)
            return .json(
                200,
                [
                    "code": "0", "request_id": self.nextID(),
                    "data": [
                        "total_products": products.count,
                        "products": page.map { id, skus in
                            [
                                "item_id": Int64(id) ?? 0, "status": "Active", "attributes": ["name": skus.first?.title ?? ""],
                                "skus": skus.map { ["SkuId": Int64($0.skuID) ?? 0, "SellerSku": $0.sellerSKU, "sellableQuantity": $0.stock] },
                            ] as [String: Any]
                        },
                    ],
                ])
        default:
            return .json(404, ["code": "InvalidApiPath", "message": "no such API"])
        }
    }

    /// The `<Sku>` elements of a Lazada payload, each as its child elements' text.
    static func xmlSkus(_ payload: String) -> [[String: String]] {
        payload.components(separatedBy: "<Sku>").dropFirst().map { chunk in
            let body = chunk.components(separatedBy: "</Sku>").first ?? ""
            var fields: [String: String] = [:]
            for name in ["ItemId", "SkuId", "SellerSku", "SellableQuantity", "Quantity"] {
                guard let open = body.range(of: "<\(name)>"), let close = body.range(of: "</\(name)>", range: open.upperBound..<body.endIndex)
                else { continue }
                fields[name] = String(body[open.upperBound..<close.lowerBound])
                    .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(
                        of: "&amp;", with: "&")
            }
            return fields
        }
    }
}
