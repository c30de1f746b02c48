import Foundation
import ShopDeskChannels
import ShopDeskCore

/// The marketplaces' order-detail APIs (commerce-platforms.md §1.4, §2.3, §3.3), answering for the
/// orders simulated buyers placed, in each platform's shape.
extension SimulatedWorld {
    /// TikTok Shop `GET /order/202309/orders?ids=`: a line item per unit (no quantity field), amounts as
    /// strings, times in Unix seconds; no address while UNPAID or ON_HOLD (never the case here).
    func tiktokOrders(_ request: SimulatorRequest, account: SimulatedAccount) -> SimulatorResponse {
        let ids = (request.queryValue("ids") ?? "").split(separator: ",").map(String.init)
        guard (1...50).contains(ids.count) else { return .json(200, ["code": 36009003, "message": "ids must hold 1 to 50 order ids"]) }
        let orders = ids.compactMap { self.order($0, account: account.channelAccountID) }.map { Self.tiktokOrder($0) }
        return .json(200, ["code": 0, "message": "Success", "request_id": self.nextID(), "data": ["orders": orders]])
    }

    static func tiktokOrder(_ order: SimulatedOrder) -> [String: Any] {
        func amount(_ minor: Int64) -> String { SimulatedOrder.amountText(minor, currency: order.currency) }
        func seconds(_ date: Date) -> Int { Int(date.timeIntervalSince1970) }
        var detail: [String: Any] = [
            "id": order.id, "status": order.status(on: .tiktokShop), "user_id": order.buyerID, "create_time": seconds(order.at),
            "paid_time": seconds(order.at), "update_time": seconds(order.updatedAt), "rts_sla_time": seconds(order.shipBy),
            "tts_sla_time": seconds(order.shipBy.addingTimeInterval(12 * 3600)), "pick_up_cut_off_time": seconds(order.shipBy),
            "shipping_due_time": seconds(order.autoCancelAt), "is_cod": order.cashOnDelivery,
            "payment_method_name": order.cashOnDelivery ? "Cash on delivery" : "TikTok Shop Wallet",
            "recipient_address": ["full_address": order.address],
            "payment": [
                "currency": order.currency, "sub_total": amount(order.totalMinor), "shipping_fee": "0", "total_amount": amount(order.totalMinor),
                "seller_discount": amount(order.unitDiscountMinor * order.quantity), "platform_discount": "0",
                "original_total_product_price": amount(order.unitPriceMinor * order.quantity),
            ],
            "line_items": (0..<order.quantity).map { unit -> [String: Any] in
                var item: [String: Any] = [
                    "id": "\(order.id)\(unit)", "product_id": order.productID, "sku_id": order.skuID, "seller_sku": order.sellerSKU,
                    "product_name": order.title, "sku_name": "Default", "currency": order.currency,
                    "original_price": amount(order.unitPriceMinor), "sale_price": amount(order.unitPriceMinor - order.unitDiscountMinor),
                    "seller_discount": amount(order.unitDiscountMinor), "platform_discount": "0", "display_status": order.status(on: .tiktokShop),
                ]
                if let tracking = order.trackingNumber { item["tracking_number"] = tracking }
                if let carrier = order.carrier { item["shipping_provider_name"] = carrier }
                return item
            },
        ]
        if let shipped = order.shippedAt { detail["collection_time"] = seconds(shipped) }
        if let tracking = order.trackingNumber { detail["tracking_number"] = tracking }
        if order.cancelled {
            detail["cancellation_initiator"] = order.cancelledBy == "seller" ? "SELLER" : "BUYER"
            detail["cancel_time"] = seconds(order.updatedAt)
        }
        return detail
    }

    /// Shopee `GET /api/v2/order/get_order_detail?order_sn_list=`: the optional fields only when named in
    /// `response_optional_fields`; prices as floats.
    func shopeeOrders(_ request: SimulatorRequest, account: SimulatedAccount) -> SimulatorResponse {
        let ids = (request.queryValue("order_sn_list") ?? "").split(separator: ",").map(String.init)
        guard (1...50).contains(ids.count) else {
            return .json(200, ["error": "error_param", "message": "order_sn_list must hold 1 to 50 values", "request_id": self.nextID()])
        }
        let asked = Set((request.queryValue("response_optional_fields") ?? "").split(separator: ",").map(String.init))
        let orders = ids.compactMap { self.order($0, account: account.channelAccountID) }.map { order -> [String: Any] in
            func price(_ minor: Int64) -> Double { SimulatedOrder.amountNumber(minor, currency: order.currency) }
            var detail: [String: Any] = [
                "order_sn": order.id, "region": account.market, "currency": order.currency, "cod": order.cashOnDelivery,
                "order_status": order.status(on: .shopee), "create_time": Int(order.at.timeIntervalSince1970),
                "update_time": Int(order.updatedAt.timeIntervalSince1970), "ship_by_date": Int(order.shipBy.timeIntervalSince1970),
                "days_to_ship": 2,
            ]
            let model = Int64(order.skuID) ?? 0
            let optional: [String: Any] = [
                "buyer_user_id": Int64(order.buyerID) ?? 0, "total_amount": price(order.totalMinor),
                "recipient_address": ["name": "Buyer", "full_address": order.address, "region": account.market],
                "payment_method": order.cashOnDelivery ? "Cash on Delivery" : "ShopeePay",
                "shipping_carrier": order.carrier ?? SimulatedOrder.carrier(platform: .shopee, market: account.market),
                "pickup_done_time": order.shippedAt.map { Int($0.timeIntervalSince1970) } ?? 0,
                "item_list": [
                    [
                        "item_id": Int64(order.productID) ?? 0, "item_name": order.title, "model_id": model, "model_name": "",
                        "item_sku": model == 0 ? order.sellerSKU : "", "model_sku": model == 0 ? "" : order.sellerSKU,
                        "model_quantity_purchased": order.quantity, "model_original_price": price(order.unitPriceMinor),
                        "model_discounted_price": price(order.unitPriceMinor - order.unitDiscountMinor), "order_item_id": Int64(order.productID) ?? 0,
                    ]
                ],
                "package_list": [
                    [
                        "package_number": "OFG" + order.id, "logistics_status": order.shippedAt == nil ? "LOGISTICS_READY" : "LOGISTICS_PICKUP_DONE",
                        "item_list": [["item_id": Int64(order.productID) ?? 0, "model_id": model, "model_quantity": order.quantity]],
                    ]
                ],
            ]
            for (name, value) in optional where asked.contains(name) { detail[name] = value }
            if order.cancelled { detail["cancel_by"] = order.cancelledBy ?? "buyer" }
            return detail
        }
        return .json(200, ["error": "", "message": "", "request_id": self.nextID(), "response": ["order_list": orders]])
    }

