import Foundation
import ShopDeskCore

/// Seller cancellations on the marketplaces (commerce-platforms.md §1.8, §2.7, §3.7). Every platform
/// wants a reason it names itself, per market and per status (§6.7), so the reasons are read (or, where
/// no API lists them, chosen by status) just before cancelling.
extension PlatformClient {
    // MARK: TikTok Shop (§1.8)

    /// TikTok documents no reason-list call for seller cancels. These are the seller reason names §1.8
    /// gives for Malaysia, by status; other markets' names are not published, so they are the best reading
    /// everywhere, and a mismatch comes back as 25001021 "Reason not match order status", shown to the
    /// seller. None after the order left AWAITING_SHIPMENT (PARTIALLY_SHIPPING and later): shipped goods
    /// go through returns.
    static func tiktokCancelReasons(status: String) -> [CancelReason] {
        switch status.uppercased() {
        case "UNPAID":
            [
                CancelReason(code: "seller_cancel_unpaid_reason_out_of_stock", name: "Out of stock"),
                CancelReason(code: "seller_cancel_unpaid_reason_wrong_price", name: "Wrong price"),
                CancelReason(code: "seller_cancel_unpaid_reason_buyer_hasnt_paid_within_time_allowed", name: "Buyer has not paid in time"),
            ]
        case "ON_HOLD", "AWAITING_SHIPMENT":
            [
                CancelReason(code: "seller_cancel_reason_out_of_stock", name: "Out of stock"),
                CancelReason(code: "seller_cancel_reason_wrong_price", name: "Wrong price"),
                CancelReason(code: "seller_cancel_paid_reason_address_not_deliver", name: "Cannot deliver to the address"),
            ]
        default:
            []
        }
    }

    /// `POST /return_refund/202309/cancellations {order_id, cancel_reason}`. The spec names no
    /// idempotency key for this call (only for approving and rejecting a buyer's request), so none is
    /// sent; a repeat after a call in doubt is refused by TikTok and then found cancelled (`cancel`).
    func tiktokCancel(_ order: Order, reason: String, credentials: ChannelCredentials) async throws {
        let body = PlatformAnswer.json(["order_id": order.externalID, "cancel_reason": reason])
        let request = try TikTokShopAPI().signed(
            .post, path: "/return_refund/202309/cancellations", body: body, credentials: credentials, now: self.now())
        _ = try TikTokShopAPI.data(try await self.transport.perform(request))
    }

    // MARK: Shopee (§2.7)

    /// The `cancel_order` reasons Shopee takes before shipping: UNDELIVERABLE_AREA only in Taiwan and
    /// Malaysia, COD_NOT_SUPPORTED only for a cash-on-delivery order.
    static func shopeeCancelReasons(_ order: Order, market: String) -> [CancelReason] {
        let beforeShipping: Set = ["UNPAID", "PENDING", "INVOICE_PENDING", "READY_TO_SHIP", "PROCESSED", "RETRY_SHIP"]
        guard beforeShipping.contains(order.platformStatus.uppercased()) else { return [] }
        var reasons = [
            CancelReason(code: "OUT_OF_STOCK", name: "Out of stock"), CancelReason(code: "CUSTOMER_REQUEST", name: "Customer request"),
        ]
        if ["TW", "MY"].contains(market.uppercased()) { reasons.append(CancelReason(code: "UNDELIVERABLE_AREA", name: "Undeliverable area")) }
        if order.cashOnDelivery { reasons.append(CancelReason(code: "COD_NOT_SUPPORTED", name: "Cash on delivery not supported")) }
        return reasons
    }

    /// `POST /api/v2/order/cancel_order {order_sn, cancel_reason}`, with `item_list[{item_id, model_id}]`
    /// for OUT_OF_STOCK: the whole order is cancelled, so every line is named as the one out of stock.
    func shopeeCancel(_ order: Order, reason: String, credentials: ChannelCredentials) async throws {
        var body: [String: Any] = ["order_sn": order.externalID, "cancel_reason": reason]
        if reason == "OUT_OF_STOCK" {
            body["item_list"] = try order.lines.map { line -> [String: Any] in
                guard let item = line.line.platformProductID.flatMap({ Int64($0) }), let model = Int64(line.line.platformSKUID ?? "0") else {
                    throw PlatformAPIError("Shopee needs the item and model ids of \(line.sku); read the order again first")
                }
                return ["item_id": item, "model_id": model]
            }
        }
        let request = try ShopeeAPI().signed(
            .post, path: "/api/v2/order/cancel_order", body: PlatformAnswer.json(body), credentials: credentials, now: self.now())
        _ = try ShopeeAPI.response(try await self.transport.perform(request))
    }

    // MARK: Lazada (§3.7)

    /// `order_item_id_list` as Lazada takes it: a JSON array of the order's item ids (numbers).
    static func lazadaItemList(_ order: Order) throws(PlatformAPIError) -> String {
        let ids = order.lines.flatMap(\.line.platformItemIDs)
        guard !ids.isEmpty else { throw PlatformAPIError("Lazada needs the order's item ids; read the order again first") }
        let values: [Any] = ids.map { Int64($0).map { $0 as Any } ?? $0 }
        return String(decoding: (try? JSONSerialization.data(withJSONObject: values)) ?? Data("[]".utf8), as: UTF8.self)
    }

    /// `GET /order/reverse/cancel/validate (order_id, order_item_id_list)` → `reason_options[]{reason_id,
    /// reason_name}`; the ids differ per country, so they are always read, never stored.
    func lazadaCancelReasons(_ order: Order, account: ChannelAccount, credentials: ChannelCredentials) async throws -> [CancelReason] {
        let request = try LazadaAPI(market: account.market).signed(
            .get, path: "/order/reverse/cancel/validate",
            parameters: [("order_id", order.externalID), ("order_item_id_list", try Self.lazadaItemList(order))], credentials: credentials,
            now: self.now())
        let data = try LazadaAPI.data(try await self.transport.perform(request))
        return JSONValue.objects(data["reason_options"]).compactMap { option in
            guard let id = JSONValue.string(option["reason_id"]) else { return nil }
            return CancelReason(code: id, name: JSONValue.text(option["reason_name"]) ?? id)
        }
    }

    /// `GET /order/reverse/cancel/create (order_id, order_item_id_list, reason_id)`: every item of the
    /// order (only Pending to Ready-To-Ship items can be; a packed order's package goes with it, §3.7).
    func lazadaCancel(_ order: Order, reason: String, account: ChannelAccount, credentials: ChannelCredentials) async throws {
        let request = try LazadaAPI(market: account.market).signed(
            .get, path: "/order/reverse/cancel/create",
            parameters: [("order_id", order.externalID), ("order_item_id_list", try Self.lazadaItemList(order)), ("reason_id", reason)],
            credentials: credentials, now: self.now())
        _ = try LazadaAPI.data(try await self.transport.perform(request))
    }
}
