import Foundation
import ShopDeskCore

/// TikTok Shop's buyer cancellations and returns (commerce-platforms.md §1.8): searched, their reject
/// reasons read, and approved or rejected with an `idempotency_key`.
extension PlatformClient {
    /// The searches' page size; the spec's limit is not in §1.8, and 50 is what the order search takes.
    static let tiktokAfterSalePageSize = 50

    /// `POST /return_refund/202309/cancellations/search` and `…/returns/search`. The filters §1.8 lists
    /// (statuses, types, `create_time_ge/lt`, `update_time_ge/lt`, `locale`) name no order, so both are
    /// searched from the order's placing on (`create_time_ge`) and the answers kept where `order_id` is
    /// this order's.
    func tiktokAfterSales(for order: Order, credentials: ChannelCredentials) async throws -> [AfterSaleRequest] {
        let since = order.placedAt ?? order.updatedAt.addingTimeInterval(-90 * 24 * 3600)
        let filter = PlatformAnswer.json(["create_time_ge": Int64(since.timeIntervalSince1970.rounded(.down)) - 60])
        var requests: [AfterSaleRequest] = []
        for (path, list) in [("cancellations", "cancellations"), ("returns", "return_orders")] {
            var token: String? = nil
            for _ in 0..<Self.maxListingPages {
                var query: [(key: String, value: String)] = [("page_size", String(Self.tiktokAfterSalePageSize))]
                if let token { query.append(("page_token", token)) }
                let request = try TikTokShopAPI().signed(
                    .post, path: "/return_refund/202309/\(path)/search", query: query, body: filter, credentials: credentials, now: self.now())
                let data = try TikTokShopAPI.data(try await self.transport.perform(request))
                requests += JSONValue.objects(data[list]).filter { JSONValue.string($0["order_id"]) == order.externalID }
                    .compactMap { Self.tiktokAfterSale($0, cancellation: path == "cancellations") }
                guard let next = JSONValue.string(data["next_page_token"]), next != token else { break }
                token = next
            }
        }
        return requests
    }

    static func tiktokAfterSale(_ object: [String: Any], cancellation: Bool) -> AfterSaleRequest? {
        guard let id = JSONValue.string(object[cancellation ? "cancel_id" : "return_id"]), let orderID = JSONValue.string(object["order_id"]),
            let status = JSONValue.string(object[cancellation ? "cancel_status" : "return_status"])
        else { return nil }
        let kind: AfterSaleRequest.Kind =
            if cancellation {
                .cancellation
            } else {
                switch JSONValue.string(object["return_type"])?.uppercased() {
                case "REFUND": .refund
                case "REPLACEMENT": .replacement
                default: .returnAndRefund
                }
            }
        // §1.8: `seller_next_action_response[]{action, deadline}` is the after-sales SLA clock.
        let actions = JSONValue.objects(object["seller_next_action_response"])
        let refund = JSONValue.object(object["refund_amount"]) ?? [:]
        let lines = JSONValue.objects(object[cancellation ? "cancel_line_items" : "return_line_items"])
        var currency = JSONValue.text(refund["currency"])
        var refundMinor = OrderFields.amount(refund["refund_total"], currency: currency)
        if refundMinor == nil {
            // Only the lines carry amounts: their refunds summed, when every line names one.
            let amounts = lines.compactMap { JSONValue.object($0["refund_amount"]) }
            currency = currency ?? amounts.lazy.compactMap { JSONValue.text($0["currency"]) }.first
            let minors = amounts.compactMap { OrderFields.amount($0["refund_total"], currency: currency) }
            refundMinor = !minors.isEmpty && minors.count == lines.count ? minors.reduce(0, +) : nil
        }
        return AfterSaleRequest(
            requestID: id, orderID: orderID, kind: kind, platformStatus: status,
            awaitingSeller: status.uppercased().hasSuffix("_REQUEST_PENDING") || !actions.isEmpty,
            respondBy: actions.compactMap { JSONValue.date($0["deadline"]) }.min(),
            reason: JSONValue.text(object[cancellation ? "cancel_reason_text" : "return_reason_text"])
                ?? JSONValue.text(object[cancellation ? "cancel_reason" : "return_reason"]),
            refundMinor: refundMinor, currency: currency,
            lineIDs: lines.compactMap { JSONValue.string($0["order_line_item_id"]) },
            updatedAt: JSONValue.date(object["update_time"]) ?? JSONValue.date(object["create_time"]))
    }

    /// `GET /return_refund/202309/reject_reasons` answers `reasons[]{name, text}`. §1.8 names the call
    /// but not its parameters; the request's own id (`return_or_cancel_id`) is sent, which names its type
    /// and status, so the reasons are the ones that fit it.
    func tiktokRejectReasons(for request: AfterSaleRequest, credentials: ChannelCredentials) async throws -> [CancelReason] {
        let call = try TikTokShopAPI().signed(
            .get, path: "/return_refund/202309/reject_reasons", query: [("return_or_cancel_id", request.requestID)], credentials: credentials,
            now: self.now())
        let data = try TikTokShopAPI.data(try await self.transport.perform(call))
        return JSONValue.objects(data["reasons"]).compactMap { reason in
            guard let name = JSONValue.string(reason["name"]) else { return nil }
            return CancelReason(code: name, name: JSONValue.text(reason["text"]) ?? name)
        }
    }

    /// `POST …/cancellations/{id}/approve|reject` and `…/returns/{id}/approve|reject` with the
    /// `idempotency_key` query (§1.8, ≤ 255 characters). A return's `decision` follows its kind, or,
    /// once the buyer has sent the parcel back (BUYER_SHIPPED_ITEM), is about the package received.
    func tiktokDecide(
        _ request: AfterSaleRequest, approve: Bool, reason: String?, comment: String?, idempotencyKey: String,
        credentials: ChannelCredentials
    ) async throws {
        var body: [String: Any] = [:]
        let path: String
        if request.kind == .cancellation {
            path = "/return_refund/202309/cancellations/\(request.requestID)/\(approve ? "approve" : "reject")"
        } else {
            path = "/return_refund/202309/returns/\(request.requestID)/\(approve ? "approve" : "reject")"
            let subject =
                if request.platformStatus.uppercased() == "BUYER_SHIPPED_ITEM" {
                    "RECEIVED_PACKAGE"
                } else {
                    switch request.kind {
                    case .refund: "REFUND"
                    case .replacement: "REPLACEMENT"
                    case .returnAndRefund, .cancellation: "RETURN"
                    }
                }
            body["decision"] = (approve ? "APPROVE_" : "REJECT_") + subject
        }
        if !approve {
            body["reject_reason"] = reason ?? ""
            if let comment, !comment.isEmpty { body["comment"] = comment }
        }
        let call = try TikTokShopAPI().signed(
            .post, path: path, query: [("idempotency_key", String(idempotencyKey.prefix(255)))], body: PlatformAnswer.json(body),
            credentials: credentials, now: self.now())
        _ = try TikTokShopAPI.data(try await self.transport.perform(call))
    }
}
