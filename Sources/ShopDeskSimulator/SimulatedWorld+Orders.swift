import Foundation
import ShopDeskChannels
import ShopDeskCore

/// The marketplaces' order-detail APIs (commerce-platforms.md §1.4, §2.3, §3.3), answering for the
/// orders simulated buyers placed.
extension SimulatedWorld {
    /// TikTok Shop `GET /order/202309/orders?ids=`: a line item per unit, no quantity field.
    func tiktokOrders(_ request: SimulatorRequest, account: SimulatedAccount) -> SimulatorResponse {
        let ids = (request.queryValue("ids") ?? "").split(separator: ",").map(String.init)
        guard (1...50).contains(ids.count) else { return .json(200, ["code": 36009003, "message": "ids must hold 1 to 50 order ids"]) }
        let orders = ids.compactMap { self.order($0, account: account.channelAccountID) }.map { order -> [String: Any] in
            [
                "id": order.id, "status": order.status(on: .tiktokShop), "create_time": Int(order.at.timeIntervalSince1970),
                "line_items": (0..<order.quantity).map { unit in
                    ["id": "\(order.id)\(unit)", "product_id": order.productID, "sku_id": order.skuID, "seller_sku": order.sellerSKU]
                },
            ]
        }
        return .json(200, ["code": 0, "message": "Success", "request_id": self.nextID(), "data": ["orders": orders]])
    }

    /// Shopee `GET /api/v2/order/get_order_detail?order_sn_list=`, `item_list` when asked for.
    func shopeeOrders(_ request: SimulatorRequest, account: SimulatedAccount) -> SimulatorResponse {
        let ids = (request.queryValue("order_sn_list") ?? "").split(separator: ",").map(String.init)
        guard (1...50).contains(ids.count) else {
            return .json(200, ["error": "error_param", "message": "order_sn_list must hold 1 to 50 values", "request_id": self.nextID()])
        }
        let withItems = (request.queryValue("response_optional_fields") ?? "").split(separator: ",").contains("item_list")
        let orders = ids.compactMap { self.order($0, account: account.channelAccountID) }.map { order -> [String: Any] in
            var detail: [String: Any] = [
                "order_sn": order.id, "order_status": order.status(on: .shopee), "create_time": Int(order.at.timeIntervalSince1970),
            ]
            if withItems {
                let model = Int64(order.skuID) ?? 0
                detail["item_list"] = [
                    [
                        "item_id": Int64(order.productID) ?? 0, "model_id": model, "item_sku": model == 0 ? order.sellerSKU : "",
                        "model_sku": model == 0 ? "" : order.sellerSKU, "model_quantity_purchased": order.quantity,
                    ]
                ]
            }
            return detail
        }
        return .json(200, ["error": "", "message": "", "request_id": self.nextID(), "response": ["order_list": orders]])
    }

    /// Lazada `GET /order/items/get?order_id=`: an item per unit, each with its own status.
    func lazadaOrderItems(_ orderID: String?, account: SimulatedAccount) -> SimulatorResponse {
        guard let orderID, let order = self.order(orderID, account: account.channelAccountID) else {
            return .json(200, ["code": "E0012", "message": "order not found", "request_id": self.nextID()])
        }
        let items = (0..<order.quantity).map { unit -> [String: Any] in
            [
                "order_item_id": "\(order.id)\(unit)", "order_id": order.id, "status": order.status(on: .lazada), "sku": order.sellerSKU,
                "sku_id": order.skuID, "product_id": order.productID,
            ]
        }
        return .json(200, ["code": "0", "request_id": self.nextID(), "data": items])
    }
}
