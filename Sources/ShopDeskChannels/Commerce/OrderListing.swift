import Foundation
import ShopDeskCore

/// Reconciliation: the orders each marketplace changed in a span, for the orders whose pushes never
/// came (commerce-platforms.md §6.2: all three drop and duplicate pushes).
extension PlatformClient {
    /// Pages read per listing at most: a runaway cursor ends here rather than looping forever.
    static let maxListingPages = 200

    /// TikTok Shop's Get Order List (§1.4): `POST /order/202309/orders/search?page_size=100&page_token=`
    /// with `{update_time_ge, update_time_lt}` (Unix seconds), following `next_page_token`.
    func tiktokChangedOrders(since: Date, until: Date, credentials: ChannelCredentials) async throws -> [ListedOrder] {
        let api = TikTokShopAPI()
        let body = PlatformAnswer.json([
            "update_time_ge": Int64(since.timeIntervalSince1970.rounded(.down)), "update_time_lt": Int64(until.timeIntervalSince1970.rounded(.up)),
        ])
        var listed: [ListedOrder] = []
        var token: String? = nil
        for _ in 0..<Self.maxListingPages {
            var query: [(key: String, value: String)] = [("page_size", "100")]
            if let token { query.append(("page_token", token)) }
            let request = try api.signed(
                .post, path: "/order/202309/orders/search", query: query, body: body, credentials: credentials, now: self.now())
            let data = try TikTokShopAPI.data(try await self.transport.perform(request))
            listed += JSONValue.objects(data["orders"]).compactMap { order in
                JSONValue.string(order["id"]).map { ListedOrder(orderID: $0, updatedAt: JSONValue.date(order["update_time"])) }
            }
            guard let next = JSONValue.string(data["next_page_token"]), next != token else { break }
            token = next
        }
        return listed
    }

    /// Shopee's `GET /api/v2/order/get_order_list` by `update_time` (§2.3: `time_from`/`time_to` at most
    /// 15 days apart, so the span is cut into windows), `page_size=100`, following `next_cursor` while
    /// `more`; then the shop's order pushes Shopee recorded as lost (§2.1).
    func shopeeChangedOrders(since: Date, until: Date, credentials: ChannelCredentials) async throws -> [ListedOrder] {
        let api = ShopeeAPI()
        let window: Int64 = 15 * 24 * 3600
        let end = Int64(until.timeIntervalSince1970.rounded(.up))
        var listed: [ListedOrder] = []
        var from = Int64(since.timeIntervalSince1970.rounded(.down))
        while from < end {
            let to = min(from + window, end)
            var cursor = ""
            for _ in 0..<Self.maxListingPages {
                let query: [(key: String, value: String)] = [
                    ("time_range_field", "update_time"), ("time_from", String(from)), ("time_to", String(to)), ("page_size", "100"),
                    ("cursor", cursor),
                ]
                let request = try api.signed(.get, path: "/api/v2/order/get_order_list", query: query, credentials: credentials, now: self.now())
                let answer = try ShopeeAPI.response(try await self.transport.perform(request))
                listed += JSONValue.objects(answer["order_list"]).compactMap { order in
                    JSONValue.string(order["order_sn"]).map { ListedOrder(orderID: $0, updatedAt: nil) }
                }
                guard JSONValue.bool(answer["more"]), let next = JSONValue.string(answer["next_cursor"]), next != cursor else { break }
                cursor = next
            }
            from = to
        }
        return listed + (try await self.shopeeLostOrderPushes(credentials: credentials))
    }

    /// Shopee's lost pushes (§2.1): `GET /api/v2/push/get_lost_push_message` gives the earliest 100 of the
    /// last 3 days, and `POST /api/v2/push/confirm_consumed_lost_push_message {last_message_id}` moves
    /// past them. These calls are the partner's, not a shop's (see `ShopeeAPI.partnerSigned`): the list
    /// holds every shop's pushes. The orders of this shop's code 3 pushes are taken; the batch is
    /// confirmed only when it holds nothing for another shop, so one shop's reconciliation never throws
    /// away another's. A batch left unconfirmed is still covered by each shop's own `get_order_list`
    /// sweep, and Shopee drops it after 3 days.
    func shopeeLostOrderPushes(credentials: ChannelCredentials) async throws -> [ListedOrder] {
        let api = ShopeeAPI()
        let shopID = try credentials.require("shop_id", for: .shopee)
        var listed: [ListedOrder] = []
        for _ in 0..<10 {
            let request = try api.partnerSigned(.get, path: "/api/v2/push/get_lost_push_message", credentials: credentials, now: self.now())
            let answer = try ShopeeAPI.partnerResponse(try await self.transport.perform(request))
            let messages = JSONValue.objects(answer["push_message_list"])
            var others = false
            for message in messages {
                guard JSONValue.string(message["shop_id"]) == shopID else {
                    others = true
                    continue
                }
                guard JSONValue.string(message["code"]) == "3" else { continue }
                // `data` is an object in the official sample and a JSON string in some SDKs' notes: both are read.
                let data =
                    JSONValue.object(message["data"])
                    ?? JSONValue.text(message["data"]).flatMap { try? JSONValue.parse(Array($0.utf8)) } ?? [:]
                if let order = JSONValue.string(data["ordersn"]) ?? JSONValue.string(data["order_sn"]) {
                    listed.append(ListedOrder(orderID: order, updatedAt: JSONValue.date(data["update_time"])))
                }
            }
            guard !messages.isEmpty, !others, let last = JSONValue.string(answer["last_message_id"]) else { break }
            let body = PlatformAnswer.json(["last_message_id": Int64(last).map { $0 as Any } ?? last])
            let confirm = try api.partnerSigned(
                .post, path: "/api/v2/push/confirm_consumed_lost_push_message", body: body, credentials: credentials, now: self.now())
            _ = try ShopeeAPI.partnerResponse(try await self.transport.perform(confirm))
            guard JSONValue.bool(answer["has_next_page"]) else { break }
        }
        return listed
    }

