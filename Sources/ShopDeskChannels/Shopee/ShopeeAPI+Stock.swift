import Foundation
import ShopDeskCore

/// Shopee's `POST /api/v2/product/update_stock` (commerce-platforms.md §2.4): one `item_id` per call
/// with 1 to 50 models, `{"item_id","stock_list":[{"model_id","seller_stock":[{"stock"}]}]}`, an
/// absolute set of `seller_stock` (model 0 is an item without models). `location_id` is left out,
/// which is how a shop with one warehouse calls it. The answer lists `failure_list[]{model_id,
/// failed_reason}` and `success_list[]{model_id, stock}`.
extension ShopeeAPI: StockWriter {
    /// Shopee publishes no rate limit (§2.4: `rate_limit` is `[0,0,0]` in every schema). Ten calls a
    /// second per shop is a cautious reading; throttling answers are retried with backoff.
    public var callsPerSecond: Double { 10 }
    public var takesDeltas: Bool { false }

    func calls(_ updates: [StockUpdate]) -> [[StockUpdate]] {
        Self.grouped(updates, size: 50, by: \.platformProductID)
    }

    func request(_ call: [StockUpdate], credentials: ChannelCredentials, now: Date) throws(PlatformAPIError) -> PlatformRequest {
        let item = call.first?.platformProductID ?? ""
        guard let itemID = Int64(item) else { throw PlatformAPIError("Shopee item ids are numbers; \(item) is not") }
        var models: [[String: Any]] = []
        for update in call {
            guard let modelID = Int64(update.platformSKUID) else {
                throw PlatformAPIError("Shopee model ids are numbers (0 for an item without models); \(update.platformSKUID) is not")
            }
            models.append(["model_id": modelID, "seller_stock": [["stock": max(update.quantity, 0)]]])
        }
        let body = PlatformAnswer.json(["item_id": itemID, "stock_list": models])
        return try self.signed(.post, path: "/api/v2/product/update_stock", body: body, credentials: credentials, now: now)
    }

    func results(_ response: PlatformResponse, call: [StockUpdate]) -> [StockPushResult] {
        let answer = PlatformAnswer.object(response)
        let body = JSONValue.object(answer?["response"]) ?? [:]
        var refused: [String: String] = [:]
        for failure in JSONValue.objects(body["failure_list"]) {
            refused[JSONValue.string(failure["model_id"]) ?? ""] = JSONValue.text(failure["failed_reason"]) ?? "refused"
        }
        var stocks: [String: Int64] = [:]
        for success in JSONValue.objects(body["success_list"]) {
            if let model = JSONValue.string(success["model_id"]), let stock = JSONValue.string(success["stock"]).flatMap({ Int64($0) }) {
                stocks[model] = stock
            }
        }
        // error_busi_update_stock_failed means "look at failure_list" (§2.4), not a refusal of the call.
        if refused.isEmpty || JSONValue.string(answer?["error"]) != "error_busi_update_stock_failed",
            let whole = Self.whole(self.sendResult(response), call: call)
        {
            return whole
        }
        return call.map { update in
            if let reason = refused[update.platformSKUID] { return .rejected(reason: reason) }
            return .acknowledged(quantity: stocks[update.platformSKUID] ?? max(update.quantity, 0))
        }
    }
}
