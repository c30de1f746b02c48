import Foundation
import ShopDeskCore

/// Lazada's reverse orders (commerce-platforms.md §3.7): a buyer's cancel request, a return, or a refund
/// without return, each with lines (one per unit) that the decide calls name.
extension PlatformClient {
    /// `GET /reverse/getreverseordersforseller (page_no, page_size, trade_order_id)`. §3.7 lists status,
    /// type and time filters but no order one; `trade_order_id` is the filter Lazada's SDKs send, and the
    /// answer is filtered by `trade_order_id` again so a platform that ignores it still gives only this
    /// order's. The page is `result{items[]}` (SDKs and samples; `data{items[]}` is read too), an item
    /// `{reverse_order_id, trade_order_id, request_type, reverse_order_lines[]}`.
    func lazadaAfterSales(for order: Order, account: ChannelAccount, credentials: ChannelCredentials) async throws -> [AfterSaleRequest] {
        var requests: [AfterSaleRequest] = []
        for page in 1...Self.maxListingPages {
            let call = try LazadaAPI(market: account.market).signed(
                .get, path: "/reverse/getreverseordersforseller",
                parameters: [("page_no", String(page)), ("page_size", "100"), ("trade_order_id", order.externalID)], credentials: credentials,
                now: self.now())
            let response = try await self.transport.perform(call)
            _ = try LazadaAPI.data(response)
            let answer = PlatformAnswer.object(response) ?? [:]
            let result = JSONValue.object(answer["result"]) ?? JSONValue.object(answer["data"]) ?? [:]
            let items = JSONValue.objects(result["items"])
            requests += items.filter { JSONValue.string($0["trade_order_id"]) == order.externalID }.compactMap {
                Self.lazadaReverseOrder($0, currency: order.currency, market: account.market, now: self.now())
            }
            let total = JSONValue.string(result["total"]).flatMap(Int.init) ?? 0
            guard !items.isEmpty, page * 100 < total else { break }
        }
        return requests
    }

    /// One reverse order. Its lines share a request type; its status is its first line's (the lines of
    /// one request move together). `sla` is "seller operation sla in milliseconds": read as a Unix time in
    /// ms when it is one, else as the time left from now (the earlier, safe reading of a duration).
    /// Money is "in cent, except VN" (§3.5).
    static func lazadaReverseOrder(_ object: [String: Any], currency: String?, market: String, now: Date) -> AfterSaleRequest? {
        guard let id = JSONValue.string(object["reverse_order_id"]), let order = JSONValue.string(object["trade_order_id"]) else { return nil }
        let lines = JSONValue.objects(object["reverse_order_lines"])
        let type = (JSONValue.string(object["request_type"]) ?? lines.lazy.compactMap { JSONValue.string($0["request_type"]) }.first ?? "")
            .uppercased()
        let kind: AfterSaleRequest.Kind =
            switch type {
            case "CANCEL": .cancellation
            case "ONLY_REFUND": .refund
            default: .returnAndRefund
            }
        let status = lines.lazy.compactMap { JSONValue.string($0["reverse_status"]) }.first ?? JSONValue.string(object["reverse_status"]) ?? ""
        let deadlines = lines.compactMap { line -> Date? in
            guard let sla = JSONValue.string(line["sla"]).flatMap(Double.init), sla > 0 else { return nil }
            return sla > 1e12 ? Date(timeIntervalSince1970: sla / 1000) : now.addingTimeInterval(sla / 1000)
        }
        let cents = lines.compactMap { JSONValue.string($0["refund_amount"]).flatMap(Double.init) }
        var refundMinor: Int64? = nil
        if let currency, cents.count == lines.count, !cents.isEmpty {
            let digits = Double(Price.minorUnits[currency] ?? 2)
            let major = market.uppercased() == "VN" ? cents.reduce(0, +) : cents.reduce(0, +) / 100
            refundMinor = Int64((major * pow(10, digits)).rounded())
        }
        return AfterSaleRequest(
            requestID: id, orderID: order, kind: kind, platformStatus: status,
            awaitingSeller: status.uppercased().hasSuffix("_INIT") && !lines.contains { JSONValue.bool($0["is_dispute"]) },
            respondBy: deadlines.min(), reason: lines.lazy.compactMap { JSONValue.text($0["reason_text"]) }.first,
            refundMinor: refundMinor, currency: currency, lineIDs: lines.compactMap { JSONValue.string($0["reverse_order_line_id"]) },
            updatedAt: lines.compactMap { JSONValue.date($0["return_order_line_gmt_modified"], milliseconds: true) }.max())
    }