    /// Lazada's `GET /orders/get?update_after=&update_before=&limit=100&offset=` (§3.3), oldest change
    /// first. The guide caps `offset` at 5000, so past it the listing starts again after the last change
    /// it has seen.
    func lazadaChangedOrders(since: Date, until: Date, account: ChannelAccount, credentials: ChannelCredentials) async throws -> [ListedOrder] {
        let api = LazadaAPI(market: account.market)
        var listed: [ListedOrder] = []
        var after = since
        var offset = 0
        for _ in 0..<Self.maxListingPages {
            let parameters: [(key: String, value: String)] = [
                ("update_after", OrderFields.lazadaQueryTime(after)), ("update_before", OrderFields.lazadaQueryTime(until)),
                ("sort_by", "updated_at"), ("sort_direction", "ASC"), ("limit", "100"), ("offset", String(offset)),
            ]
            let request = try api.signed(.get, path: "/orders/get", parameters: parameters, credentials: credentials, now: self.now())
            let data = try LazadaAPI.data(try await self.transport.perform(request))
            let page = JSONValue.objects(data["orders"]).compactMap { order in
                JSONValue.string(order["order_id"]).map { ListedOrder(orderID: $0, updatedAt: OrderFields.lazadaDate(order["updated_at"])) }
            }
            listed += page
            guard page.count == 100 else { break }
            offset += page.count
            if offset >= 5000 {
                guard let last = page.compactMap(\.updatedAt).max(), last > after else { break }
                after = last
                offset = 0
            }
        }
        return listed
    }
}

extension ShopeeAPI {
    /// A partner-level call (Shopee's "Public" calls: the `v2.push.*` family): `partner_id`, `timestamp`
    /// and a `sign` over partner_id + path + timestamp only (platforms.md §2.3), without the shop's
    /// `access_token` and `shop_id`. commerce-platforms.md does not say how the push calls are signed;
    /// community SDKs sign them this way (one generated SDK marks them shop-scoped), which fits a list
    /// that holds every shop's pushes.
    func partnerSigned(
        _ method: PlatformRequest.Method, path: String, body: [UInt8] = [], credentials: ChannelCredentials, now: Date
    ) throws(PlatformAPIError) -> PlatformRequest {
        let partnerID = try credentials.require("partner_id", for: .shopee)
        let key = try credentials.require("partner_key", for: .shopee)
        let timestamp = Int(now.timeIntervalSince1970)
        let sign = PlatformSignature.shopeeAPI(partnerID: partnerID, path: path, timestamp: timestamp, partnerKey: key)
        return PlatformRequest(
            method: method, baseURL: credentials.baseURL(default: Self.production), path: path,
            query: [("partner_id", partnerID), ("timestamp", String(timestamp)), ("sign", sign)],
            headers: method == .post ? ["content-type": "application/json"] : [:], body: body
        )
    }

    /// `response` of a push call. Its page samples `error` as `""` but prints `"-"` on success [3P, an SDK's
    /// note on the two lost-push pages], so both mean no error.
    static func partnerResponse(_ response: PlatformResponse) throws(PlatformAPIError) -> [String: Any] {
        guard (200..<300).contains(response.status), let answer = PlatformAnswer.object(response) else {
            throw PlatformAPIError("Shopee answered HTTP \(response.status)")
        }
        if let error = JSONValue.string(answer["error"]), error != "-" {
            throw PlatformAPIError("Shopee refused: \(Self.describe(answer) ?? error)")
        }
        return JSONValue.object(answer["response"]) ?? [:]
    }
}
