import Foundation
import ShopDeskChannels
import ShopDeskCore

/// Buyers' after-sale requests on the simulated marketplaces and the platforms' pushes of them
/// (commerce-platforms.md §1.2 types 11 and 12, §2.1 code 3 with IN_CANCEL / TO_RETURN, §3.2 msg_type 10).
extension Simulator {
    /// The buyer of `order` opens a request (a cancellation before it ships, a refund or a return after
    /// delivery) and the platform pushes it. Returns the request, or nil when the order cannot have one.
    @discardableResult
    public func openAfterSale(
        _ kind: SimulatedAfterSale.Kind, on order: SimulatedOrder, account: SimulatedAccount, transport: any PlatformTransport
    ) async throws -> SimulatedAfterSale? {
        guard let request = await self.world.openAfterSale(kind, orderID: order.id, account: account.channelAccountID) else { return nil }
        try await self.pushAfterSale(request, account: account, transport: transport)
        return request
    }

    /// Pushes the requests the platforms changed by themselves since the last call (the seller's answers
    /// through their APIs), and the orders those answers moved.
    public func pushPendingAfterSaleChanges(transport: any PlatformTransport) async {
        for (accountID, requestID) in await self.world.takePendingAfterSalePushes() {
            guard let account = await self.world.accounts[accountID], let request = await self.world.afterSale(requestID, account: accountID),
                account.platform != .shopee
            else { continue }
            try? await self.pushAfterSale(request, account: account, transport: transport)
        }
        await self.pushPendingOrderChanges(transport: transport)
    }

    /// Now and then (a chance of `chance` per call) a buyer of a random marketplace order opens a
    /// request, for the demo.
    func maybeOpenAfterSale(chance: Double, using random: inout SplitMix64, transport: any PlatformTransport) async {
        guard Double.random(in: 0..<1, using: &random) < chance else { return }
        let accounts = await self.world.allAccounts().filter { PlatformAPIs.takesStock($0.platform) }
        guard let account = accounts.randomElement(using: &random) else { return }
        var generator = random
        let candidate = await self.world.randomAfterSaleCandidate(account: account.channelAccountID, using: &generator)
        random = generator
        guard let candidate else { return }
        let (order, kind) = candidate
        _ = try? await self.openAfterSale(kind, on: order, account: account, transport: transport)
    }

    /// The platform's push of a request: TikTok's cancellation or return status change, Lazada's reverse
    /// order (one per line, as Lazada keys them), Shopee's order status push (its request has no push of
    /// its own in §2.1, the order's status tells).
    func pushAfterSale(_ request: SimulatedAfterSale, account: SimulatedAccount, transport: any PlatformTransport) async throws {
        let pushes: [Push]
        if account.platform == .shopee {
            guard let order = await self.world.order(request.orderID, account: account.channelAccountID) else { return }
            pushes = PushBuilder.orderPush(order, account: account, pushID: await self.world.nextID(), at: Date()).map { [$0] } ?? []
        } else {
            pushes = PushBuilder.afterSalePushes(request, account: account, pushID: await self.world.nextID(), at: Date())
        }
        for push in pushes {
            let status = try await self.deliver(push, transport: transport)
            guard (200..<300).contains(status) else { throw SimulatorError.shopDesk("the after-sale push was answered \(status)") }
        }
    }
}

extension PushBuilder {
    /// TikTok Shop type 11 `{order_id, cancellations_role, cancel_status, cancel_id, create_time}` or type 12
    /// `{order_id, return_role, return_type, return_status, return_id, create_time, update_time}` (§1.2);
    /// Lazada msg_type 10 `{reverse_order_id, reverse_order_line_id, reverse_status, trade_order_id,
    /// trade_order_line_id, buyer_id, seller_id, status_update_time}` per line (§3.2).
    static func afterSalePushes(_ request: SimulatedAfterSale, account: SimulatedAccount, pushID: String, at: Date) -> [Push] {
        let credentials = account.credentials
        let seconds = Int(at.timeIntervalSince1970)
        switch account.platform {
        case .tiktokShop:
            let data: [String: Any] =
                request.kind == .cancellation
                ? [
                    "order_id": request.orderID, "cancellations_role": "BUYER", "cancel_status": request.status, "cancel_id": request.id,
                    "create_time": Int(request.openedAt.timeIntervalSince1970),
                ]
                : [
                    "order_id": request.orderID, "return_role": "BUYER", "return_type": request.kind == .refund ? "REFUND" : "RETURN_AND_REFUND",
                    "return_status": request.status, "return_id": request.id, "create_time": Int(request.openedAt.timeIntervalSince1970),
                    "update_time": Int(request.updatedAt.timeIntervalSince1970),
                ]
            let body = Self.json([
                "type": request.kind == .cancellation ? 11 : 12, "tts_notification_id": pushID, "shop_id": credentials["shop_id"] ?? "",
                "timestamp": seconds, "data": data,
            ])
            let signature = PlatformSignature.tiktokShopWebhook(
                appKey: credentials["app_key"] ?? "", appSecret: credentials["app_secret"] ?? "", body: body)
            return [Push(url: account.webhookURL, headers: ["authorization": signature], body: body)]
        case .lazada:
            return request.lineIDs.enumerated().map { index, line in
                let body = Self.json([
                    "seller_id": account.shopID, "message_type": 10, "timestamp": seconds, "site": "lazada_" + account.market.lowercased(),
                    "data": [
                        "reverse_order_id": request.id, "reverse_order_line_id": line, "reverse_status": request.status,
                        "trade_order_id": request.orderID, "trade_order_line_id": "\(request.orderID)\(index)", "buyer_id": "",
                        "seller_id": account.shopID, "status_update_time": Int(request.updatedAt.timeIntervalSince1970),
                        "extraParams": [String: Any](),
                    ] as [String: Any],
                ])
                let signature = PlatformSignature.lazadaPush(
                    appKey: credentials["app_key"] ?? "", appSecret: credentials["app_secret"] ?? "", body: body)
                return Push(url: account.webhookURL, headers: ["authorization": signature], body: body)
            }
        case .shopee, .facebook, .instagram, .whatsapp, .line, .custom:
            return []
        }
    }
}
