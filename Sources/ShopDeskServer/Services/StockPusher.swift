import Foundation
import Logging
import ShopDeskChannels
import ShopDeskCore
import ShopDeskStore
import Synchronization

/// Sends each listing's sellable quantity to its platform when it changes: claims the listings whose
/// push is due (the latest value only: changes while one waits are coalesced into it), groups them into
/// the platform's calls (one TikTok product, one Shopee item, 50 Lazada SKUs), paces the calls within
/// each shop's rate limit, and records what the platform acknowledged.
///
/// A push is claimed with a lease before it is sent. One whose lease runs out (the process died with
/// it in flight) is sent again as a total: totals are harmless to repeat, a delta is not. Throttling,
/// platform faults and no answer are retried with `BackoffPolicy.stockPush`, which never gives up: a
/// platform left showing stale stock is what oversells, so the push keeps trying (the catalog page
/// shows it as stale meanwhile).
final class StockPusher: Sendable {
    private let context: ServiceContext
    private let backoff: BackoffPolicy
    private let lease: TimeInterval
    private let feed: ChangeFeed?
    private let acknowledged: @Sendable ([Duration]) -> Void
    private let pushable = Set(Platform.allCases.filter(PlatformAPIs.takesStock))
    /// When each shop's last call left, for pacing. Rate limits are in real time, so pacing runs on the
    /// continuous clock whatever clock the service's due times are on.
    private let lastCall = Mutex<[ChannelAccount.ID: ContinuousClock.Instant]>([:])

    /// - Parameters:
    ///   - lease: how long a claimed push is left to its sender; longer than a call can take.
    ///   - feed: told which SKUs' pushes were recorded, so open catalog pages show the platforms' counts.
    ///   - acknowledged: the latency of each acknowledged push, from the first change it carried.
    init(
        _ context: ServiceContext, backoff: BackoffPolicy = .stockPush, lease: TimeInterval = 60, feed: ChangeFeed? = nil,
        acknowledged: @escaping @Sendable ([Duration]) -> Void = { _ in }
    ) {
        self.context = context
        self.backoff = backoff
        self.lease = lease
        self.feed = feed
        self.acknowledged = acknowledged
    }

    /// Claims the pushes due at `now` and sends them, shops side by side and each shop's calls one
    /// after another, paced; returns how many listings were claimed.
    func pushDue(now: Date, with client: PlatformClient) async throws -> Int {
        let items = try await self.context.store.claimStockPushes(now: now, lease: self.lease, pushable: self.pushable)
        await withTaskGroup(of: Void.self) { group in
            for (channel, shopItems) in Dictionary(grouping: items, by: \.update.channelAccountID) {
                group.addTask { await self.push(shopItems, channel: channel, with: client) }
            }
        }
        return items.count
    }

    /// One shop's claimed pushes: its calls in turn, each outcome recorded as it comes.
    private func push(_ items: [StockPushItem], channel: ChannelAccount.ID, with client: PlatformClient) async {
        var metadata: Logger.Metadata = ["channel": "\(channel)", "listings": "\(items.count)"]
        do {
            guard let (account, credentials) = try await self.context.store.channelAccountWithCredentials(channel),
                let writer = PlatformAPIs.stockWriter(for: account)
            else {
                try await self.record(items.map { ($0, .rejected(reason: "the channel account cannot take stock updates")) })
                return
            }
            metadata["platform"] = "\(account.platform.rawValue)"
            var byListing: [String: StockPushItem] = [:]
            var updates: [StockUpdate] = []
            for var item in items {
                if writer.takesDeltas, let basis = item.basis { item.update.delta = item.update.quantity - basis }
                byListing[Self.key(item.update)] = item
                updates.append(item.update)
            }
            for call in writer.calls(updates) {
                try await self.pace(channel, callsPerSecond: writer.callsPerSecond)
                let results = try await client.pushStock(call, writer: writer, credentials: credentials)
                try await self.record(zip(call, results).compactMap { update, result in byListing[Self.key(update)].map { ($0, result) } })
            }
        } catch {
            // Cancelled, or the store failed: the claims stay and are taken again after their lease.
            if !Task.isCancelled {
                self.context.logger.error("stock push interrupted", metadata: metadata.merging(["error": "\(String(reflecting: error))"]) { $1 })
            }
        }
    }

    /// A listing within its shop: its product and SKU ids together (Shopee's model 0 repeats across items).
    private static func key(_ update: StockUpdate) -> String {
        update.platformProductID + "/" + update.platformSKUID
    }

    /// Waits until the shop may make its next call.
    private func pace(_ channel: ChannelAccount.ID, callsPerSecond: Double) async throws {
        let spacing = Duration.seconds(1 / max(callsPerSecond, 0.1))
        let clock = ContinuousClock()
        let start = self.lastCall.withLock { last in
            let at = last[channel].map { max(clock.now, $0.advanced(by: spacing)) } ?? clock.now
            last[channel] = at
            return at
        }
        if start > clock.now { try await clock.sleep(until: start) }
    }

    private func record(_ outcomes: [(StockPushItem, StockPushResult)]) async throws {
        let now = self.context.now()
        var latencies: [Duration] = []
        var changes = Changes()
        let recorded = outcomes.map { item, result -> (item: StockPushItem, result: StockPushResult, retryAt: Date?) in
            changes.stock[item.workspaceID, default: []].insert(item.update.sku)
            switch result {
            case .acknowledged:
                latencies.append(.milliseconds(max(0, Int64((now.timeIntervalSince(item.changedAt) * 1000).rounded()))))
                return (item, result, nil)
            case .rejected(let reason):
                self.context.logger.warning("platform refused a stock update", metadata: ["sku": "\(item.update.sku)", "reason": "\(reason)"])
                return (item, result, nil)
            case .retry(let reason, let after):
                let delay = max(self.backoff.delay(afterAttempt: item.attempts, jitter: Double.random(in: 0...1)) ?? .seconds(300), after ?? .zero)
                return (item, result, now.addingTimeInterval(delay / .seconds(1)))
            }
        }
        try await self.context.store.recordStockPushes(recorded, now: now)
        if !latencies.isEmpty { self.acknowledged(latencies) }
        self.feed?.announce(changes)
    }
}

extension DueWork {
    /// Sends listings' stock to their platforms as it changes (`StockPusher`).
    static func stockPushes(_ context: ServiceContext, pusher: StockPusher) -> DueWork {
        DueWork(
            context, name: "stock pushes", calling: { now, client in try await pusher.pushDue(now: now, with: client) },
            nextDue: { try await context.store.nextStockPush() })
    }
}
