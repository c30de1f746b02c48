import Foundation
import ShopDeskCore

/// One platform's stock API: how listings' updates are grouped into calls, how a call is built (and
/// signed), how fast calls may go, and what the platform said of each listing.
public protocol StockWriter: Sendable {
    /// Calls per second the platform allows this shop for its stock API.
    var callsPerSecond: Double { get }
    /// Whether the platform takes a change (`StockUpdate.delta`) as well as a total.
    var takesDeltas: Bool { get }
    /// The updates grouped into calls, as the platform's API allows them to travel together.
    func calls(_ updates: [StockUpdate]) -> [[StockUpdate]]
    /// One call for a group that `calls` made.
    func request(_ call: [StockUpdate], credentials: ChannelCredentials, now: Date) throws(PlatformAPIError) -> PlatformRequest
    /// What the platform said of each update of the call, in the call's order.
    func results(_ response: PlatformResponse, call: [StockUpdate]) -> [StockPushResult]
}

extension StockWriter {
    /// The updates in calls of at most `size`, each call holding listings that share `key`, in the
    /// order first seen.
    static func grouped(_ updates: [StockUpdate], size: Int, by key: (StockUpdate) -> String) -> [[StockUpdate]] {
        var order: [String] = []
        var groups: [String: [StockUpdate]] = [:]
        for update in updates {
            let name = key(update)
            if groups[name] == nil { order.append(name) }
            groups[name, default: []].append(update)
        }
        return order.flatMap { name in
            let group = groups[name]!
            return stride(from: 0, to: group.count, by: size).map { Array(group[$0..<min($0 + size, group.count)]) }
        }
    }

    /// The same result for every update of a call (the call as a whole failed or succeeded).
    static func whole(_ result: SendResult, call: [StockUpdate]) -> [StockPushResult]? {
        switch result {
        case .sent: return nil
        case .retry(let reason, let after): return call.map { _ in .retry(reason: reason, after: after) }
        case .uncertain(let reason): return call.map { _ in .retry(reason: reason, after: nil) }
        case .rejected(let reason): return call.map { _ in .rejected(reason: reason) }
        }
    }
}

extension PlatformAPIs {
    /// The platforms whose stock ShopDesk sets: the marketplaces. The social channels and the seller's
    /// own site have no stock API; the site hears of stock through the outgoing stock webhooks.
    public static func stockWriter(for account: ChannelAccount) -> (any StockWriter)? {
        switch account.platform {
        case .tiktokShop: return TikTokShopAPI()
        case .shopee: return ShopeeAPI()
        case .lazada: return LazadaAPI(market: account.market)
        case .facebook, .instagram, .whatsapp, .line, .custom: return nil
        }
    }

    /// Whether ShopDesk sets stock on the platform's listings.
    public static func takesStock(_ platform: Platform) -> Bool {
        switch platform {
        case .tiktokShop, .shopee, .lazada: true
        case .facebook, .instagram, .whatsapp, .line, .custom: false
        }
    }
}

extension PlatformClient {
    /// Sends one call of stock updates; without an answer every update is retried (a total set again
    /// is harmless; ShopDesk sends a total, not a delta, after a call whose outcome is unknown).
    public func pushStock(
        _ call: [StockUpdate], writer: any StockWriter, credentials: ChannelCredentials
    ) async throws -> [StockPushResult] {
        let request: PlatformRequest
        do {
            request = try writer.request(call, credentials: credentials, now: self.now())
        } catch {
            return call.map { _ in .rejected(reason: error.message) }
        }
        do {
            return writer.results(try await self.transport.perform(request), call: call)
        } catch {
            try Task.checkCancellation()
            return call.map { _ in .retry(reason: "no answer: \(error)", after: nil) }
        }
    }
}
