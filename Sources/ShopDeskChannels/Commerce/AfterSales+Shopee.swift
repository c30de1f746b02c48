import Foundation
import ShopDeskCore

/// Shopee's returns and buyer cancellations (commerce-platforms.md §2.7). A buyer's cancel request has
/// no record of its own: the order is IN_CANCEL (§2.2) until the seller answers it with
/// `handle_buyer_cancellation`, so it is shown as a `.cancellation` whose id is the `order_sn`.
extension PlatformClient {
    /// Windows read at most (15 days each, §2.7): returns opened up to half a year after the order.
    static let shopeeReturnWindows = 12

    func shopeeAfterSales(for order: Order, account: ChannelAccount, credentials: ChannelCredentials) async throws -> [AfterSaleRequest] {
        var requests = try await self.shopeeReturns(for: order, credentials: credentials)
        // The order's status now, not as ShopDesk last stored it: the cancel request may be new or decided.
        let current = try await self.orders([order.externalID], account: account, credentials: credentials).first
        let status = (current?.platformStatus ?? order.platformStatus).uppercased()
        // Also once decided, when ShopDesk last saw the order IN_CANCEL: the answer reads back (`decide`).
        if status == "IN_CANCEL" || order.platformStatus.uppercased() == "IN_CANCEL" {
            requests.append(
                AfterSaleRequest(
                    requestID: order.externalID, orderID: order.externalID, kind: .cancellation, platformStatus: status,
                    awaitingSeller: status == "IN_CANCEL", currency: order.currency, updatedAt: current?.platformUpdatedAt))
        }
        return requests
    }

    /// `GET /api/v2/returns/get_return_list` by `create_time_from/to` (≤ 15 days, §2.7) from the order's
    /// placing on, `page_size=100`, following `page_no` while `more`; the list has no order filter, so
    /// entries are kept where `order_sn` is this order's.
    func shopeeReturns(for order: Order, credentials: ChannelCredentials) async throws -> [AfterSaleRequest] {
        let window: Int64 = 15 * 24 * 3600
        let end = Int64(self.now().timeIntervalSince1970.rounded(.up))
        var from = Int64((order.placedAt ?? order.updatedAt.addingTimeInterval(-30 * 24 * 3600)).timeIntervalSince1970.rounded(.down)) - 60
        var requests: [AfterSaleRequest] = []
        for _ in 0..<Self.shopeeReturnWindows where from < end {
            let to = min(from + window, end)
            for page in 1...Self.maxListingPages {
                let query: [(key: String, value: String)] = [
                    ("page_no", String(page)), ("page_size", "100"), ("create_time_from", String(from)), ("create_time_to", String(to)),
                ]
                let request = try ShopeeAPI().signed(
                    .get, path: "/api/v2/returns/get_return_list", query: query, credentials: credentials, now: self.now())
                let answer = try ShopeeAPI.response(try await self.transport.perform(request))
                requests += JSONValue.objects(answer["return"]).filter { JSONValue.string($0["order_sn"]) == order.externalID }
                    .compactMap(Self.shopeeReturn)
                guard JSONValue.bool(answer["more"]) else { break }
            }
            from = to
        }
        return requests
    }

    /// One return of `get_return_list` or `get_return_detail`: `return_solution` 1 is a refund only, 0 a
    /// return and refund; the seller acts on REQUESTED and PROCESSING (the two statuses the guide says a
    /// dispute can be raised in), by `due_date` ("last time seller deal with this return").
    static func shopeeReturn(_ object: [String: Any]) -> AfterSaleRequest? {
        guard let id = JSONValue.string(object["return_sn"]), let order = JSONValue.string(object["order_sn"]),
            let status = JSONValue.string(object["status"])
        else { return nil }
        let currency = JSONValue.text(object["currency"])
        return AfterSaleRequest(
            requestID: id, orderID: order, kind: JSONValue.string(object["return_solution"]) == "1" ? .refund : .returnAndRefund,
            platformStatus: status, awaitingSeller: ["REQUESTED", "PROCESSING"].contains(status.uppercased()),
            respondBy: JSONValue.date(object["due_date"]),
            reason: [JSONValue.text(object["reason"]), JSONValue.text(object["text_reason"])].compactMap { $0 }.joined(separator: ": ")
                .nilIfEmpty,
            refundMinor: OrderFields.amount(object["refund_amount"], currency: currency), currency: currency,
            updatedAt: JSONValue.date(object["update_time"]) ?? JSONValue.date(object["create_time"]))
    }

