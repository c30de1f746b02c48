import Foundation
import ShopDeskChannels
import ShopDeskCore

/// The marketplaces' after-sale and shop-health APIs (commerce-platforms.md §1.8, §2.7, §2.8, §3.7,
/// §3.8), reached after the same signature checks as every other call (SimulatedWorld+MarketplaceAPIs).
extension SimulatedWorld {
    private func afterSaleBody(_ request: SimulatorRequest) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any]) ?? [:]
    }

    /// The reasons the simulated platforms take for a seller's rejection, by request kind.
    static func rejectReasons(_ kind: SimulatedAfterSale.Kind, on platform: Platform) -> [(code: String, name: String)] {
        switch (platform, kind) {
        case (.tiktokShop, .cancellation):
            [
                ("seller_reject_apply_product_has_been_packed", "The product has been packed"),
                ("seller_reject_apply_buyer_agreed", "Agreed with the buyer to ship"),
            ]
        case (.tiktokShop, _):
            [("seller_reject_refund_item_used", "The item has been used"), ("seller_reject_refund_outside_window", "Outside the return window")]
        case (.shopee, _): [("50", "Item sent was correct and undamaged"), ("51", "Buyer's request is outside the return policy")]
        default: [("1000017", "Item is in good condition"), ("1000018", "Buyer changed their mind after the window")]
        }
    }

    // MARK: TikTok Shop (§1.8)

    /// `POST /return_refund/202309/{cancellations|returns}/search`, `GET …/reject_reasons`, and
    /// `POST …/{cancellations|returns}/{id}/{approve|reject}?idempotency_key=`.
    func tiktokAfterSales(_ request: SimulatorRequest, account: SimulatedAccount, parts: [String]) -> SimulatorResponse {
        func answer(_ data: [String: Any]) -> SimulatorResponse {
            .json(200, ["code": 0, "message": "Success", "request_id": self.nextID(), "data": data])
        }
        func refuse(_ code: Int, _ message: String) -> SimulatorResponse {
            .json(200, ["code": code, "message": message, "request_id": self.nextID()])
        }
        let requests = self.afterSales(of: account.channelAccountID)
        if request.method == "POST", parts.count == 4, parts[3] == "search", ["cancellations", "returns"].contains(parts[2]) {
            let cancellations = parts[2] == "cancellations"
            let from = JSONNumberText.string(self.afterSaleBody(request)["create_time_ge"]).flatMap(Double.init) ?? 0
            let matching = requests.filter { ($0.kind == .cancellation) == cancellations && $0.openedAt.timeIntervalSince1970 >= from }
            let size = Int(request.queryValue("page_size") ?? "") ?? 10
            guard (1...50).contains(size) else { return refuse(36009003, "page_size must be 1 to 50") }
            let offset = Int(request.queryValue("page_token") ?? "") ?? 0
            let page = Array(matching.dropFirst(offset).prefix(size))
            let next = offset + page.count < matching.count ? String(offset + page.count) : ""
            return answer([
                cancellations ? "cancellations" : "return_orders": page.map { Self.tiktokAfterSale($0) }, "next_page_token": next,
                "total_count": matching.count,
            ])
        }
        if request.method == "GET", parts.count == 3, parts[2] == "reject_reasons" {
            guard let id = request.queryValue("return_or_cancel_id"), let found = self.afterSale(id, account: account.channelAccountID) else {
                return refuse(36009003, "return_or_cancel_id is required")
            }
            return answer(["reasons": Self.rejectReasons(found.kind, on: .tiktokShop).map { ["name": $0.code, "text": $0.name] }])
        }
        guard request.method == "POST", parts.count == 5, ["cancellations", "returns"].contains(parts[2]), ["approve", "reject"].contains(parts[4])
        else { return .json(404, ["code": 40006, "message": "path not found"]) }
        guard let key = request.queryValue("idempotency_key"), (1...255).contains(key.count) else {
            return refuse(36009003, "idempotency_key is required (at most 255 characters)")
        }
        guard let found = self.afterSale(parts[3], account: account.channelAccountID), (found.kind == .cancellation) == (parts[2] == "cancellations")
        else { return refuse(25001001, "Return or cancellation not found") }
        let approve = parts[4] == "approve"
        let keyID = "\(account.channelAccountID)/\(found.id)"
        // The same key again is the same call: answered as it was, nothing done twice.
        if self.afterSaleState.keys[keyID] == key, found.approved == approve { return answer([:]) }
        guard found.approved == nil else { return refuse(25001023, "The request status does not allow this operation") }
        let body = self.afterSaleBody(request)
        if found.kind != .cancellation {
            let subject = found.kind == .refund ? "REFUND" : "RETURN"
            guard body["decision"] as? String == (approve ? "APPROVE_" : "REJECT_") + subject else {
                return refuse(36009003, "decision must be \(approve ? "APPROVE_" : "REJECT_")\(subject) for this request")
            }
        }
        let reason = body["reject_reason"] as? String
        if !approve, !Self.rejectReasons(found.kind, on: .tiktokShop).contains(where: { $0.code == reason }) {
            return refuse(25001022, "Invalid reject reason")
        }
        self.afterSaleState.keys[keyID] = key
        _ = self.decideAfterSale(found.id, account: account.channelAccountID, approve: approve, reason: reason)
        return answer([:])
    }

    static func tiktokAfterSale(_ request: SimulatedAfterSale) -> [String: Any] {
        let cancellation = request.kind == .cancellation
        var object: [String: Any] = [
            cancellation ? "cancel_id" : "return_id": request.id, "order_id": request.orderID, "role": "BUYER",
            cancellation ? "cancel_status" : "return_status": request.status,
            cancellation ? "cancel_reason_text" : "return_reason_text": request.reason,
            "create_time": Int(request.openedAt.timeIntervalSince1970), "update_time": Int(request.updatedAt.timeIntervalSince1970),
            "refund_amount": [
                "currency": request.currency, "refund_total": SimulatedOrder.amountText(request.refundMinor, currency: request.currency),
            ],
        ]
        if cancellation {
            object["cancel_type"] = "BUYER_CANCEL"
        } else {
            object["return_type"] = request.kind == .refund ? "REFUND" : "RETURN_AND_REFUND"
        }
        if request.approved == nil, !cancellation {
            object["seller_next_action_response"] = [
                [
                    "action": request.kind == .refund ? "SELLER_RESPOND_REFUND" : "SELLER_RESPOND_RETURN",
                    "deadline": Int(request.respondBy.timeIntervalSince1970),
                ]
            ]
        }
        return object
    }

    // MARK: Shopee (§2.7, §2.8)

    /// `/api/v2/returns/*`, `/api/v2/order/handle_buyer_cancellation` and
    /// `/api/v2/account_health/get_shop_performance`.
    func shopeeAfterSales(_ request: SimulatorRequest, account: SimulatedAccount) -> SimulatorResponse {
        func answer(_ response: [String: Any]) -> SimulatorResponse {
            .json(200, ["error": "", "message": "", "request_id": self.nextID(), "response": response])
        }
        func refuse(_ error: String, _ message: String) -> SimulatorResponse {
            .json(200, ["error": error, "message": message, "request_id": self.nextID()])
        }
        let id = account.channelAccountID
        let body = self.afterSaleBody(request)
        let returnSN = request.method == "GET" ? request.queryValue("return_sn") : JSONNumberText.string(body["return_sn"])
        let found = returnSN.flatMap { self.afterSale($0, account: id) }.flatMap { $0.kind == .cancellation ? nil : $0 }
        switch (request.method, request.path) {
        case ("GET", "/api/v2/returns/get_return_list"):
            guard let from = request.queryValue("create_time_from").flatMap(Double.init),
                let to = request.queryValue("create_time_to").flatMap(Double.init),
                to >= from, to - from <= 15 * 24 * 3600, let size = Int(request.queryValue("page_size") ?? ""), (1...100).contains(size),
                let page = Int(request.queryValue("page_no") ?? ""), page >= 1
            else { return refuse("error_param", "create_time_from/to at most 15 days apart; page_size 1 to 100; page_no from 1") }
            let matching = self.afterSales(of: id).filter {
                $0.kind != .cancellation && (from...to).contains($0.openedAt.timeIntervalSince1970.rounded(.down))
            }
            let slice = Array(matching.dropFirst((page - 1) * size).prefix(size))
            return answer(["more": page * size < matching.count, "return": slice.map { Self.shopeeReturn($0) }])
        case ("GET", "/api/v2/returns/get_return_detail"):
            guard let found else { return refuse("error_not_found", "return_sn not found") }
            return answer(Self.shopeeReturn(found))
        case ("GET", "/api/v2/returns/get_return_dispute_reason"):
            guard let found else { return refuse("error_not_found", "return_sn not found") }
            return answer([
                "dispute_reason_list": Self.rejectReasons(found.kind, on: .shopee).map {
                    ["dispute_reason": Int($0.code) ?? 0, "dispute_reason_text": $0.name, "dispute_requirement": "Photos of the item"]
                }
            ])
        case ("POST", "/api/v2/returns/confirm"):
            guard let found else { return refuse("error_not_found", "return_sn not found") }
            guard found.status == "REQUESTED" || found.status == "PROCESSING" else {
                return refuse("error_status_limit", "return status \(found.status) cannot be confirmed")
            }
            _ = self.decideAfterSale(found.id, account: id, approve: true, reason: nil)
            return answer(["return_sn": found.id])
        case ("POST", "/api/v2/returns/dispute"):
            guard let found else { return refuse("error_not_found", "return_sn not found") }
            guard ["REQUESTED", "PROCESSING"].contains(found.status) else {
                return refuse("error_status_limit", "return status \(found.status) cannot be disputed")
            }
            let reason = JSONNumberText.string(body["dispute_reason_id"])
            guard Self.rejectReasons(found.kind, on: .shopee).contains(where: { $0.code == reason }) else {
                return refuse("error_param", "dispute_reason_id is not a dispute reason of this return")
            }
            _ = self.decideAfterSale(found.id, account: id, approve: false, reason: reason)
            return answer(["return_sn": found.id])
        case ("POST", "/api/v2/order/handle_buyer_cancellation"):
            guard let sn = body["order_sn"] as? String, let order = self.order(sn, account: id) else {
                return refuse("error_not_found", "order not found")
            }
            guard let operation = body["operation"] as? String, ["ACCEPT", "REJECT"].contains(operation) else {
                return refuse("error_param", "operation must be ACCEPT or REJECT")
            }
            guard order.cancelRequested, self.afterSale(sn, account: id)?.approved == nil else {
                return refuse("error_status_limit", "order status \(order.status(on: .shopee)) has no buyer cancellation to handle")
            }
            _ = self.decideAfterSale(sn, account: id, approve: operation == "ACCEPT", reason: nil)
            return answer(["update_time": Int(self.now().timeIntervalSince1970)])
        case ("GET", "/api/v2/account_health/get_shop_performance"):
            let rate = (self.lateShipmentRate(account: id) * 10_000).rounded() / 100
            return answer([
                "overall_performance": [
                    "rating": rate < 10 ? 3 : 1, "fulfillment_failed": rate < 10 ? 0 : 1, "listing_failed": 0, "custom_service_failed": 0,
                ],
                "metric_list": [
                    [
                        "metric_type": 1, "metric_id": 1, "parent_metric_id": 0, "metric_name": "late_shipment_rate", "current_period": rate,
                        "last_period": NSNull(), "unit": 2, "target": ["value": 10, "comparator": "<"],
                    ],
                    [
                        "metric_type": 1, "metric_id": 4, "parent_metric_id": 0, "metric_name": "preparation_time", "current_period": 1.2,
                        "last_period": 1.4, "unit": 4, "target": ["value": 2, "comparator": "<"],
                    ],
                ],
            ])
        default:
            return .json(404, ["error": "error_not_found", "message": "no such API"])
        }
    }

    static func shopeeReturn(_ request: SimulatedAfterSale) -> [String: Any] {
        [
            "return_sn": request.id, "order_sn": request.orderID, "status": request.status, "reason": "CHANGE_MIND", "text_reason": request.reason,
            "refund_amount": SimulatedOrder.amountNumber(request.refundMinor, currency: request.currency), "currency": request.currency,
            "create_time": Int(request.openedAt.timeIntervalSince1970), "update_time": Int(request.updatedAt.timeIntervalSince1970),
            "due_date": Int(request.respondBy.timeIntervalSince1970), "return_solution": request.kind == .refund ? 1 : 0,
            "needs_logistics": request.kind == .returnAndRefund, "negotiation_status": "PENDING_RESPOND",
        ]
    }

    // MARK: Lazada (§3.7, §3.8)

    /// The reverse-order list, reject reasons and decide calls, and `/seller/metrics/get`.
    func lazadaAfterSales(path: String, parameter: (String) -> String?, account: SimulatedAccount) -> SimulatorResponse {
        func refuse(_ code: String, _ message: String) -> SimulatorResponse {
            .json(200, ["code": code, "type": "ISV", "message": message, "request_id": self.nextID()])
        }
        let ok = SimulatorResponse.json(200, ["code": "0", "request_id": self.nextID(), "data": [String: Any]()])
        let id = account.channelAccountID
        let named = (parameter("reverse_order_item_ids").flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) } as? [Any] ?? [])
            .compactMap { JSONNumberText.string($0) }
        switch path {
        case "/reverse/getreverseordersforseller":
            let order = parameter("trade_order_id")
            let matching = self.afterSales(of: id).filter { order == nil || $0.orderID == order }
            let size = min(Int(parameter("page_size") ?? "") ?? 10, 100)
            let page = max(Int(parameter("page_no") ?? "") ?? 1, 1)
            let slice = Array(matching.dropFirst((page - 1) * size).prefix(size))
            return .json(
                200,
                [
                    "code": "0", "request_id": self.nextID(),
                    "result": ["total": matching.count, "page_no": page, "page_size": size, "items": slice.map { Self.lazadaReverseOrder($0) }],
                ])
        case "/order/reverse/reason/list":
            guard let line = parameter("reverse_order_line_id"), let found = self.afterSales(of: id).first(where: { $0.lineIDs.contains(line) })
            else {
                return refuse("103", "E0103: reverse order line id is empty when query reject reason")
            }
            return .json(
                200,
                [
                    "code": "0", "request_id": self.nextID(),
                    "data": Self.rejectReasons(found.kind, on: .lazada).map {
                        ["reason_id": $0.code, "text": $0.name, "muti_language_text": $0.name]
                    },
                ])
        case "/order/reverse/cancel/seller/decide":
            guard let found = parameter("reverse_order_id").flatMap({ self.afterSale($0, account: id) }), found.kind == .cancellation else {
                return refuse("E0012", "reverse order not found")
            }
            guard found.approved == nil else { return refuse("E0007", "reverse order status \(found.status) cannot be decided") }
            let approve = parameter("agree_cancel") == "true"
            let reason = parameter("reason_code")
            if !approve, !Self.rejectReasons(found.kind, on: .lazada).contains(where: { $0.code == reason }) {
                return refuse("InvalidParameter", "reason_code is not a reason of this reverse order")
            }
            _ = self.decideAfterSale(found.id, account: id, approve: approve, reason: approve ? nil : reason)
            return ok
        case "/order/reverse/return/update":
            guard let found = parameter("reverse_order_id").flatMap({ self.afterSale($0, account: id) }), found.kind == .returnAndRefund else {
                return refuse("E0012", "reverse order not found")
            }
            guard !named.isEmpty, Set(named).isSubset(of: found.lineIDs) else {
                return refuse("InvalidParameter", "reverse_order_item_ids must name the reverse order's lines")
            }
            guard let action = parameter("action"), ["agreeReturn", "refuseReturn"].contains(action) else {
                return refuse("InvalidParameter", "action \(parameter("action") ?? "") does not fit a return")
            }
            guard found.approved == nil else { return refuse("E0007", "reverse order status \(found.status) cannot be decided") }
            let reason = parameter("reason_id")
            if action == "refuseReturn" {
                guard Self.rejectReasons(found.kind, on: .lazada).contains(where: { $0.code == reason }), !(parameter("comment") ?? "").isEmpty else {
                    return refuse("InvalidParameter", "refuseReturn needs a reason_id from the reason list and a comment")
                }
            }
            _ = self.decideAfterSale(found.id, account: id, approve: action == "agreeReturn", reason: action == "agreeReturn" ? nil : reason)
            return ok
        case "/order/reverse/onlyrefund/seller/decide":
            guard named.count == 1, let found = self.afterSales(of: id).first(where: { $0.kind == .refund && $0.lineIDs.contains(named[0]) }) else {
                return refuse("InvalidParameter", "reverse_order_item_ids must name one line of a refund-only request")
            }
            guard let action = parameter("action"), ["agreeRefund", "startDispute"].contains(action) else {
                return refuse("InvalidParameter", "action must be agreeRefund or startDispute")
            }
            guard found.approved == nil else { return refuse("E0007", "reverse order status \(found.status) cannot be decided") }
            if action == "startDispute", (parameter("comment") ?? "").isEmpty { return refuse("InvalidParameter", "a dispute needs a comment") }
            _ = self.decideAfterSale(found.id, account: id, approve: action == "agreeRefund", reason: parameter("comment"))
            return ok
        default:  // "/seller/metrics/get"
            let onTime = ((1 - self.lateShipmentRate(account: id)) * 10_000).rounded() / 100
            return .json(
                200,
                [
                    "code": "0", "request_id": self.nextID(),
                    "data": ["ship_on_time": onTime, "response_rate": 95, "response_time": 3, "positive_seller_rating": 92, "main_category_id": 1],
                ])
        }
    }

    static func lazadaReverseOrder(_ request: SimulatedAfterSale) -> [String: Any] {
        let type: String =
            switch request.kind {
            case .cancellation: "CANCEL"
            case .refund: "ONLY_REFUND"
            case .returnAndRefund: "RETURN"
            }
        // Money "in cent, except VN" (§3.5): the simulated shops sell in THB and such, so in cents, or VND whole.
        let digits = Price.minorUnits[request.currency] ?? 2
        let perLine = request.refundMinor / Int64(max(request.lineIDs.count, 1))
        let amount = request.currency == "VND" ? perLine : (digits == 2 ? perLine : perLine * 100)
        return [
            "reverse_order_id": request.id, "trade_order_id": request.orderID, "request_type": type, "is_rtm": request.kind == .returnAndRefund,
            "reverse_order_lines": request.lineIDs.enumerated().map { index, line -> [String: Any] in
                [
                    "reverse_order_line_id": line, "trade_order_line_id": "\(request.orderID)\(index)", "reverse_status": request.status,
                    "request_type": type, "refund_amount": amount, "reason_code": "10001", "reason_text": request.reason,
                    "sla": Int64(request.respondBy.timeIntervalSince1970 * 1000), "is_dispute": request.approved == false && request.kind == .refund,
                    "return_order_line_gmt_modified": Int64(request.updatedAt.timeIntervalSince1970 * 1000),
                ]
            },
        ]
    }
}
