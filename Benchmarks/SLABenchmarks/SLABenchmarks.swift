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
    init(_ id: RuleSet.ID) {
        self.ruleSet = RuleSetCatalog.standard.ruleSet(id)!
        self.metric = self.ruleSet.primaryMetric
        let context = SLAContext(timeZone: TimeZone(identifier: "Asia/Bangkok")!)
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

let tiktokWorkload = Workload(RuleSet.ID(platform: .tiktokShop, market: "TH", effectiveFrom: SLADate(year: 2025, month: 8, day: 15)!))
let shopeeWorkload = Workload(RuleSet.ID(platform: .shopee, market: "TH", effectiveFrom: RuleSet.catalogStart))

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
        warmupIterations: 1,
        maxDuration: .seconds(20),
        maxIterations: 20
    )

    Benchmark(
        "Rate, status and forecast over 1M conversations (tiktok-shop/TH 12-hour rate, 30 days)",
        configuration: configuration,
        closure: { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(RateEvaluator.summarize(tiktokWorkload.chats, metric: tiktokWorkload.metric, asOf: evaluationTime))
            }
        },
        setup: { precondition(tiktokWorkload.chats.count > conversationCount) }
    )

    Benchmark(
        "Rate, status and forecast over 1M conversations (tiktok-shop/TH, forecast worst case)",
        configuration: configuration,
        closure: { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(RateEvaluator.summarize(tiktokWorkload.chats, metric: tiktokWorkload.tightMetric, asOf: evaluationTime))
            }
        },
        setup: { precondition(tiktokWorkload.chats.count > conversationCount) }
    )

    Benchmark(
        "Rate, status and forecast over 1M conversations (shopee/TH recent-weighted rate, 90 days, forecast worst case)",
        configuration: configuration,
        closure: { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(RateEvaluator.summarize(shopeeWorkload.chats, metric: shopeeWorkload.tightMetric, asOf: evaluationTime))
            }
        },
        setup: { precondition(shopeeWorkload.chats.count > conversationCount) }
    )

    // The same with every chat listed (what a report or the CLI prints): one value per chat.
    Benchmark(
        "Full evaluation with the per-chat list over 1M conversations (tiktok-shop/TH)",
        configuration: configuration,
        closure: { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(
                    RateEvaluator.evaluate(
                        ruleSet: tiktokWorkload.ruleSet.id, metric: tiktokWorkload.metric, chats: tiktokWorkload.chats, asOf: evaluationTime
                    )
                )
            }
        },
        setup: { precondition(tiktokWorkload.chats.count > conversationCount) }
    )
}
