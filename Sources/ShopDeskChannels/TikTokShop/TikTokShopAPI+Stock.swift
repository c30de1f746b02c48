import Foundation
import ShopDeskCore

/// TikTok Shop's Update Inventory (commerce-platforms.md §1.5, docv2 6503068fc20ad60284b38858):
/// `POST /product/202309/products/{product_id}/inventory/update` with
/// `{"skus":[{"id","inventory":[{"quantity"}]}]}`, an absolute set of the available units. Every SKU of
/// one call belongs to one product; `warehouse_id` is left out, which the API allows for a shop with one
/// warehouse (multi-warehouse shops are not handled yet). Partial failures come back in
/// `data.errors[]` even when `code` is 0.
extension TikTokShopAPI: StockWriter {
    /// "50 QPS per API" per app and shop is the best published figure (§1.5); the live page says the
    /// limit is dynamic, so 429 is handled with backoff either way.
    public var callsPerSecond: Double { 50 }
    public var takesDeltas: Bool { false }
    /// The documented range is 1 to 99,999. Whether 0 is still taken is unconfirmed (§8); ShopDesk sends
    /// 0 for a sold-out listing, because leaving the old number up is what oversells, and shows the
    /// platform's refusal to the seller if it comes.
    static let maxQuantity: Int64 = 99_999

    func calls(_ updates: [StockUpdate]) -> [[StockUpdate]] {
        Self.grouped(updates, size: 100, by: \.platformProductID)
    }

    func request(_ call: [StockUpdate], credentials: ChannelCredentials, now: Date) throws(PlatformAPIError) -> PlatformRequest {
        let product = call.first?.platformProductID ?? ""
        let body = PlatformAnswer.json([
            "skus": call.map { ["id": $0.platformSKUID, "inventory": [["quantity": min(max($0.quantity, 0), Self.maxQuantity)]]] }
        ])
        return try self.signed(
            .post, path: "/product/202309/products/\(PlatformRequest.percentEncoded(product))/inventory/update", body: body,
            credentials: credentials, now: now)
    }

    func results(_ response: PlatformResponse, call: [StockUpdate]) -> [StockPushResult] {
        if let whole = Self.whole(self.sendResult(response), call: call) { return whole }
        let errors = JSONValue.objects(JSONValue.object(PlatformAnswer.object(response)?["data"])?["errors"])
        var refused: [String: String] = [:]
        for error in errors {
            let sku = JSONValue.string(JSONValue.object(error["detail"])?["sku_id"]) ?? ""
            refused[sku] = Self.describe(error) ?? "refused"
        }
        return call.map { update in
            if let reason = refused[update.platformSKUID] ?? (refused[""].map { $0 }) { return .rejected(reason: reason) }
            return .acknowledged(quantity: min(max(update.quantity, 0), Self.maxQuantity))
        }
    }
}
