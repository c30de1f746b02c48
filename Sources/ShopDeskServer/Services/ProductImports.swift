import Foundation
import Logging
import ShopDeskChannels
import ShopDeskCore
import ShopDeskStore

extension DueWork {
    /// Imports the channels' products a seller asked for: reads every listing through the platform's
    /// product API, links each to the catalog SKU it names, and keeps the rest for linking by hand. A
    /// failed read is tried again with backoff, five times.
    static func productImports(
        _ context: ServiceContext, feed: ChangeFeed, backoff: BackoffPolicy = .platformSend, lease: TimeInterval = 600
    ) -> DueWork {
        DueWork(
            context, name: "product imports",
            calling: { now, client in
                let due = try await context.store.claimProductImports(now: now, lease: lease)
                for (channel, workspace, attempt) in due {
                    do {
                        guard let (account, credentials) = try await context.store.channelAccountWithCredentials(channel) else {
                            try await context.store.finishProductImport(
                                channel: channel, result: nil, error: "the channel account was archived", retryAt: nil, now: context.now())
                            continue
                        }
                        let found = try await client.listings(account: account, credentials: credentials).map {
                            UnlinkedListing(
                                channelAccountID: channel, key: PlatformListingKey(productID: $0.platformProductID, skuID: $0.platformSKUID),
                                sellerSKU: $0.sellerSKU, title: $0.title)
                        }
                        let result = try await context.store.importListings(found, channel: channel, workspace: workspace, now: context.now())
                        try await context.store.finishProductImport(channel: channel, result: result, error: nil, retryAt: nil, now: context.now())
                        feed.announce(.stock(Set(result.linked), in: workspace))
                    } catch {
                        try Task.checkCancellation()
                        let delay = backoff.delay(afterAttempt: attempt, jitter: Double.random(in: 0...1))
                        context.logger.warning(
                            "product import failed", metadata: ["channel": "\(channel)", "error": "\(String(reflecting: error))"])
                        try await context.store.finishProductImport(
                            channel: channel, result: nil, error: "\(error)",
                            retryAt: delay.map { context.now().addingTimeInterval($0 / .seconds(1)) },
                            now: context.now())
                    }
                }
                return due.count
            },
            nextDue: { try await context.store.nextProductImport() })
    }
}
