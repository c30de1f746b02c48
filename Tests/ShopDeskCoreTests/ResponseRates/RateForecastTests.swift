import Foundation
import Testing

@testable import ShopDeskCore

@Suite("Rate forecast")
struct RateForecastTests {
    typealias F = SLAFixtures
    /// One-hour deadline, 30-day window, threshold 90%.
    let workspace = F.ruleSet("facebook/*@2024-01-01")
    let asOf = F.base + 10 * F.day

    func answered(_ id: String, startedBefore: Int64) -> ChatTimeline {
        F.conversation(id, F.buyer(self.asOf - startedBefore), F.seller(self.asOf - startedBefore + F.minute))
    }

    func missed(_ id: String, startedBefore: Int64) -> ChatTimeline {
        F.conversation(id, F.buyer(self.asOf - startedBefore))
    }

    func answeredChats(_ count: Int) -> [ChatTimeline] {
        (0..<count).map { self.answered("done\($0)", startedBefore: F.day + Int64($0) * F.hour) }
    }

    @Test("a rate that stays at the threshold when every pending chat is missed is ok")
    func staysAtThreshold() {
        let evaluation = F.evaluate(self.workspace, self.answeredChats(9) + [self.missed("p", startedBefore: 10 * F.minute)], asOf: self.asOf)
        let summary = evaluation.summary
        #expect(summary.rate == 1.0)
        #expect(summary.pending == 1)
        #expect(summary.status == .ok)
        #expect(summary.forecast.fallsBelowAt == nil)
        #expect(summary.forecast.rateIfNoneAnswered == 0.9)
        #expect(summary.forecast.mustAnswer == 0)
        #expect(summary.forecast.answerBy == nil)
    }

    @Test("pending chats that would take the rate below give a warning, the time it falls, and how many to answer by when")
    func fallsBelow() {
        let first = self.missed("p1", startedBefore: 40 * F.minute)
        let second = self.missed("p2", startedBefore: 10 * F.minute)
        let summary = F.evaluate(self.workspace, self.answeredChats(9) + [first, second], asOf: self.asOf).summary
        #expect(summary.status == .warning)
        // 9/10 after the first deadline, 9/11 after the second.
        #expect(summary.forecast.fallsBelowAt == self.asOf + 50 * F.minute)
        #expect(summary.forecast.mustAnswer == 1)
        #expect(summary.forecast.answerBy == self.asOf + 20 * F.minute)
        #expect(summary.forecast.until == self.asOf + F.hour)
    }

    @Test("when answering every pending chat is not enough, there is no number to give")
    func cannotStay() {
        // 18 of 20 in time; two in-time chats leave the window in 30 minutes, one chat is pending.
        let leaving = (0..<2).map { self.answered("old\($0)", startedBefore: 30 * F.day - 30 * F.minute) }
        let misses = (0..<2).map { self.missed("miss\($0)", startedBefore: 2 * F.day + Int64($0) * F.hour) }
        let pending = self.missed("p", startedBefore: 40 * F.minute)
        let summary = F.evaluate(self.workspace, leaving + self.answeredChats(16) + misses + [pending], asOf: self.asOf).summary
        #expect(summary.rate == 0.9)
        #expect(summary.status == .warning)
        // Missed: 18/21 at its deadline. Answered: 19/21, then 17/19 once the old chats leave.
        #expect(summary.forecast.fallsBelowAt == self.asOf + 20 * F.minute)
        #expect(summary.forecast.mustAnswer == nil)
        #expect(summary.forecast.answerBy == nil)
    }

    @Test("a rate under the threshold is below now, and no number of answers keeps it up")
    func alreadyBelow() {
        let misses = (0..<2).map { self.missed("miss\($0)", startedBefore: 2 * F.day + Int64($0) * F.hour) }
        let summary = F.evaluate(self.workspace, self.answeredChats(8) + misses + [self.missed("p", startedBefore: F.minute)], asOf: self.asOf)
            .summary
        #expect(summary.rate == 0.8)
        #expect(summary.status == .below)
        #expect(summary.forecast.fallsBelowAt == self.asOf)
        #expect(summary.forecast.mustAnswer == nil)
    }

    @Test("chats leaving the window can take the rate below without any pending chat")
    func windowExit() {
        // Nine of ten in time; the oldest in-time chat leaves the window in 30 minutes: 8/9.
        let leaving = self.answered("old", startedBefore: 30 * F.day - 30 * F.minute)
        let chats = [leaving] + self.answeredChats(8) + [self.missed("miss", startedBefore: 2 * F.day)]
        let summary = F.evaluate(self.workspace, chats, asOf: self.asOf).summary
        #expect(summary.rate == 0.9)
        #expect(summary.pending == 0)
        #expect(summary.forecast.fallsBelowAt == self.asOf + 30 * F.minute)
        #expect(summary.forecast.mustAnswer == nil)
        #expect(summary.status == .warning)
    }

    @Test("Shopee's recent quarter moves as pending chats become misses")
    func shopeeForecast() {
        let shopee = F.ruleSet("shopee/TH@2024-01-01")
        let asOf = F.base + 10 * F.day
        var chats = (0..<6).map { index -> ChatTimeline in
            let start = asOf - F.day - Int64(index) * F.hour
            return F.conversation("done\(index)", F.buyer(start), F.seller(start + F.minute))
        }
        chats += [F.conversation("p1", F.buyer(asOf - 2 * F.hour)), F.conversation("p2", F.buyer(asOf - F.hour))]
        let summary = F.evaluate(shopee, chats, asOf: asOf).summary
        #expect(summary.rate == 1.0)
        // p1 missed: 0.5 × 6/7 + 0.5 × 1/2 < 0.9. Answer p1 and p2 missed: 0.5 × 7/8 + 0.5 × 1/2. Both needed.
        #expect(summary.forecast.fallsBelowAt == asOf + 10 * F.hour)
        #expect(summary.forecast.mustAnswer == 2)
        #expect(summary.forecast.answerBy == asOf + 10 * F.hour)
    }

