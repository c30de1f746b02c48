import Foundation
import ShopDeskCore

/// Lazada's sellable-quantity calls (commerce-platforms.md §3.4, guide 121234): an XML `payload` of
/// `<Request><Product><Skus><Sku><ItemId/><SkuId/><SellerSku/><SellableQuantity/></Sku>…`, at most 50
/// SKUs a call. A change goes to `/product/stock/sellable/adjust` (a delta: Lazada's own sales in the
/// meantime stay counted, which is what §6.4 recommends against the read-modify-write race); a total to
/// `/product/stock/sellable/update`, used when ShopDesk does not know what Lazada's count is (the first
/// push, or after a call whose outcome is unknown).
///
/// The answers' per-SKU failure list is not in the sources; `detail[]{seller_sku, message}` is read
/// as one (its shape in Lazada's other product calls), and a call without it as all taken.
extension LazadaAPI: StockWriter {
    /// "50 inventory-API calls per second per seller" (§3.4).
    public var callsPerSecond: Double { 50 }
    public var takesDeltas: Bool { true }

    func calls(_ updates: [StockUpdate]) -> [[StockUpdate]] {
        Self.grouped(updates, size: 50) { $0.delta == nil ? "update" : "adjust" }
    }

    func request(_ call: [StockUpdate], credentials: ChannelCredentials, now: Date) throws(PlatformAPIError) -> PlatformRequest {
        let adjust = call.first?.delta != nil
        let skus = call.map { update in
            let quantity = adjust ? (update.delta ?? 0) : max(update.quantity, 0)
            return "<Sku><ItemId>\(Self.xml(update.platformProductID))</ItemId><SkuId>\(Self.xml(update.platformSKUID))</SkuId>"
                + "<SellerSku>\(Self.xml(update.sku))</SellerSku><SellableQuantity>\(quantity)</SellableQuantity></Sku>"
        }
        let payload = "<Request><Product><Skus>" + skus.joined() + "</Skus></Product></Request>"
        return try self.signed(
            .post, path: adjust ? "/product/stock/sellable/adjust" : "/product/stock/sellable/update", parameters: [("payload", payload)],
            credentials: credentials, now: now)
    }

    func results(_ response: PlatformResponse, call: [StockUpdate]) -> [StockPushResult] {
        var refused: [String: String] = [:]
        for detail in JSONValue.objects(PlatformAnswer.object(response)?["detail"]) {
            if let sku = JSONValue.string(detail["seller_sku"]) ?? JSONValue.string(detail["SellerSku"]) {
                refused[sku] = JSONValue.text(detail["message"]) ?? "refused"
            }
        }
        if refused.isEmpty, let whole = Self.whole(self.sendResult(response), call: call) { return whole }
        return call.map { update in
            if let reason = refused[update.sku] { return .rejected(reason: reason) }
            return .acknowledged(quantity: max(update.quantity, 0))
        }
    }

    static func xml(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
