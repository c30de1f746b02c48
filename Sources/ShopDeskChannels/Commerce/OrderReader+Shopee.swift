import Foundation
import ShopDeskCore

/// Shopee's `GET /api/v2/order/get_order_detail` (commerce-platforms.md §2.3): `order_sn_list` of 1 to
/// 50. Most fields come only when named in `response_optional_fields`; the SKU is `model_sku`, or
/// `item_sku` for an item without models, the units `model_quantity_purchased`, and prices are floats
/// in the order's currency.
///
/// Not in the detail: the tracking number (Shopee has a separate `get_tracking_number` call, not read
/// here) and an auto-cancel time (§2.3 names none), so both stay empty.
extension ShopeeAPI: OrderReader {
    public var ordersPerCall: Int { 50 }

    /// The optional fields ShopDesk reads (§2.3); `currency`, `cod`, `ship_by_date`, `create_time` and
    /// `update_time` come without asking.
    static let optionalOrderFields = [
        "buyer_user_id", "item_list", "total_amount", "recipient_address", "payment_method", "shipping_carrier", "pickup_done_time",
        "package_list",
    ]

    func ordersRequests(_ ids: [String], credentials: ChannelCredentials, now: Date) throws(PlatformAPIError) -> [PlatformRequest] {
        [
            try self.signed(
                .get, path: "/api/v2/order/get_order_detail",
                query: [
                    ("order_sn_list", ids.joined(separator: ",")),
                    ("response_optional_fields", Self.optionalOrderFields.joined(separator: ",")),
                ],
                credentials: credentials, now: now)
        ]
    }

    func orders(_ responses: [PlatformResponse], ids: [String], account: ChannelAccount) throws(PlatformAPIError) -> [ChannelOrder] {
        guard let response = responses.first else { return [] }
        return JSONValue.objects(try Self.response(response)["order_list"]).compactMap { Self.order($0, account: account) }
    }

    static func order(_ object: [String: Any], account: ChannelAccount) -> ChannelOrder? {
        guard let id = JSONValue.string(object["order_sn"]), let status = JSONValue.string(object["order_status"]) else { return nil }
        let currency = JSONValue.text(object["currency"])
        let lines = JSONValue.objects(object["item_list"]).compactMap { item -> ChannelOrder.Line? in
            guard let sku = JSONValue.text(item["model_sku"]) ?? JSONValue.text(item["item_sku"]),
                let units = JSONValue.string(item["model_quantity_purchased"]).flatMap({ Int64($0) })
            else { return nil }
            let original = OrderFields.amount(item["model_original_price"], currency: currency)
            let discounted = OrderFields.amount(item["model_discounted_price"], currency: currency)
            let discount = original.flatMap { original in discounted.map { max(original - $0, 0) * units } } ?? 0
            let model = JSONValue.string(item["model_id"])
            let title = [JSONValue.text(item["item_name"]), JSONValue.text(item["model_name"])].compactMap { $0 }.joined(separator: " · ")
            return ChannelOrder.Line(
                sku: sku, quantity: units,
                title: title.isEmpty ? nil : title, unitPriceMinor: original, discountMinor: discount,
                platformProductID: JSONValue.string(item["item_id"]),
                platformSKUID: model, platformItemIDs: JSONValue.string(item["order_item_id"]).map { [$0] } ?? []
            )
        }
        var order = ChannelOrder(channelAccountID: account.id, orderID: id, platformStatus: status, lines: lines)
        order.currency = currency
        order.totalMinor = OrderFields.amount(object["total_amount"], currency: currency)
        order.buyerPlatformUserID = JSONValue.string(object["buyer_user_id"])
        let address = JSONValue.object(object["recipient_address"]) ?? [:]
        order.shippingAddress =
            JSONValue.text(address["full_address"])
            ?? OrderFields.joined(["town", "district", "city", "state", "region", "zipcode"].map { JSONValue.text(address[$0]) })
        order.paymentMethod = JSONValue.text(object["payment_method"])
        order.cashOnDelivery = JSONValue.bool(object["cod"])
        order.carrier = JSONValue.text(object["shipping_carrier"])
        order.placedAt = JSONValue.date(object["create_time"])
        order.platformUpdatedAt = JSONValue.date(object["update_time"])
        // "The deadline to ship out the parcel" (§2.3), and when the carrier picked it up.
        order.shipBy = JSONValue.date(object["ship_by_date"])
        order.shippedAt = JSONValue.date(object["pickup_done_time"])
        return order
    }
}
