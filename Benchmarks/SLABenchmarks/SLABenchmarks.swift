// Re-evaluating response rates over 1,000,000 conversations: the chats are built once (setup, not
// measured), then each iteration computes the rate, status and forecast. Run with
//
//     swift package --disable-sandbox benchmark --target SLABenchmarks
//
// Results and how to read them: BENCHMARKS.md.

import Benchmark
import Foundation
import ShopDeskCore

/// Conversations per workload.
let conversationCount = 1_000_000
/// 2025-09-15T12:00:00+07:00: the evaluation time.
let evaluationTime = SLATime.parse("2025-09-15T12:00:00+07:00")!

/// The zone of the TH shops measured.
let shopZone = Market.zone(for: "TH")!

/// Chats of one metric over a million conversations, built once on first use.
struct Workload: Sendable {
    let ruleSet: RuleSet
    let metric: RuleSet.Metric
    let chats: ChatList
    /// The metric with its threshold between the current rate and the rate if nothing pending is
    /// answered: the forecast's worst case, where it must find the instant the rate falls and bisect
    /// the number of answers that prevents it.
    let tightMetric: RuleSet.Metric

    /// One to three chats per conversation, spread over the metric's window: most answered in minutes,
    /// some late, some never; a few answered only by an auto-reply. Deterministic (seeded), so every
    /// run measures the same data.
    init(_ platform: Platform, market: String) {
        self.ruleSet = RuleSetCatalog.standard.resolve(platform: platform, market: market, asOf: evaluationTime, timeZone: shopZone)!
        self.metric = self.ruleSet.primaryMetric
        let context = SLAContext(timeZone: shopZone)
        var builder = ChatBuilder(metric: self.metric, context: context, asOf: evaluationTime)
        builder.reserveCapacity(conversationCount)
        var random = SplitMix64(seed: 2025)
        let window = self.metric.windowMilliseconds
        let minute: Int64 = 60_000
        for index in 0..<conversationCount {
            var at = evaluationTime - window + Int64(random.next(Int(window / minute))) * minute
            var events: [ChatTimeline.Event] = []
            for _ in 0..<(1 + random.next(3)) where at <= evaluationTime {
                events.append(ChatTimeline.Event(at: at, .buyerMessage(text: nil)))
                switch random.next(100) {
                case 0..<86:
                    events.append(ChatTimeline.Event(at: at + Int64(1 + random.next(120)) * minute, .sellerMessage(.agent, text: nil)))
                case 86..<93:
                    events.append(ChatTimeline.Event(at: at + Int64(13 * 60 + random.next(48 * 60)) * minute, .sellerMessage(.quickReply, text: nil)))
                case 93..<96:
                    events.append(ChatTimeline.Event(at: at + minute, .sellerMessage(.autoReply, text: nil)))
                default:
                    break
                }
                at += Int64(60 + random.next(5 * 24 * 60)) * minute
            }
            builder.add(ChatTimeline(conversation: Conversation.ID("c\(index)"), events: events))
        }
        self.chats = builder.finish()
        let summary = RateEvaluator.summarize(self.chats, metric: self.metric, asOf: evaluationTime)
        var tight = self.metric
        tight.threshold = (summary.rate! + summary.forecast.rateIfNoneAnswered!) / 2
        self.tightMetric = tight
    }
}

let tiktokWorkload = Workload(.tiktokShop, market: "TH")
let shopeeWorkload = Workload(.shopee, market: "TH")

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
        warmupIterations: 1,
        maxDuration: .seconds(20),
        maxIterations: 20
    )

    /// Measures `body` over a workload, which is built in setup (on first use) so that building is not measured.
    func measure<Result>(_ name: String, _ workload: @escaping @Sendable () -> Workload, _ body: @escaping @Sendable (Workload) -> Result) {
        Benchmark(
            name, configuration: configuration,
            closure: { benchmark in
                let workload = workload()
                for _ in benchmark.scaledIterations {
                    blackHole(body(workload))
                }
            },
            setup: { precondition(workload().chats.count > conversationCount) }
        )
    }

    measure("Rate, status and forecast over 1M conversations (tiktok-shop/TH 12-hour rate, 30 days)", { tiktokWorkload }) {
        RateEvaluator.summarize($0.chats, metric: $0.metric, asOf: evaluationTime)
    }
    measure("Rate, status and forecast over 1M conversations (tiktok-shop/TH, forecast worst case)", { tiktokWorkload }) {
        RateEvaluator.summarize($0.chats, metric: $0.tightMetric, asOf: evaluationTime)
    }
    measure("Rate, status and forecast over 1M conversations (shopee/TH recent-weighted rate, 90 days, forecast worst case)", { shopeeWorkload }) {
        RateEvaluator.summarize($0.chats, metric: $0.tightMetric, asOf: evaluationTime)
    }
    // The same with every chat listed (what a report or the CLI prints): one value per chat.
    measure("Full evaluation with the per-chat list over 1M conversations (tiktok-shop/TH)", { tiktokWorkload }) {
        RateEvaluator.evaluate(ruleSet: $0.ruleSet.id, metric: $0.metric, chats: $0.chats, asOf: evaluationTime)
    }
}
