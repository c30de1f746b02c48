import Foundation
import ShopDeskCore

/// A shop's late-shipment figure as its platform computes it, where its API gives one (Shopee's Late
/// Shipment Rate, Lazada's ship-on-time), to show beside ShopDesk's own.
public struct PlatformLateShipment: Sendable, Hashable {
    /// Orders shipped late ÷ orders, 0…1.
    public var rate: Double
    /// The platform's target for it (the rate must stay below), 0…1, when it gives one.
    public var target: Double?
    /// The platform's words for the period it covers (e.g. "last 7 days").
    public var period: String?

    public init(rate: Double, target: Double? = nil, period: String? = nil) {
        self.rate = rate
        self.target = target
        self.period = period
    }
}

extension PlatformClient {
    /// The order's after-sale requests on its platform (every status).
    public func afterSaleRequests(for order: Order, account: ChannelAccount, credentials: ChannelCredentials) async throws -> [AfterSaleRequest] {
        switch account.platform {
        case .tiktokShop: try await self.tiktokAfterSales(for: order, credentials: credentials)
        case .shopee: try await self.shopeeAfterSales(for: order, account: account, credentials: credentials)
        case .lazada: try await self.lazadaAfterSales(for: order, account: account, credentials: credentials)
        case .facebook, .instagram, .whatsapp, .line, .custom: []
        }
    }

    /// The reasons the platform takes for the seller rejecting this request (empty when it takes none).
    public func rejectReasons(
        for request: AfterSaleRequest, order: Order, account: ChannelAccount, credentials: ChannelCredentials
    ) async throws -> [CancelReason] {
        switch account.platform {
        case .tiktokShop: try await self.tiktokRejectReasons(for: request, credentials: credentials)
        case .shopee: try await self.shopeeRejectReasons(for: request, credentials: credentials)
        case .lazada: try await self.lazadaRejectReasons(for: request, account: account, credentials: credentials)
        case .facebook, .instagram, .whatsapp, .line, .custom: []
        }
    }

    /// Approves or rejects a buyer's request on its platform; a rejection names one of `rejectReasons`.
    /// The same `idempotencyKey` may be sent again after a call in doubt: TikTok Shop takes it itself
    /// (§1.8); Shopee's and Lazada's decide calls take none (§2.7, §3.7), so when the platform refuses,
    /// the request is read back, and one the platform already shows decided the same way is the call
    /// that went through. Otherwise the refusal is thrown with the platform's words.
    public func decide(
        _ request: AfterSaleRequest, approve: Bool, reason: String?, comment: String?, idempotencyKey: String, order: Order,
        account: ChannelAccount, credentials: ChannelCredentials
    ) async throws {
        if !approve, reason?.isEmpty ?? true, !(account.platform == .shopee && request.kind == .cancellation) {
            throw PlatformAPIError("a rejection needs one of the platform's reasons")
        }
        do {
            switch account.platform {
            case .tiktokShop:
                try await self.tiktokDecide(
                    request, approve: approve, reason: reason, comment: comment, idempotencyKey: idempotencyKey, credentials: credentials)
            case .shopee:
                try await self.shopeeDecide(request, approve: approve, reason: reason, comment: comment, credentials: credentials)
            case .lazada:
                try await self.lazadaDecide(request, approve: approve, reason: reason, comment: comment, account: account, credentials: credentials)
            case .facebook, .instagram, .whatsapp, .line, .custom:
                throw PlatformAPIError("\(account.platform.rawValue) has no after-sale requests to decide")
            }
        } catch let refusal as PlatformAPIError {
            guard let now = try? await self.afterSaleRequests(for: order, account: account, credentials: credentials),
                let current = now.first(where: { $0.requestID == request.requestID }),
                AfterSaleOutcome.decided(current, platform: account.platform) == approve
            else { throw refusal }
        }
    }

    /// The shop's late-shipment figure from its platform, or nil where no API gives one (TikTok Shop).
    public func platformLateShipment(account: ChannelAccount, credentials: ChannelCredentials) async throws -> PlatformLateShipment? {
        switch account.platform {
        case .shopee: try await self.shopeeLateShipment(credentials: credentials)
        case .lazada: try await self.lazadaLateShipment(account: account, credentials: credentials)
        // §1.9: TikTok's shop performance API gives no LDR; ShopDesk computes its own.
        case .tiktokShop, .facebook, .instagram, .whatsapp, .line, .custom: nil
        }
    }
}

/// How a platform's status of a request reads once the seller has answered it.
enum AfterSaleOutcome {
    /// True when the request shows approved, false when rejected, nil while open or unclear.
    static func decided(_ request: AfterSaleRequest, platform: Platform) -> Bool? {
        let status = request.platformStatus.uppercased()
        switch platform {
        case .tiktokShop:
            // §1.8: a rejected request says REJECT; a cancel the seller refused ends as ..._CANCEL(LED).
            if status.contains("REJECT") { return false }
            if request.kind == .cancellation {
                if status.hasPrefix("CANCELLATION_REQUEST_CANCEL") { return false }
                return ["CANCELLATION_REQUEST_SUCCESS", "CANCELLATION_REQUEST_COMPLETE"].contains(status) ? true : nil
            }
            if status.hasSuffix("_PENDING") || status.hasSuffix("_CANCEL") || status.hasSuffix("_CANCELLED") { return nil }
            return true
        case .shopee:
            if request.kind == .cancellation {
                // The request is the order's IN_CANCEL; decided, the order is CANCELLED or back on its way.
                if status == "CANCELLED" { return true }
                return status == "IN_CANCEL" ? nil : false
            }
            if ["ACCEPTED", "CLOSED"].contains(status) { return true }
            return ["SELLER_DISPUTE", "JUDGING"].contains(status) ? false : nil
        case .lazada:
            if status.hasSuffix("_INIT") { return nil }
            if status.contains("REJECT") || status.contains("REFUSE") { return false }
            return status.contains("SUCCESS") || status.contains("SHIPPING_BACK") || status.contains("RECEIVE") || status.contains("REFUND")
                ? true : nil
        case .facebook, .instagram, .whatsapp, .line, .custom:
            return nil
        }
    }
}
