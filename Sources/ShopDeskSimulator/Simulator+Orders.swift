import Foundation
import ShopDeskChannels
import ShopDeskCore

/// Buyers ordering on the simulated marketplaces, orders moving on their way, and the platforms'
/// order pushes, which (like the real ones, commerce-platforms.md §6.2) can be dropped, repeated or
/// arrive out of order when `SimulatedWorld.setOrderPushChaos` says so.
extension Simulator {
    // MARK: The demo's orders

    /// The demo's orders: first one on every marketplace as soon as the platform shows stock (so each
    /// shows an order within seconds), then a few days' history per account (on time and late
    /// dispatches, a delivery, a buyer's cancel, one due within the hour); then, every `interval`, a buyer
    /// orders one unit somewhere and open orders move on. Changes the platforms make themselves (a
    /// seller's cancel through the API, an answer to a buyer's request) are pushed within a second; now and
    /// then a buyer asks to cancel or return an order. Runs until cancelled.
    public func runSales(every interval: Duration, transport: any PlatformTransport) async {
        var random = SplitMix64(seed: self.options.seed ^ 0x5A1E)
        var waiting = Set(await self.world.allAccounts().filter { PlatformAPIs.takesStock($0.platform) }.map(\.channelAccountID))
        var lastSale = ContinuousClock.now
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
            await self.pushPendingAfterSaleChanges(transport: transport)
            for account in await self.world.allAccounts() where waiting.contains(account.channelAccountID) {
                let listings = await self.world.listings(of: account.channelAccountID)
                guard let listing = listings.filter({ $0.stock >= 6 }).max(by: { $0.stock < $1.stock }) else { continue }
                waiting.remove(account.channelAccountID)
                _ = try? await self.sell(1, of: listing.skuID, on: account, transport: transport)
                try? await self.seedOrderHistory(of: listing.skuID, on: account, transport: transport)
            }
            guard ContinuousClock.now - lastSale >= interval else { continue }
            lastSale = ContinuousClock.now
            let accounts = await self.world.allAccounts().filter { PlatformAPIs.takesStock($0.platform) }
            if let account = accounts.randomElement(using: &random),
                let listing = await self.world.listings(of: account.channelAccountID).randomElement(using: &random)
            {
                _ = try? await self.sell(1, of: listing.skuID, on: account, transport: transport)
            }
            await self.advanceOrders(using: &random, transport: transport)
            await self.maybeOpenAfterSale(chance: 0.2, using: &random, transport: transport)
        }
    }

    /// A few days of an account's orders, placed in the past: a late dispatch now delivered, an on-time
    /// one completed, a late one in transit, a buyer's cancel, and one due within the hour.
    public func seedOrderHistory(of skuID: String, on account: SimulatedAccount, transport: any PlatformTransport) async throws {
        let now = Date()
        let hour: TimeInterval = 3600
        let plans: [(placed: TimeInterval, shippedAfterShipBy: TimeInterval?, stage: SimulatedOrder.Stage)] = [
            (-72 * hour, 5 * hour, .delivered), (-96 * hour, -24 * hour, .completed), (-60 * hour, 3 * hour, .shipped),
            (-20 * hour, nil, .cancelled),
        ]
        for plan in plans {
            guard var order = await self.world.sell(1, of: skuID, account: account.channelAccountID, placedAt: now.addingTimeInterval(plan.placed))
            else { return }
            if let late = plan.shippedAfterShipBy {
                let shipped = order.shipBy.addingTimeInterval(late)
                order = await self.world.advance(order.id, account: account.channelAccountID, to: plan.stage, at: shipped) ?? order
            } else if plan.stage == .cancelled {
                order = await self.world.cancel(order.id, account: account.channelAccountID) ?? order
            }
            try await self.pushOrder(order, account: account, transport: transport)
        }
        if let due = await self.world.sell(1, of: skuID, account: account.channelAccountID, placedAt: now.addingTimeInterval(-100 * 60)) {
            let urgent = await self.world.setShipBy(due.id, account: account.channelAccountID, to: now.addingTimeInterval(20 * 60)) ?? due
            try await self.pushOrder(urgent, account: account, transport: transport)
        }
    }

    // MARK: Orders

    /// A buyer orders `quantity` units of a listing on a marketplace, if the platform shows that many,
    /// and the platform pushes the order to ShopDesk. Returns the order, or nil when the platform showed
    /// too few (the buyer could not buy).
    @discardableResult
    public func sell(
        _ quantity: Int64, of skuID: String, on account: SimulatedAccount, transport: any PlatformTransport
    ) async throws -> SimulatedOrder? {
        guard let order = await self.world.sell(quantity, of: skuID, account: account.channelAccountID) else { return nil }
        try await self.pushOrder(order, account: account, transport: transport)
        return order
    }

    /// The buyer cancels an order; the platform puts the units back and pushes the change.
    public func cancel(_ order: SimulatedOrder, on account: SimulatedAccount, transport: any PlatformTransport) async throws {
        guard let cancelled = await self.world.cancel(order.id, account: account.channelAccountID) else { return }
        try await self.pushOrder(cancelled, account: account, transport: transport)
    }

    /// Moves an order on (to its next stage, or to `stage`) and pushes the change. Returns the order as
    /// it is now, or nil when it could not move.
    @discardableResult
    public func advance(
        _ order: SimulatedOrder, to stage: SimulatedOrder.Stage? = nil, on account: SimulatedAccount, transport: any PlatformTransport
    ) async throws -> SimulatedOrder? {
        guard let moved = await self.world.advance(order.id, account: account.channelAccountID, to: stage) else { return nil }
        try await self.pushOrder(moved, account: account, transport: transport)
        return moved
    }

    /// One step of time for every open order (`SimulatedWorld.stepOrders`), each change pushed.
    public func advanceOrders(using random: inout SplitMix64, transport: any PlatformTransport) async {
        var generator = random
        let changed = await self.world.stepOrders(using: &generator)
        random = generator
        for order in changed {
            guard let account = await self.world.accounts[order.channelAccountID] else { continue }
            try? await self.pushOrder(order, account: account, transport: transport)
        }
    }

    /// Pushes the changes the platforms made by themselves since the last call (seller cancels through
    /// their APIs), as they would.
    public func pushPendingOrderChanges(transport: any PlatformTransport) async {
        for (accountID, orderID) in await self.world.takePendingOrderPushes() {
            guard let account = await self.world.accounts[accountID], let order = await self.world.order(orderID, account: accountID) else {
                continue
            }
            try? await self.pushOrder(order, account: account, transport: transport)
        }
    }

    /// Pushes an order's status as its platform does, unless the world says this push is dropped (a
    /// Shopee one is then kept as a lost push), repeated or held back behind the next one.
    func pushOrder(_ order: SimulatedOrder, account: SimulatedAccount, transport: any PlatformTransport) async throws {
        guard let push = PushBuilder.orderPush(order, account: account, pushID: await self.world.nextID(), at: Date()) else { return }
        var pushes: [Push] = []
        switch await self.world.orderPushFate(account: account.channelAccountID) {
        case .drop:
            await self.world.recordLostPush(order, account: account)
        case .duplicate:
            pushes = [push, push]
        case .reorder:
            _ = await self.world.holdOrderPush(push)
            return
        case .deliver:
            pushes = [push]
        }
        if let held = await self.world.holdOrderPush(nil) { pushes.append(held) }
        for push in pushes {
            let status = try await self.deliver(push, transport: transport)
            guard (200..<300).contains(status) else { throw SimulatorError.shopDesk("the order push was answered \(status)") }
        }
    }
}
