import Foundation
import ShopDeskChannels
import ShopDeskCore

/// The marketplaces' order lists, Shopee's lost pushes and the seller-cancel calls (commerce-platforms.md
/// §1.4, §1.8, §2.1, §2.3, §2.7, §3.3, §3.7), behind the same signature checks as every other call.
extension SimulatedWorld {
    private func body(_ request: SimulatorRequest) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any]) ?? [:]
    }

    // MARK: TikTok Shop

    /// `POST /order/202309/orders/search?page_size=&page_token=` with `update_time_ge` / `update_time_lt`.
    func tiktokOrderSearch(_ request: SimulatorRequest, account: SimulatedAccount) -> SimulatorResponse {
        let filter = self.body(request)
        guard let size = Int(request.queryValue("page_size") ?? ""), (1...100).contains(size) else {
            return .json(200, ["code": 36009003, "message": "page_size must be 1 to 100", "request_id": self.nextID()])
        }
        let from = (filter["update_time_ge"] as? NSNumber)?.doubleValue ?? 0
        let to = (filter["update_time_lt"] as? NSNumber)?.doubleValue ?? .infinity
        let matching = self.orders(of: account.channelAccountID).filter {
            let updated = $0.updatedAt.timeIntervalSince1970.rounded(.down)
            return updated >= from && updated < to
        }
        let offset = Int(request.queryValue("page_token") ?? "") ?? 0
        let page = Array(matching.dropFirst(offset).prefix(size))
        let next = offset + page.count < matching.count ? String(offset + page.count) : ""
        return .json(
            200,
            [
                "code": 0, "message": "Success", "request_id": self.nextID(),
                "data": ["total_count": matching.count, "next_page_token": next, "orders": page.map { Self.tiktokOrder($0) }],
            ])
    }

    /// `POST /return_refund/202309/cancellations {order_id, cancel_reason}`: the reason must be a seller
    /// reason for the order's status (§1.8), or 25001021.
    func tiktokCancel(_ request: SimulatorRequest, account: SimulatedAccount) -> SimulatorResponse {
        let body = self.body(request)
        guard let id = JSONNumberText.string(body["order_id"]), let order = self.order(id, account: account.channelAccountID) else {
            return .json(200, ["code": 25001001, "message": "Order not found", "request_id": self.nextID()])
        }
        let reason = body["cancel_reason"] as? String ?? ""
        if order.cancelled { return .json(200, ["code": 25001006, "message": "The order has already been cancelled", "request_id": self.nextID()]) }
        let paid = ["seller_cancel_reason_out_of_stock", "seller_cancel_reason_wrong_price", "seller_cancel_paid_reason_address_not_deliver"]
        guard order.stage == .awaitingShipment, paid.contains(reason) else {
            return .json(200, ["code": 25001021, "message": "Reason not match order status", "request_id": self.nextID()])
        }
        _ = self.sellerCancel(id, account: account.channelAccountID, reason: reason)
        return .json(
            200,
            [
                "code": 0, "message": "Success", "request_id": self.nextID(),
                "data": ["cancel_id": self.nextID(), "cancel_status": "CANCELLATION_REQUEST_COMPLETE"],
            ])
    }

    // MARK: Shopee

    /// `GET /api/v2/order/get_order_list` by `update_time`, at most 15 days, `cursor` an offset here.
    func shopeeOrderList(_ request: SimulatorRequest, account: SimulatedAccount) -> SimulatorResponse {
        guard request.queryValue("time_range_field") == "update_time" || request.queryValue("time_range_field") == "create_time",
            let from = request.queryValue("time_from").flatMap(Double.init), let to = request.queryValue("time_to").flatMap(Double.init),
            to >= from, to - from <= 15 * 24 * 3600, let size = Int(request.queryValue("page_size") ?? ""), (1...100).contains(size)
        else {
            return .json(
                200, ["error": "error_param", "message": "time range must be at most 15 days; page_size 1 to 100", "request_id": self.nextID()])
        }
        let byCreation = request.queryValue("time_range_field") == "create_time"
        let matching = self.orders(of: account.channelAccountID).filter {
            let time = (byCreation ? $0.at : $0.updatedAt).timeIntervalSince1970.rounded(.down)
            return time >= from && time <= to
        }
        let offset = Int(request.queryValue("cursor") ?? "") ?? 0
        let page = Array(matching.dropFirst(offset).prefix(size))
        let more = offset + page.count < matching.count
        return .json(
            200,
            [
                "error": "", "message": "", "request_id": self.nextID(),
                "response": [
                    "more": more, "next_cursor": more ? String(offset + page.count) : "",
                    "order_list": page.map { ["order_sn": $0.id, "order_status": $0.status(on: .shopee)] },
                ],
            ])
    }

    /// `POST /api/v2/order/cancel_order {order_sn, cancel_reason, item_list}` (§2.7).
    func shopeeCancel(_ request: SimulatorRequest, account: SimulatedAccount) -> SimulatorResponse {
        let body = self.body(request)
        func refuse(_ error: String, _ message: String) -> SimulatorResponse {
            .json(200, ["error": error, "message": message, "request_id": self.nextID()])
        }
        guard let id = body["order_sn"] as? String, let order = self.order(id, account: account.channelAccountID) else {
            return refuse("error_not_found", "order not found")
        }
        guard order.stage.beforeShipping else { return refuse("error_status_limit", "order status \(order.status(on: .shopee)) cannot be cancelled") }
        let reason = body["cancel_reason"] as? String ?? ""
        var allowed = ["OUT_OF_STOCK", "CUSTOMER_REQUEST"]
        if ["TW", "MY"].contains(account.market) { allowed.append("UNDELIVERABLE_AREA") }
        if order.cashOnDelivery { allowed.append("COD_NOT_SUPPORTED") }
        guard allowed.contains(reason) else { return refuse("error_param", "cancel_reason \(reason) is not allowed for this order") }
        if reason == "OUT_OF_STOCK" {
            let items = (body["item_list"] as? [[String: Any]] ?? []).map {
                (JSONNumberText.string($0["item_id"]) ?? "", JSONNumberText.string($0["model_id"]) ?? "")
            }
            guard items.contains(where: { $0 == (order.productID, order.skuID) }) else {
                return refuse("error_param", "item_list with the out-of-stock item_id and model_id is required")
            }
        }
        _ = self.sellerCancel(id, account: account.channelAccountID, reason: reason)
        return .json(
            200, ["error": "", "message": "", "request_id": self.nextID(), "response": ["update_time": Int(self.now().timeIntervalSince1970)]])
    }

    /// The partner-level push calls (`/api/v2/push/…`): signed with partner id, path and timestamp only.
    func shopeePush(_ request: SimulatorRequest) -> SimulatorResponse {
        guard let partnerID = request.queryValue("partner_id"),
            let key = self.accounts.values.first(where: { $0.platform == .shopee && $0.credentials["partner_id"] == partnerID })?.credentials[
                "partner_key"],
            let timestamp = request.queryValue("timestamp").flatMap(Int.init), abs(Double(timestamp) - self.now().timeIntervalSince1970) <= 300,
            PlatformSignature.matches(
                request.queryValue("sign"),
                expected: PlatformSignature.shopeeAPI(partnerID: partnerID, path: request.path, timestamp: timestamp, partnerKey: key))
        else {
            self.refuseSignature()
            return .json(401, ["error": "error_sign", "message": "Wrong sign.", "request_id": self.nextID()])
        }
        let recent = self.orderState.lost.filter {
            $0.partnerID == partnerID && Double($0.timestamp) > self.now().timeIntervalSince1970 - 3 * 24 * 3600
        }
        switch (request.method, request.path) {
        case ("GET", "/api/v2/push/get_lost_push_message"):
            let page = Array(recent.prefix(100))
            return .json(
                200,
                [
                    "error": "", "message": "", "request_id": self.nextID(),
                    "response": [
                        "push_message_list": page.map { lost -> [String: Any] in
                            [
                                "shop_id": Int64(lost.shopID) ?? 0, "code": lost.code, "timestamp": lost.timestamp,
                                "data": [
                                    "ordersn": lost.data["ordersn"] ?? "", "status": lost.data["status"] ?? "", "completed_scenario": "",
                                    "update_time": Int(lost.data["update_time"] ?? "") ?? lost.timestamp, "items": [Any](),
                                ] as [String: Any],
                            ]
                        },
                        "has_next_page": recent.count > page.count, "last_message_id": page.last?.id ?? 0,
                    ],
                ])
        case ("POST", "/api/v2/push/confirm_consumed_lost_push_message"):
            guard let last = JSONNumberText.string(self.body(request)["last_message_id"]).flatMap({ Int64($0) }) else {
                return .json(200, ["error": "error_param", "message": "last_message_id is required", "request_id": self.nextID()])
            }
            self.orderState.lost.removeAll { $0.partnerID == partnerID && $0.id <= last }
            return .json(200, ["error": "", "message": "", "request_id": self.nextID(), "response": [String: Any]()])
        default:
            return .json(404, ["error": "error_not_found", "message": "no such API"])
        }
    }

    /// Lost Shopee pushes not yet confirmed, for tests.
    public func lostPushCount() -> Int { self.orderState.lost.count }

    // MARK: Lazada

    /// `GET /orders/get?update_after=&update_before=&limit=&offset=` (§3.3), oldest change first.
    func lazadaOrderList(parameter: (String) -> String?, account: SimulatedAccount) -> SimulatorResponse {
        let iso = ISO8601DateFormatter()
        guard let after = parameter("update_after").flatMap({ iso.date(from: $0) }) else {
            return .json(200, ["code": "MissingParameter", "message": "update_after or created_after is required", "request_id": self.nextID()])
        }
        let before = parameter("update_before").flatMap { iso.date(from: $0) } ?? .distantFuture
        let limit = min(Int(parameter("limit") ?? "") ?? 100, 100)
        let offset = Int(parameter("offset") ?? "") ?? 0
        let matching = self.orders(of: account.channelAccountID).filter { $0.updatedAt >= after && $0.updatedAt < before }
            .sorted { ($0.updatedAt, $0.id) < ($1.updatedAt, $1.id) }
        let page = Array(matching.dropFirst(offset).prefix(limit))
        return .json(
            200,
            [
                "code": "0", "request_id": self.nextID(),
                "data": [
                    "count": page.count, "countTotal": matching.count, "orders": page.map { Self.lazadaOrderSummary($0, market: account.market) },
                ],
            ])
    }

    /// `GET /order/reverse/cancel/validate` and `/order/reverse/cancel/create` (§3.7): the items named must
    /// be the order's, not yet shipped; the reasons are this country's ids.
    func lazadaCancel(path: String, parameter: (String) -> String?, account: SimulatedAccount) -> SimulatorResponse {
        func refuse(_ code: String, _ message: String) -> SimulatorResponse {
            .json(200, ["code": code, "message": message, "request_id": self.nextID()])
        }
        guard let id = parameter("order_id"), let order = self.order(id, account: account.channelAccountID) else {
            return refuse("E0012", "order not found")
        }
        let named = (parameter("order_item_id_list").flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) } as? [Any] ?? [])
            .compactMap { JSONNumberText.string($0) }
        let items = (0..<order.quantity).map { "\(order.id)\($0)" }
        guard !named.isEmpty, Set(named).isSubset(of: items) else {
            return refuse("InvalidParameter", "order_item_id_list must name the order's items")
        }
        guard order.stage.beforeShipping else { return refuse("E0007", "items in status \(order.status(on: .lazada)) cannot be cancelled") }
        let reasons: [[String: Any]] = [
            ["reason_id": 10_000_021, "reason_name": "Out of Stock"], ["reason_id": 10_000_023, "reason_name": "Wrong Price"],
            ["reason_id": 10_000_019, "reason_name": "Sourcing Delay"],
        ]
        if path.hasSuffix("validate") {
            return .json(
                200,
                [
                    "code": "0", "request_id": self.nextID(),
                    "data": ["tip_type": "WARNING", "tip_content": "Cancelling affects your store rating", "reason_options": reasons],
                ])
        }
        guard let reason = parameter("reason_id"), reasons.contains(where: { JSONNumberText.string($0["reason_id"]) == reason }) else {
            return refuse("InvalidParameter", "reason_id is not one of the reason options")
        }
        _ = self.sellerCancel(id, account: account.channelAccountID, reason: reason)
        return .json(200, ["code": "0", "request_id": self.nextID(), "data": [String: Any]()])
    }
}