    /// GetReverseOrderReasonList, `GET /order/reverse/reason/list (reverse_order_line_id)`: "the list of
    /// reject reason … used in all refuse refund actions" → `data[]{reason_id, text}`. §3.7 names the
    /// list but not its path or parameters; these are Lazada's API page. A buyer-cancel refusal takes a
    /// `reason_code` whose source is not written, so the same list is read for it.
    func lazadaRejectReasons(for request: AfterSaleRequest, account: ChannelAccount, credentials: ChannelCredentials) async throws -> [CancelReason] {
        guard let line = request.lineIDs.first else {
            throw PlatformAPIError("Lazada needs the request's line ids; read the request again first")
        }
        let call = try LazadaAPI(market: account.market).signed(
            .get, path: "/order/reverse/reason/list", parameters: [("reverse_order_line_id", line)], credentials: credentials, now: self.now())
        let response = try await self.transport.perform(call)
        _ = try LazadaAPI.data(response)
        return JSONValue.objects(PlatformAnswer.object(response)?["data"]).compactMap { reason in
            guard let id = JSONValue.string(reason["reason_id"]) else { return nil }
            return CancelReason(code: id, name: JSONValue.text(reason["text"]) ?? JSONValue.text(reason["muti_language_text"]) ?? id)
        }
    }

    /// The decide calls of §3.7, all GET: a buyer's cancel `/order/reverse/cancel/seller/decide
    /// (reverse_order_id, agree_cancel, reason_code)`; a return `/order/reverse/return/update` with
    /// `agreeReturn` or `refuseReturn` (a `reason_id` and a comment); a refund without return
    /// `/order/reverse/onlyrefund/seller/decide` with `agreeRefund` or `startDispute` (one line id; no
    /// reason field is documented, so the reason's id goes first in the dispute's comment).
    func lazadaDecide(
        _ request: AfterSaleRequest, approve: Bool, reason: String?, comment: String?, account: ChannelAccount, credentials: ChannelCredentials
    ) async throws {
        let lines = "[" + request.lineIDs.joined(separator: ",") + "]"
        let text = comment?.isEmpty == false ? comment! : "Refused by the seller"
        let path: String
        var parameters: [(key: String, value: String)]
        switch request.kind {
        case .cancellation:
            path = "/order/reverse/cancel/seller/decide"
            parameters = [("reverse_order_id", request.requestID), ("agree_cancel", approve ? "true" : "false")]
            if !approve { parameters.append(("reason_code", reason ?? "")) }
        case .refund:
            guard let line = request.lineIDs.first else { throw PlatformAPIError("Lazada needs the request's line ids; read it again first") }
            path = "/order/reverse/onlyrefund/seller/decide"
            parameters = [("action", approve ? "agreeRefund" : "startDispute"), ("reverse_order_item_ids", "[\(line)]")]
            if !approve { parameters.append(("comment", "[\(reason ?? "")] \(text)")) }
        case .returnAndRefund, .replacement:
            guard !request.lineIDs.isEmpty else { throw PlatformAPIError("Lazada needs the request's line ids; read it again first") }
            path = "/order/reverse/return/update"
            parameters = [
                ("action", approve ? "agreeReturn" : "refuseReturn"), ("reverse_order_id", request.requestID), ("reverse_order_item_ids", lines),
            ]
            if !approve { parameters += [("reason_id", reason ?? ""), ("comment", text)] }
        }
        let call = try LazadaAPI(market: account.market).signed(.get, path: path, parameters: parameters, credentials: credentials, now: self.now())
        _ = try LazadaAPI.data(try await self.transport.perform(call))
    }

    /// `GET /seller/metrics/get` → `data.ship_on_time` (§3.8). Its format is not written: a fraction
    /// (0.95), a percentage (95) or a text with `%` are all read; late = 1 − on time. Lazada gives no
    /// target here (the 3P "good > 90%" is not the platform's word), so none is set.
    func lazadaLateShipment(account: ChannelAccount, credentials: ChannelCredentials) async throws -> PlatformLateShipment? {
        let call = try LazadaAPI(market: account.market).signed(
            .get, path: "/seller/metrics/get", parameters: [], credentials: credentials, now: self.now())
        let data = try LazadaAPI.data(try await self.transport.perform(call))
        guard let text = JSONValue.string(data["ship_on_time"]),
            let value = Double(text.replacingOccurrences(of: "%", with: "").trimmingCharacters(in: .whitespaces))
        else { return nil }
        let onTime = text.contains("%") || value > 1 ? value / 100 : value
        return PlatformLateShipment(rate: min(max(1 - onTime, 0), 1), target: nil, period: nil)
    }
}