    /// A dispute needs a `dispute_reason_id`. §2.7 does not list where they come from; Shopee's
    /// `GET /api/v2/returns/get_return_dispute_reason?return_sn=` (v2.returns, found in public SDKs, not in
    /// §2.7) answers `dispute_reason_list[]`, read as the id in `dispute_reason_id` or `dispute_reason`
    /// and its words in `dispute_reason_text`, else its evidence requirement. A buyer-cancel rejection
    /// takes no reason.
    func shopeeRejectReasons(for request: AfterSaleRequest, credentials: ChannelCredentials) async throws -> [CancelReason] {
        guard request.kind != .cancellation else { return [] }
        let call = try ShopeeAPI().signed(
            .get, path: "/api/v2/returns/get_return_dispute_reason", query: [("return_sn", request.requestID)], credentials: credentials,
            now: self.now())
        let answer = try ShopeeAPI.response(try await self.transport.perform(call))
        return JSONValue.objects(answer["dispute_reason_list"]).compactMap { reason in
            guard let id = JSONValue.string(reason["dispute_reason_id"]) ?? JSONValue.string(reason["dispute_reason"]) else { return nil }
            return CancelReason(code: id, name: JSONValue.text(reason["dispute_reason_text"]) ?? JSONValue.text(reason["dispute_requirement"]) ?? id)
        }
    }

    /// A buyer's cancel: `POST /api/v2/order/handle_buyer_cancellation {order_sn, operation}`. A return:
    /// `POST /api/v2/returns/confirm {return_sn}` to accept, `POST /api/v2/returns/dispute {return_sn,
    /// email, dispute_reason_id, dispute_text_reason, image_list}` to reject. ShopDesk keeps no contact
    /// e-mail or evidence images for disputes: the shop's `contact_email` credential is sent when set,
    /// and no images, so Shopee may ask for evidence in Seller Centre.
    func shopeeDecide(_ request: AfterSaleRequest, approve: Bool, reason: String?, comment: String?, credentials: ChannelCredentials) async throws {
        let path: String
        var body: [String: Any]
        switch (request.kind, approve) {
        case (.cancellation, _):
            path = "/api/v2/order/handle_buyer_cancellation"
            body = ["order_sn": request.orderID, "operation": approve ? "ACCEPT" : "REJECT"]
        case (_, true):
            path = "/api/v2/returns/confirm"
            body = ["return_sn": request.requestID]
        case (_, false):
            path = "/api/v2/returns/dispute"
            let reasonID: Any = reason.flatMap { Int64($0) }.map { $0 as Any } ?? (reason ?? "")
            body = ["return_sn": request.requestID, "dispute_reason_id": reasonID, "dispute_text_reason": comment ?? "", "image_list": [Any]()]
            if let email = credentials["contact_email"], !email.isEmpty { body["email"] = email }
        }
        let call = try ShopeeAPI().signed(.post, path: path, body: PlatformAnswer.json(body), credentials: credentials, now: self.now())
        _ = try ShopeeAPI.response(try await self.transport.perform(call))
    }

    /// `GET /api/v2/account_health/get_shop_performance` (§2.8): metric_id 1, Late Shipment Rate, its
    /// `current_period` and `target.value` (`unit` 2 is a percentage, so both are divided by 100). Nil
    /// when the shop has no figure for it yet.
    func shopeeLateShipment(credentials: ChannelCredentials) async throws -> PlatformLateShipment? {
        let call = try ShopeeAPI().signed(.get, path: "/api/v2/account_health/get_shop_performance", credentials: credentials, now: self.now())
        let answer = try ShopeeAPI.response(try await self.transport.perform(call))
        guard let metric = JSONValue.objects(answer["metric_list"]).first(where: { JSONValue.string($0["metric_id"]) == "1" }),
            let value = JSONValue.string(metric["current_period"]).flatMap(Double.init)
        else { return nil }
        let scale = JSONValue.string(metric["unit"]) == "2" ? 100.0 : 1.0
        let target = JSONValue.object(metric["target"]).flatMap { JSONValue.string($0["value"]) }.flatMap(Double.init).map { $0 / scale }
        return PlatformLateShipment(rate: value / scale, target: target, period: "current period")
    }
}

extension String {
    fileprivate var nilIfEmpty: String? { self.isEmpty ? nil : self }
}
