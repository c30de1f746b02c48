import Foundation
import ShopDeskCore

/// One marketplace's order-detail API, read when an order push arrives (pushes are hints: the order
/// is fetched, commerce-platforms.md §6.2): the order's status and the seller SKUs it took.
public protocol OrderReader: Sendable {
    /// Orders one call can fetch.
    var ordersPerCall: Int { get }
    func ordersRequest(_ ids: [String], credentials: ChannelCredentials, now: Date) throws(PlatformAPIError) -> PlatformRequest
    func orders(_ response: PlatformResponse, ids: [String], account: ChannelAccount) throws(PlatformAPIError) -> [ChannelOrder]
}

extension PlatformAPIs {
    /// The platforms whose orders ShopDesk reads.
    public static func orderReader(for account: ChannelAccount) -> (any OrderReader)? {
        switch account.platform {
        case .tiktokShop: TikTokShopAPI()
        case .shopee: ShopeeAPI()
        case .lazada: LazadaAPI(market: account.market)
        case .facebook, .instagram, .whatsapp, .line, .custom: nil
        }
    }
}

extension PlatformClient {
    /// The orders with these ids, a call at a time; an order the platform does not return is left out.
    public func orders(_ ids: [String], account: ChannelAccount, credentials: ChannelCredentials) async throws -> [ChannelOrder] {
        guard let reader = PlatformAPIs.orderReader(for: account) else { return [] }
        var orders: [ChannelOrder] = []
        for start in stride(from: 0, to: ids.count, by: reader.ordersPerCall) {
            let chunk = Array(ids[start..<min(start + reader.ordersPerCall, ids.count)])
            let request = try reader.ordersRequest(chunk, credentials: credentials, now: self.now())
            orders += try reader.orders(try await self.transport.perform(request), ids: chunk, account: account)
        }
        return orders
    }
}

/// TikTok Shop's Get Order Detail (§1.4): `GET /order/202309/orders?ids=` (at most 50); a line item per
/// unit (there is no quantity field), named by `seller_sku`.
extension TikTokShopAPI: OrderReader {
    public var ordersPerCall: Int { 50 }

    func ordersRequest(_ ids: [String], credentials: ChannelCredentials, now: Date) throws(PlatformAPIError) -> PlatformRequest {
        try self.signed(.get, path: "/order/202309/orders", query: [("ids", ids.joined(separator: ","))], credentials: credentials, now: now)
    }

    func orders(_ response: PlatformResponse, ids: [String], account: ChannelAccount) throws(PlatformAPIError) -> [ChannelOrder] {
        JSONValue.objects(try Self.data(response)["orders"]).compactMap { order in
            guard let id = JSONValue.string(order["id"]), let status = JSONValue.string(order["status"]) else { return nil }
            let lines = JSONValue.objects(order["line_items"]).compactMap { item in
                JSONValue.text(item["seller_sku"]).map { ChannelOrder.Line(sku: $0, quantity: 1) }
            }
            return ChannelOrder(channelAccountID: account.id, orderID: id, platformStatus: status, lines: lines)
        }
    }
}

/// Shopee's `GET /api/v2/order/get_order_detail` (§2.3): `order_sn_list` of 1 to 50, with `item_list`
/// asked for in `response_optional_fields`; the SKU is `model_sku`, or `item_sku` for an item without
/// models, and the units `model_quantity_purchased`.
extension ShopeeAPI: OrderReader {
    public var ordersPerCall: Int { 50 }

    func ordersRequest(_ ids: [String], credentials: ChannelCredentials, now: Date) throws(PlatformAPIError) -> PlatformRequest {
        try self.signed(
            .get, path: "/api/v2/order/get_order_detail",
            query: [("order_sn_list", ids.joined(separator: ",")), ("response_optional_fields", "item_list")], credentials: credentials, now: now)
    }

    func orders(_ response: PlatformResponse, ids: [String], account: ChannelAccount) throws(PlatformAPIError) -> [ChannelOrder] {
        JSONValue.objects(try Self.response(response)["order_list"]).compactMap { order in
            guard let id = JSONValue.string(order["order_sn"]), let status = JSONValue.string(order["order_status"]) else { return nil }
            let lines = JSONValue.objects(order["item_list"]).compactMap { item -> ChannelOrder.Line? in
                guard let sku = JSONValue.text(item["model_sku"]) ?? JSONValue.text(item["item_sku"]),
                    let units = JSONValue.string(item["model_quantity_purchased"]).flatMap({ Int64($0) })
                else { return nil }
                return ChannelOrder.Line(sku: sku, quantity: units)
            }
            return ChannelOrder(channelAccountID: account.id, orderID: id, platformStatus: status, lines: lines)
        }
    }
}

/// Lazada's `GET /order/items/get` (§3.3): one order per call, an item per unit with its own status
/// and the seller SKU in `sku`. Lazada has no order-level status; the order's is derived from its items
/// and written as the items' statuses joined, which `ChannelOrder.stockState` reads.
extension LazadaAPI: OrderReader {
    public var ordersPerCall: Int { 1 }

    func ordersRequest(_ ids: [String], credentials: ChannelCredentials, now: Date) throws(PlatformAPIError) -> PlatformRequest {
        try self.signed(.get, path: "/order/items/get", parameters: [("order_id", ids.first ?? "")], credentials: credentials, now: now)
    }

    func orders(_ response: PlatformResponse, ids: [String], account: ChannelAccount) throws(PlatformAPIError) -> [ChannelOrder] {
        guard (200..<300).contains(response.status), let answer = PlatformAnswer.object(response) else {
            throw PlatformAPIError("Lazada answered HTTP \(response.status)")
        }
        guard (JSONValue.string(answer["code"]) ?? "0") == "0" else {
            throw PlatformAPIError("Lazada refused: \(Self.describe(answer) ?? "unknown error")")
        }
        let items = JSONValue.objects(answer["data"])
        guard let id = ids.first, !items.isEmpty else { return [] }
        let statuses = items.compactMap { JSONValue.string($0["status"]) }
        let lines = items.compactMap { item in JSONValue.text(item["sku"]).map { ChannelOrder.Line(sku: $0, quantity: 1) } }
        return [
            ChannelOrder(
                channelAccountID: account.id, orderID: id, platformStatus: Array(Set(statuses)).sorted().joined(separator: ","), lines: lines)
        ]
    }
}
