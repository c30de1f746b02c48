import Foundation
import ShopDeskCore

/// TikTok Shop's Get Order Detail (commerce-platforms.md §1.4): `GET /order/202309/orders?ids=` (at most
/// 50; the 202507 path answers the same fields). A line item per unit (there is no quantity field,
/// §8 says this is inferred), named by `seller_sku`; amounts are strings in `payment.currency`; times
/// are Unix seconds.
extension TikTokShopAPI: OrderReader {
    public var ordersPerCall: Int { 50 }

    func ordersRequests(_ ids: [String], credentials: ChannelCredentials, now: Date) throws(PlatformAPIError) -> [PlatformRequest] {
        [try self.signed(.get, path: "/order/202309/orders", query: [("ids", ids.joined(separator: ","))], credentials: credentials, now: now)]
    }

    func orders(_ responses: [PlatformResponse], ids: [String], account: ChannelAccount) throws(PlatformAPIError) -> [ChannelOrder] {
        guard let response = responses.first else { return [] }
        return JSONValue.objects(try Self.data(response)["orders"]).compactMap { Self.order($0, account: account) }
    }

    static func order(_ object: [String: Any], account: ChannelAccount) -> ChannelOrder? {
        guard let id = JSONValue.string(object["id"]), let status = JSONValue.string(object["status"]) else { return nil }
        let payment = JSONValue.object(object["payment"]) ?? [:]
        let currency = JSONValue.text(payment["currency"])
        let items = JSONValue.objects(object["line_items"])
        let lines = items.compactMap { item -> ChannelOrder.Line? in
            guard let sku = JSONValue.text(item["seller_sku"]) else { return nil }
            let discounts = [item["seller_discount"], item["platform_discount"]].compactMap { OrderFields.amount($0, currency: currency) }
            return ChannelOrder.Line(
                sku: sku, quantity: 1, title: JSONValue.text(item["product_name"]) ?? JSONValue.text(item["sku_name"]),
                unitPriceMinor: OrderFields.amount(item["original_price"], currency: currency), discountMinor: discounts.reduce(0, +),
                platformProductID: JSONValue.string(item["product_id"]), platformSKUID: JSONValue.string(item["sku_id"]),
                platformItemIDs: JSONValue.string(item["id"]).map { [$0] } ?? []
            )
        }
        var order = ChannelOrder(channelAccountID: account.id, orderID: id, platformStatus: status, lines: lines)
        order.currency = currency
        order.totalMinor = OrderFields.amount(payment["total_amount"], currency: currency)
        order.buyerPlatformUserID = JSONValue.string(object["user_id"])
        // "not available under UNPAID and ON_HOLD status" (§1.4): left empty then.
        order.shippingAddress = JSONValue.text(JSONValue.object(object["recipient_address"])?["full_address"])
        order.paymentMethod = JSONValue.text(object["payment_method_name"])
        order.cashOnDelivery = JSONValue.bool(object["is_cod"])
        // Lines carry the package's tracking number and carrier; the order repeats them in the 202309 spec.
        order.trackingNumber = items.lazy.compactMap { JSONValue.text($0["tracking_number"]) }.first ?? JSONValue.text(object["tracking_number"])
        order.carrier =
            items.lazy.compactMap { JSONValue.text($0["shipping_provider_name"]) }.first
            ?? JSONValue.text(object["shipping_provider_name"]) ?? JSONValue.text(object["shipping_provider"])
        order.placedAt = JSONValue.date(object["create_time"])
        order.platformUpdatedAt = JSONValue.date(object["update_time"])
        order.shippedAt = JSONValue.date(object["collection_time"])
        // §1.4 and §6.5: the SEA pick-up cut-off is what late dispatch is counted against, else the
        // platform's latest shipping time; not being ready by `shipping_due_time` cancels the order.
        order.shipBy = JSONValue.date(object["pick_up_cut_off_time"]) ?? JSONValue.date(object["rts_sla_time"])
        order.autoCancelAt = JSONValue.date(object["shipping_due_time"])
        return order
    }
}