    // MARK: Against a direct recomputation

    /// The rate at `time` if the `answered` most urgent pending chats are answered, computed from scratch.
    static func directRate(_ list: ChatList, _ metric: RuleSet.Metric, asOf: Int64, time: Int64, pending: [Int], answered: Int) -> Double? {
        var active: [(start: Int64, position: Int, inTime: Bool)] = []
        for (position, chat) in list.chats.enumerated() where chat.startedAt > time - metric.windowMilliseconds && chat.startedAt <= asOf {
            switch chat.state(asOf: asOf) {
            case .inTime: active.append((chat.startedAt, position, true))
            case .late, .missed: active.append((chat.startedAt, position, false))
            case .excluded: continue
            case .pending:
                let rank = pending.firstIndex(of: position)!
                if chat.deadline <= time { active.append((chat.startedAt, position, rank < answered)) }
            }
        }
        if let fallback = metric.defaultRate, active.count < fallback.minimumEligible { return fallback.rate }
        guard !active.isEmpty else { return nil }
        active.sort { ($0.start, $0.position) < ($1.start, $1.position) }
        let overall = Double(active.filter(\.inTime).count) / Double(active.count)
        guard metric.aggregation == .shopeeRecentWeighted else { return overall }
        let recent = active.suffix((active.count + 3) / 4)
        return 0.5 * overall + 0.5 * Double(recent.filter(\.inTime).count) / Double(recent.count)
    }

    @Test(
        "the forecast agrees with recomputing the rate at every event",
        arguments: [
            "shopee/TH@2024-01-01", "facebook/*@2024-01-01", "tiktok-shop/TH@2025-08-15", "lazada/TH@2020-06-25",
        ])
    func agreesWithDirectRecomputation(id: String) {
        let ruleSet = F.ruleSet(id)
        let metric = ruleSet.primaryMetric
        var generator = SplitMix64(seed: 42)
        var needingAnswers = 0
        var belowAlready = 0
        var notEnough = 0
        for scenario in 0..<200 {
            let asOf = F.base + 40 * F.day
            let window = metric.windowMilliseconds
            let count = 2 + scenario % 25
            let timelines = (0..<count).map { index -> ChatTimeline in
                // Starts cluster near both ends of the window, so that exits and deadlines both happen.
                let start =
                    generator.next(3) == 0
                    ? asOf - window + Int64(generator.next(Int(metric.deadline.longestWait / F.minute))) * F.minute
                    : asOf - Int64(generator.next(Int(metric.deadline.longestWait / F.minute) + 120)) * F.minute
                // Mostly quick answers, so that rates sit near the thresholds.
                switch generator.next(8) {
                case 0: return F.conversation("c\(index)", F.buyer(start))
                case 1: return F.conversation("c\(index)", F.buyer(start), F.seller(start + Int64(generator.next(60 * 30)) * F.minute))
                default: return F.conversation("c\(index)", F.buyer(start), F.seller(start + Int64(generator.next(30)) * F.minute))
                }
            }
            let list = ChatBuilder.build(metric: metric, timelines: timelines, context: SLAContext(timeZone: F.zone(for: ruleSet)), asOf: asOf)
            let summary = RateEvaluator.summarize(list, metric: metric, asOf: asOf)
            let pending = list.chats.indices.filter { list.chats[$0].state(asOf: asOf) == .pending && list.chats[$0].startedAt > asOf - window }
                .sorted { (list.chats[$0].deadline, $0) < (list.chats[$1].deadline, $1) }
            let times = Set(
                pending.map { list.chats[$0].deadline }
                    + list.chats.map { $0.startedAt + window }.filter { $0 > asOf && $0 <= summary.forecast.until }
            ).sorted()
            func firstBelow(_ answered: Int) -> Int64? {
                times.first { time in
                    Self.directRate(list, metric, asOf: asOf, time: time, pending: pending, answered: answered).map { $0 < metric.threshold } ?? false
                }
            }
            let now = Self.directRate(list, metric, asOf: asOf, time: asOf, pending: pending, answered: 0)
            #expect(summary.rate == now, "scenario \(scenario)")
            guard !(now.map { $0 < metric.threshold } ?? false) else {
                #expect(summary.forecast.fallsBelowAt == asOf)
                belowAlready += 1
                continue
            }
            #expect(summary.forecast.fallsBelowAt == firstBelow(0), "scenario \(scenario)")
            let needed = (0...pending.count).first { firstBelow($0) == nil }
            #expect(summary.forecast.mustAnswer == needed, "scenario \(scenario)")
            if (needed ?? 0) > 0 { needingAnswers += 1 }
            if needed == nil { notEnough += 1 }
            #expect(
                summary.forecast.rateIfNoneAnswered
                    == Self.directRate(list, metric, asOf: asOf, time: summary.forecast.until, pending: pending, answered: 0))
        }
        // The scenarios reach every branch of the forecast.
        #expect(needingAnswers > 0 && belowAlready > 0 && notEnough > 0, "\(needingAnswers) \(belowAlready) \(notEnough)")
    }
}
