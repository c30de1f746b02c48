import Foundation
import Logging
import ShopDeskChannels
import ShopDeskCore
import ShopDeskStore

extension DueWork {
    /// Fetches the marketplace orders that pushes named (a push is a hint, commerce-platforms.md §6.2)
    /// and brings the ledger in line with each (`SQLStore.applyChannelOrder`): a sale on one platform
    /// holds the units, and every other channel's listing is pushed the lower number. A failed fetch is
    /// retried with backoff, and never dropped: an order the ledger misses is stock sold twice.
    static func orderFetches(_ context: ServiceContext, feed: ChangeFeed, backoff: BackoffPolicy = .stockPush, lease: TimeInterval = 60) -> DueWork {
        DueWork(
            context, name: "order fetches",
            calling: { now, client in
                let fetches = try await context.store.claimOrderFetches(now: now, lease: lease)
                for (channel, due) in Dictionary(grouping: fetches, by: \.channelAccountID) {
                    let changes = try await Self.fetch(due, channel: channel, context: context, client: client, backoff: backoff)
                    feed.announce(changes)
                }
                return fetches.count
            },
            nextDue: { try await context.store.nextOrderFetch() })
    }

    /// One shop's due orders: fetched, applied to the ledger, and each fetch finished or put back.
    private static func fetch(
        _ due: [OrderFetch], channel: ChannelAccount.ID, context: ServiceContext, client: PlatformClient, backoff: BackoffPolicy
    ) async throws -> Changes {
        var changes = Changes()
        guard let (account, credentials) = try await context.store.channelAccountWithCredentials(channel),
            PlatformAPIs.orderReader(for: account) != nil
        else {
            // An archived account, or a platform whose orders ShopDesk does not read.
            for fetch in due { try await context.store.finishOrderFetch(fetch, now: context.now()) }
            return changes
        }
        let orders: [ChannelOrder]
        do {
            orders = try await client.orders(due.map(\.orderID), account: account, credentials: credentials)
        } catch {
            try Task.checkCancellation()
            context.logger.warning(
                "cannot fetch orders; retrying", metadata: ["channel": "\(channel)", "error": "\(String(reflecting: error))"])
            for fetch in due {
                let delay = backoff.delay(afterAttempt: fetch.attempts, jitter: Double.random(in: 0...1)) ?? .seconds(300)
                try await context.store.finishOrderFetch(
                    fetch, retryAt: context.now().addingTimeInterval(delay / .seconds(1)), error: "\(error)", now: context.now())
            }
            return changes
        }
        let byID = Dictionary(orders.map { ($0.orderID, $0) }, uniquingKeysWith: { first, _ in first })
        for fetch in due {
            if let order = byID[fetch.orderID] {
                let applied = try await context.store.applyChannelOrder(
                    order, platform: account.platform, workspace: account.workspaceID, now: context.now())
                if !applied.skus.isEmpty { changes.stock[account.workspaceID, default: []].formUnion(applied.skus) }
                if let id = applied.id { changes.orders[id] = Changes.Scope(workspace: account.workspaceID, channel: account.id) }
            } else {
                context.logger.notice("the platform does not know a pushed order", metadata: ["channel": "\(channel)", "order": "\(fetch.orderID)"])
            }
            if fetch.afterSales,
                let stored = try await context.store.order(channel: channel, externalID: fetch.orderID, workspace: account.workspaceID)
            {
                do {
                    let requests = try await client.afterSaleRequests(for: stored, account: account, credentials: credentials)
                    try await context.store.saveAfterSales(
                        requests.map { AfterSale(channelAccountID: stored.channelAccountID, orderID: stored.id, request: $0) },
                        workspace: account.workspaceID, now: context.now())
                    changes.orders[stored.id] = Changes.Scope(workspace: account.workspaceID, channel: account.id)
                } catch {
                    try Task.checkCancellation()
                    context.logger.warning(
                        "cannot read an order's after-sale requests; retrying",
                        metadata: ["channel": "\(channel)", "order": "\(fetch.orderID)", "error": "\(String(reflecting: error))"])
                    let delay = backoff.delay(afterAttempt: fetch.attempts, jitter: Double.random(in: 0...1)) ?? .seconds(300)
                    try await context.store.finishOrderFetch(
                        fetch, retryAt: context.now().addingTimeInterval(delay / .seconds(1)), error: "\(error)", now: context.now())
                    continue
                }
            }
            try await context.store.finishOrderFetch(fetch, now: context.now())
        }
        return changes
    }
}

extension AfterSale {
    /// The request as its platform's decide call takes it, naming the platform's order.
    func platformRequest(of order: Order) -> AfterSaleRequest {
        var request = self.request
        request.orderID = order.externalID
        return request
    }
}
