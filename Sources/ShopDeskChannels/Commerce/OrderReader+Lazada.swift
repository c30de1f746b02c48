import Foundation
import ShopDeskCore

/// Lazada's order reads (commerce-platforms.md §3.3): `GET /order/items/get` for the items (one per
/// unit, each with its own status, the seller SKU in `sku`, prices, the buyer, tracking and the ship
/// SLA), then `GET /order/get` for what only the order has (payment method, address, times, the price
/// and vouchers). Lazada has no order-level status; the order's is written as its items' statuses
/// joined, which `OrderLifecycle` reads.
///
/// When `/order/get` is refused the items are still used, and the total is the sum of the items'
/// `paid_price` (what the buyer paid for the goods, without shipping).
///
/// Neither call names when the parcel was handed over or when Lazada cancels an unshipped order by
/// itself (`cancel_trigger_time` is about a buyer's cancel request), so `shippedAt` and `autoCancelAt`
/// stay empty.
extension LazadaAPI: OrderReader {
    public var ordersPerCall: Int { 1 }

    func ordersRequests(_ ids: [String], credentials: ChannelCredentials, now: Date) throws(PlatformAPIError) -> [PlatformRequest] {
        let id = ids.first ?? ""
        return [
            try self.signed(.get, path: "/order/items/get", parameters: [("order_id", id)], credentials: credentials, now: now),
            try self.signed(.get, path: "/order/get", parameters: [("order_id", id)], credentials: credentials, now: now),
        ]
    }

    func orders(_ responses: [PlatformResponse], ids: [String], account: ChannelAccount) throws(PlatformAPIError) -> [ChannelOrder] {
        guard let itemsResponse = responses.first, (200..<300).contains(itemsResponse.status),
            let answer = PlatformAnswer.object(itemsResponse)
        else {
            throw PlatformAPIError("Lazada answered HTTP \(responses.first?.status ?? 0)")
        }
        guard (JSONValue.string(answer["code"]) ?? "0") == "0" else {
            throw PlatformAPIError("Lazada refused: \(Self.describe(answer) ?? "unknown error")")
        }
        let items = JSONValue.objects(answer["data"])
        guard let id = ids.first, !items.isEmpty else { return [] }
        let detail = responses.dropFirst().first.flatMap { try? Self.data($0) }
        return [Self.order(id: id, items: items, detail: detail, account: account)]
    }

    static func order(id: String, items: [[String: Any]], detail: [String: Any]?, account: ChannelAccount) -> ChannelOrder {
        let currency = items.lazy.compactMap { JSONValue.text($0["currency"]) }.first
        let statuses = Set(items.compactMap { JSONValue.string($0["status"]) })
        let lines = items.compactMap { item -> ChannelOrder.Line? in
            guard let sku = JSONValue.text(item["sku"]) else { return nil }
            let price = OrderFields.amount(item["item_price"], currency: currency)
            let paid = OrderFields.amount(item["paid_price"], currency: currency)
            let title = [JSONValue.text(item["name"]), JSONValue.text(item["variation"])].compactMap { $0 }.joined(separator: " · ")
            return ChannelOrder.Line(
                sku: sku, quantity: 1, title: title.isEmpty ? nil : title, unitPriceMinor: price,
                // What the buyer did not pay of the item's price: seller and platform vouchers together.
                discountMinor: price.flatMap { price in paid.map { max(price - $0, 0) } } ?? 0,
                platformProductID: JSONValue.string(item["product_id"]), platformSKUID: JSONValue.string(item["sku_id"]),
                platformItemIDs: JSONValue.string(item["order_item_id"]).map { [$0] } ?? []
            )
        }
        var order = ChannelOrder(channelAccountID: account.id, orderID: id, platformStatus: statuses.sorted().joined(separator: ","), lines: lines)
        order.currency = currency
        order.buyerPlatformUserID = items.lazy.compactMap { JSONValue.string($0["buyer_id"]) }.first
        order.trackingNumber = items.lazy.compactMap { JSONValue.text($0["tracking_code"]) }.first
        order.carrier = items.lazy.compactMap { JSONValue.text($0["shipment_provider"]) }.first
        // Each item has its own ship SLA (§3.3, §6.5); the order is late once its earliest item is.
        order.shipBy = items.compactMap { OrderFields.lazadaDate($0["sla_time_stamp"]) ?? OrderFields.lazadaDate($0["promised_shipping_time"]) }.min()
        order.placedAt = items.compactMap { OrderFields.lazadaDate($0["created_at"]) }.min()
        order.platformUpdatedAt = items.compactMap { OrderFields.lazadaDate($0["updated_at"]) }.max()
        let paidTotal = items.compactMap { OrderFields.amount($0["paid_price"], currency: currency) }
        order.totalMinor = paidTotal.count == items.count ? paidTotal.reduce(0, +) : nil
        guard let detail else { return order }
        // Buyer paid = price − voucher + shipping_fee (§3.3, guide 121327).
        if let price = OrderFields.amount(detail["price"], currency: currency) {
            let voucher = OrderFields.amount(detail["voucher"], currency: currency) ?? 0
            let shipping = OrderFields.amount(detail["shipping_fee"], currency: currency) ?? 0
            order.totalMinor = max(price - voucher, 0) + shipping
        }
        order.paymentMethod = JSONValue.text(detail["payment_method"])
        // Lazada names cash on delivery in the payment method (`COD`); it has no flag of its own.
        order.cashOnDelivery = order.paymentMethod?.uppercased().contains("COD") ?? false
        let address = JSONValue.object(detail["address_shipping"]) ?? [:]
        order.shippingAddress = OrderFields.joined(
            ["address1", "address2", "address3", "address4", "address5", "city", "post_code", "country"].map { JSONValue.string(address[$0]) })
        order.placedAt = OrderFields.lazadaDate(detail["created_at"]) ?? order.placedAt
        order.platformUpdatedAt = OrderFields.lazadaDate(detail["updated_at"]) ?? order.platformUpdatedAt
        if order.shipBy == nil {
            let promised = detail["promised_shipping_times"]
            order.shipBy = OrderFields.lazadaDate(promised) ?? (promised as? [Any] ?? []).compactMap { OrderFields.lazadaDate($0) }.min()
        }
        return order
    }
}