    /// Lazada `GET /order/items/get?order_id=`: an item per unit, each with its own status, prices as
    /// strings, SLA times in ISO 8601.
    func lazadaOrderItems(_ orderID: String?, account: SimulatedAccount) -> SimulatorResponse {
        guard let orderID, let order = self.order(orderID, account: account.channelAccountID) else {
            return .json(200, ["code": "E0012", "message": "order not found", "request_id": self.nextID()])
        }
        let items = (0..<order.quantity).map { unit -> [String: Any] in
            var item: [String: Any] = [
                "order_item_id": "\(order.id)\(unit)", "order_id": order.id,
                "status": order.status(on: .lazada), "sku": order.sellerSKU, "shop_sku": "\(order.productID)_\(account.market)-\(order.skuID)",
                "sku_id": order.skuID, "product_id": order.productID, "name": order.title, "variation": "",
                "item_price": SimulatedOrder.amountText(order.unitPriceMinor, currency: order.currency),
                "paid_price": SimulatedOrder.amountText(order.unitPriceMinor - order.unitDiscountMinor, currency: order.currency),
                "currency": order.currency, "buyer_id": Int64(order.buyerID) ?? 0, "shipping_type": "Dropshipping",
                "sla_time_stamp": Self.iso8601(order.shipBy), "promised_shipping_time": Self.lazadaTime(order.shipBy),
                "created_at": Self.lazadaTime(order.at), "updated_at": Self.lazadaTime(order.updatedAt),
                "tracking_code": order.trackingNumber ?? "", "shipment_provider": order.carrier ?? "",
            ]
            if order.cancelled { item["cancel_return_initiator"] = order.cancelledBy == "seller" ? "cancellation-seller" : "cancellation-customer" }
            return item
        }
        return .json(200, ["code": "0", "request_id": self.nextID(), "data": items])
    }

    /// Lazada `GET /order/get?order_id=`: the order-level fields (price, vouchers, payment, address).
    func lazadaOrder(_ orderID: String?, account: SimulatedAccount) -> SimulatorResponse {
        guard let orderID, let order = self.order(orderID, account: account.channelAccountID) else {
            return .json(200, ["code": "E0012", "message": "order not found", "request_id": self.nextID()])
        }
        return .json(200, ["code": "0", "request_id": self.nextID(), "data": Self.lazadaOrderSummary(order, market: account.market)])
    }

    static func lazadaOrderSummary(_ order: SimulatedOrder, market: String) -> [String: Any] {
        func amount(_ minor: Int64) -> String { SimulatedOrder.amountText(minor, currency: order.currency) }
        return [
            "order_id": order.id, "order_number": order.id,
            "created_at": Self.lazadaTime(order.at), "updated_at": Self.lazadaTime(order.updatedAt), "statuses": [order.status(on: .lazada)],
            "price": amount(order.unitPriceMinor * order.quantity), "voucher": amount(order.unitDiscountMinor * order.quantity),
            "voucher_seller": amount(order.unitDiscountMinor * order.quantity), "voucher_platform": "0", "shipping_fee": "0",
            "items_count": order.quantity, "payment_method": order.cashOnDelivery ? "COD" : "MIXEDCARD",
            "promised_shipping_times": Self.lazadaTime(order.shipBy),
            "address_shipping": ["address1": order.address, "country": market],
        ]
    }

    /// `2024-05-01T10:00:00+00:00`.
    static func iso8601(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ssxxx"
        return formatter.string(from: date)
    }

    /// Lazada's order times: `2024-05-01 17:00:00 +0700`.
    static func lazadaTime(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 7 * 3600)
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss Z"
        return formatter.string(from: date)
    }
}
