import Foundation
import Logging
import ShopDeskChannels
import ShopDeskCore
import ShopDeskStore

extension DueWork {
    /// Reads each Shopee and Lazada shop's late-shipment figure as its platform computes it (Shopee's
    /// `get_shop_performance`, Lazada's seller metrics; commerce-platforms.md §2.8, §3.8), every
    /// `interval`, to show beside ShopDesk's own late-dispatch rate. Shopee updates its fulfilment
    /// metrics weekly, so an hourly read is plenty; a failed read keeps the last figure.
    static func shopFigures(_ context: ServiceContext, interval: TimeInterval = 3600, retry: TimeInterval = 600) -> DueWork {
        DueWork(
            context, name: "platform shop figures",
            calling: { now, client in
                var read = 0
                for (account, credentials) in try await context.store.channelAccountsWithCredentials(platforms: Self.figurePlatforms) {
                    guard try await context.store.shopFigureDue(channel: account.id, now: now) else { continue }
                    read += 1
                    do {
                        let figure = try await client.platformLateShipment(account: account, credentials: credentials)
                        try await context.store.saveShopFigure(
                            channel: account.id, workspace: account.workspaceID, rate: figure?.rate, target: figure?.target, period: figure?.period,
                            error: nil, now: now, nextAt: now.addingTimeInterval(interval))
                    } catch {
                        try Task.checkCancellation()
                        context.logger.notice(
                            "cannot read a shop's late-shipment figure",
                            metadata: ["channel": "\(account.id)", "error": "\(String(reflecting: error))"])
                        try await context.store.saveShopFigure(
                            channel: account.id, workspace: account.workspaceID, rate: nil, target: nil, period: nil, error: "\(error)", now: now,
                            nextAt: now.addingTimeInterval(retry))
                    }
                }
                return read
            },
            nextDue: {
                let accounts = try await context.store.channelAccountsWithCredentials(platforms: Self.figurePlatforms).map(\.0.id)
                return try await context.store.nextShopFigureRead(channels: accounts, now: context.now())
            })
    }

    /// The marketplaces whose APIs give a late-shipment figure (TikTok Shop's gives none, §1.9).
    static let figurePlatforms: [Platform] = [.shopee, .lazada]
}
