import Foundation
import ShopDeskChannels
import ShopDeskCore

extension Simulator {
    /// Runs the livestream burst against ShopDesk (a fresh SKU with `options.stock` on hand, listed on
    /// every connected marketplace and sold on the seller's site through the checkout API), then the
    /// periodic-sync baseline on the same buyers, and reports both. The marketplaces sell from their own
    /// counts and push their orders; the site reserves and commits through ShopDesk.
    public func runLivestreamBurst(
        _ options: LivestreamBurst.Options, shopDesk: String, token: String, transport: any PlatformTransport,
        progress: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws -> LivestreamBurst.Report {
        let base = shopDesk.hasSuffix("/") ? String(shopDesk.dropLast()) : shopDesk
        let accounts = try await self.connect(shopDesk: base, token: token, transport: transport).filter {
            PlatformAPIs.takesStock($0.platform)
        }
        let sku = "LIVE-\(options.seed)-\(UInt16.random(in: 0...UInt16.max))"
        let listed = try await self.listForBurst(sku, stock: options.stock, accounts: accounts, base: base, token: token, transport: transport)
        progress("\(sku) listed on \(listed.count) marketplaces with \(options.stock) units; the live starts")

        let attempts = LivestreamBurst.attempts(options)
        let start = Date()
        let outcomes = await withTaskGroup(of: (LivestreamBurst.Attempt, Date?).self) { group in
            for (index, attempt) in attempts.enumerated() {
                let wait = start.addingTimeInterval(attempt.at).timeIntervalSinceNow
                if wait > 0 { try? await Task.sleep(for: .seconds(wait)) }
                group.addTask {
                    do {
                        return (
                            attempt,
                            try await self.buy(attempt, index: index, sku: sku, listed: listed, base: base, token: token, transport: transport)
                        )
                    } catch {
                        progress("a buyer's order failed: \(error)")
                        return (attempt, nil)
                    }
                }
            }
            var outcomes: [(LivestreamBurst.Attempt, Date?)] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes
        }
        var sales: [LivestreamBurst.Sale] = []
        var refused: [LivestreamBurst.Channel: Int] = [:]
        for (attempt, soldAt) in outcomes {
            if let soldAt {
                sales.append(LivestreamBurst.Sale(at: soldAt.timeIntervalSince(start), channel: attempt.channel, quantity: attempt.quantity))
            } else {
                refused[attempt.channel, default: 0] += 1
            }
        }
        progress("the live is over; waiting for every marketplace to show ShopDesk's stock")
        try await self.waitForAgreement(sku, listed: listed, base: base, token: token, transport: transport)
        let end = Date().timeIntervalSince(start)
        let counts = await self.world.listingCounts.compactMap { count -> LivestreamBurst.Count? in
            guard let (account, skuID) = listed.first(where: { $0.value.account.channelAccountID == count.channelAccountID })?.value,
                skuID == count.skuID, let channel = LivestreamBurst.Channel(rawValue: account.platform.rawValue)
            else { return nil }
            return LivestreamBurst.Count(at: count.at.timeIntervalSince(start), channel: channel, stock: count.stock)
        }
        return LivestreamBurst.Report(
            options: options, sku: sku, attempts: attempts.count,
            shopDesk: LivestreamBurst.arm(sales: sales, refused: refused, counts: counts, stock: options.stock, end: end),
            baseline: LivestreamBurst.baseline(attempts, options: options))
    }

    /// Creates the SKU with its stock, lists it on each marketplace and links the listings; returns
    /// once every marketplace shows the stock.
    private func listForBurst(
        _ sku: String, stock: Int64, accounts: [SimulatedAccount], base: String, token: String, transport: any PlatformTransport
    ) async throws -> [LivestreamBurst.Channel: (account: SimulatedAccount, skuID: String)] {
        let listings = try await self.list(
            sku, title: ["en": "Livestream lipstick"], onHand: stock, on: accounts, shopDesk: base, token: token, transport: transport)
        var listed: [LivestreamBurst.Channel: (account: SimulatedAccount, skuID: String)] = [:]
        for (account, skuID) in listings {
            if let channel = LivestreamBurst.Channel(rawValue: account.platform.rawValue) { listed[channel] = (account, skuID) }
        }
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            var shown = true
            for (account, skuID) in listed.values where await self.world.listing(skuID, account: account.channelAccountID)?.stock != stock {
                shown = false
            }
            if shown { return listed }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw SimulatorError.shopDesk("the marketplaces did not show \(sku)'s stock within a minute of linking")
    }

    /// One buyer's attempt; returns when the sale was made, or nil when the channel showed too few.
    private func buy(
        _ attempt: LivestreamBurst.Attempt, index: Int, sku: String, listed: [LivestreamBurst.Channel: (account: SimulatedAccount, skuID: String)],
        base: String, token: String, transport: any PlatformTransport
    ) async throws -> Date? {
        if let (account, skuID) = listed[attempt.channel] {
            return try await self.sell(attempt.quantity, of: skuID, on: account, transport: transport)?.at
        }
        guard attempt.channel == .site else { return nil }
        let held = try await Self.exchange(
            transport, .post, base + "/api/v1/reservations", token: token,
            body: ["lines": [["sku": sku, "quantity": attempt.quantity]], "expires_in_seconds": 900], headers: ["idempotency-key": "\(sku)-\(index)"])
        guard held.status == 201, let id = held.json["id"] as? String else { return nil }
        let soldAt = Date()
        let committed = try await Self.exchange(transport, .post, base + "/api/v1/reservations/\(id)/commit", token: token)
        guard committed.status == 200 else { throw SimulatorError.shopDesk("committing a checkout answered \(committed.status): \(committed.text)") }
        return soldAt
    }

    /// Waits (at most a minute) until every marketplace shows what ShopDesk says it may sell.
    private func waitForAgreement(
        _ sku: String, listed: [LivestreamBurst.Channel: (account: SimulatedAccount, skuID: String)], base: String, token: String,
        transport: any PlatformTransport
    ) async throws {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let inventory = try await Self.exchange(transport, .get, base + "/api/v1/inventory/\(sku)", token: token)
            let channels = inventory.json["channels"] as? [[String: Any]] ?? []
            var agreed = !channels.isEmpty
            for channel in channels {
                let sellable = (channel["sellable"] as? NSNumber)?.int64Value
                let id = channel["channel_account_id"] as? String
                guard let (account, skuID) = listed.values.first(where: { $0.account.channelAccountID == id }) else { continue }
                if await self.world.listing(skuID, account: account.channelAccountID)?.stock != sellable { agreed = false }
            }
            if agreed { return }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}
