import Foundation
import ShopDeskChannels
import ShopDeskCore

/// The livestream burst (issue 16, part 7): one SKU sells fast on TikTok Shop during a live while
/// Shopee, Lazada and the seller's own site keep selling it, and the report says how many units each
/// channel sold beyond the seller's real stock, and how long a sale took to reach every other
/// marketplace. It runs twice on the same seeded demand: against ShopDesk (real, over loopback) and
/// against a model of the periodic sync the multi-channel tools do (every N minutes read the orders and
/// set every channel to the real stock), so the gain is a ratio from one run on one machine.
public enum LivestreamBurst {
    /// The channels buyers buy on.
    public enum Channel: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
        case tiktokShop = "tiktok-shop"
        case shopee
        case lazada
        case site

        public var platform: Platform? {
            switch self {
            case .tiktokShop: .tiktokShop
            case .shopee: .shopee
            case .lazada: .lazada
            case .site: nil
            }
        }

        public static func < (lhs: Channel, rhs: Channel) -> Bool {
            Self.allCases.firstIndex(of: lhs)! < Self.allCases.firstIndex(of: rhs)!
        }
    }

    public struct Options: Sendable, Hashable, Codable {
        /// The seller's real stock of the SKU when the live starts.
        public var stock: Int64 = 300
        /// Seconds the live lasts.
        public var duration: TimeInterval = 120
        /// Orders per second on TikTok Shop during the live.
        public var liveRate: Double = 3
        /// Orders per second on each other channel.
        public var otherRate: Double = 0.3
        /// The baseline's sync period, in minutes.
        public var syncMinutes: Double = 5
        public var seed: UInt64 = 7

        public init() {}
    }

    /// A buyer trying to buy: when (seconds after the live starts), where and how many.
    public struct Attempt: Sendable, Hashable {
        public var at: TimeInterval
        public var channel: Channel
        public var quantity: Int64
    }

    /// A sale that went through.
    public struct Sale: Sendable, Hashable {
        public var at: TimeInterval
        public var channel: Channel
        public var quantity: Int64

        public init(at: TimeInterval, channel: Channel, quantity: Int64) {
            self.at = at
            self.channel = channel
            self.quantity = quantity
        }
    }

    /// A marketplace's count of the SKU from a moment on (seconds after the live starts).
    public struct Count: Sendable, Hashable {
        public var at: TimeInterval
        public var channel: Channel
        public var stock: Int64

        public init(at: TimeInterval, channel: Channel, stock: Int64) {
            self.at = at
            self.channel = channel
            self.stock = stock
        }
    }

    /// What one arm of the run came to.
    public struct ArmReport: Sendable, Hashable, Codable {
        public var sold: [String: Int64]
        public var oversold: [String: Int64]
        /// Buyers who found the channel sold out.
        public var refused: [String: Int]
        public var oversoldTotal: Int64
        /// Seconds from a sale to every other marketplace showing no more than the real stock left.
        public var propagationP50: Double?
        public var propagationP99: Double?
        /// Sales that had not reached every other marketplace when the run ended.
        public var unpropagated: Int
    }

    public struct Report: Sendable, Hashable, Codable {
        public var options: Options
        /// The SKU the run created in ShopDesk.
        public var sku: String
        public var attempts: Int
        public var shopDesk: ArmReport
        public var baseline: ArmReport

        public var text: String {
            func line(_ name: String, _ arm: ArmReport) -> String {
                let perChannel = Channel.allCases.map { "\($0.rawValue) \(arm.sold[$0.rawValue] ?? 0)/\(arm.oversold[$0.rawValue] ?? 0)" }
                let p50 = arm.propagationP50.map { String(format: "%.2f s", $0) } ?? "-"
                let p99 = arm.propagationP99.map { String(format: "%.2f s", $0) } ?? "-"
                return "\(name): oversold \(arm.oversoldTotal) units; sold/oversold per channel: \(perChannel.joined(separator: ", ")); "
                    + "sale to every other marketplace p50 \(p50), p99 \(p99); not reached by the end: \(arm.unpropagated)"
            }
            return """
                livestream burst: \(self.options.stock) units, \(Int(self.options.duration)) s live, TikTok Shop \(self.options.liveRate)/s, \
                others \(self.options.otherRate)/s each, seed \(self.options.seed), \(self.attempts) buyers
                \(line("ShopDesk", self.shopDesk))
                \(line("periodic sync every \(self.options.syncMinutes) min", self.baseline))
                """
        }
    }

    /// The buyers, seeded: Poisson arrivals on each channel, one unit each, two now and then.
    public static func attempts(_ options: Options) -> [Attempt] {
        var random = SplitMix64(seed: options.seed)
        var attempts: [Attempt] = []
        for channel in Channel.allCases {
            let rate = channel == .tiktokShop ? options.liveRate : options.otherRate
            guard rate > 0 else { continue }
            var at = 0.0
            while true {
                at += -log(Double.random(in: Double.ulpOfOne..<1, using: &random)) / rate
                guard at < options.duration else { break }
                attempts.append(Attempt(at: at, channel: channel, quantity: Double.random(in: 0..<1, using: &random) < 0.1 ? 2 : 1))
            }
        }
        return attempts.sorted { ($0.at, $0.channel) < ($1.at, $1.channel) }
    }

    /// The units each channel sold beyond the real stock: sales in time order, the units past the stock
    /// counted against the channel that sold them.
    public static func oversold(_ sales: [Sale], stock: Int64) -> [Channel: Int64] {
        var left = stock
        var oversold: [Channel: Int64] = [:]
        for sale in sales.sorted(by: { ($0.at, $0.channel) < ($1.at, $1.channel) }) {
            let beyond = sale.quantity - max(min(left, sale.quantity), 0)
            left -= sale.quantity
            if beyond > 0 { oversold[sale.channel, default: 0] += beyond }
        }
        return oversold
    }

    /// For each sale, seconds until every other marketplace's count was no higher than the real stock
    /// left after it (nil when that had not happened by `end`).
    public static func propagation(_ sales: [Sale], counts: [Count], stock: Int64, end: TimeInterval) -> [TimeInterval?] {
        let ordered = sales.sorted { ($0.at, $0.channel) < ($1.at, $1.channel) }
        let marketplaces = Channel.allCases.filter { $0.platform != nil }
        let byChannel = Dictionary(grouping: counts, by: \.channel).mapValues { $0.sorted { $0.at < $1.at } }
        var sold: Int64 = 0
        return ordered.map { sale in
            sold += sale.quantity
            let target = max(stock - sold, 0)
            var reached: TimeInterval = sale.at
            for channel in marketplaces where channel != sale.channel {
                let history = byChannel[channel] ?? []
                // The count in force at the sale, then every later change.
                let before = history.last { $0.at <= sale.at }
                let candidates = (before.map { [Count(at: sale.at, channel: channel, stock: $0.stock)] } ?? []) + history.filter { $0.at > sale.at }
                guard let first = candidates.first(where: { $0.stock <= target }), first.at <= end else { return nil }
                reached = max(reached, first.at)
            }
            return reached - sale.at
        }
    }

    /// The report of one arm from its sales, refusals and the marketplaces' counts.
    public static func arm(sales: [Sale], refused: [Channel: Int], counts: [Count], stock: Int64, end: TimeInterval) -> ArmReport {
        let oversold = Self.oversold(sales, stock: stock)
        let latencies = Self.propagation(sales, counts: counts, stock: stock, end: end)
        let reached = latencies.compactMap { $0 }.sorted()
        func percentile(_ p: Double) -> Double? {
            reached.isEmpty ? nil : reached[min(reached.count - 1, Int((Double(reached.count) * p).rounded(.up)) - 1)]
        }
        var sold: [String: Int64] = [:]
        for sale in sales { sold[sale.channel.rawValue, default: 0] += sale.quantity }
        return ArmReport(
            sold: sold, oversold: Dictionary(uniqueKeysWithValues: oversold.map { ($0.key.rawValue, $0.value) }),
            refused: Dictionary(uniqueKeysWithValues: refused.map { ($0.key.rawValue, $0.value) }), oversoldTotal: oversold.values.reduce(0, +),
            propagationP50: percentile(0.5), propagationP99: percentile(0.99), unpropagated: latencies.count - reached.count)
    }

    /// The periodic-sync baseline on the same buyers: every channel shows the real stock after each
    /// sync and sells from its own count in between; the first sync comes at a seeded moment of the
    /// period (the live does not start on a sync), and every sync after it a period later.
    public static func baseline(_ attempts: [Attempt], options: Options) -> ArmReport {
        let period = options.syncMinutes * 60
        var random = SplitMix64(seed: options.seed ^ 0xBA5E)
        var nextSync = Double.random(in: 0..<period, using: &random)
        var counts = Dictionary(uniqueKeysWithValues: Channel.allCases.map { ($0, options.stock) })
        var history = Channel.allCases.filter { $0.platform != nil }.map { Count(at: 0, channel: $0, stock: options.stock) }
        var sales: [Sale] = []
        var refused: [Channel: Int] = [:]
        var sold: Int64 = 0
        func sync(at time: TimeInterval) {
            let real = max(options.stock - sold, 0)
            for channel in Channel.allCases {
                counts[channel] = real
                if channel.platform != nil { history.append(Count(at: time, channel: channel, stock: real)) }
            }
        }
        for attempt in attempts {
            while nextSync <= attempt.at {
                sync(at: nextSync)
                nextSync += period
            }
            guard counts[attempt.channel]! >= attempt.quantity else {
                refused[attempt.channel, default: 0] += 1
                continue
            }
            counts[attempt.channel]! -= attempt.quantity
            sold += attempt.quantity
            if attempt.channel.platform != nil {
                history.append(Count(at: attempt.at, channel: attempt.channel, stock: counts[attempt.channel]!))
            }
            sales.append(Sale(at: attempt.at, channel: attempt.channel, quantity: attempt.quantity))
        }
        // Syncs go on after the live: the last sales reach the other channels at the next one.
        let horizon = options.duration + period
        while nextSync <= horizon {
            sync(at: nextSync)
            nextSync += period
        }
        return Self.arm(sales: sales, refused: refused, counts: history, stock: options.stock, end: horizon)
    }
}
