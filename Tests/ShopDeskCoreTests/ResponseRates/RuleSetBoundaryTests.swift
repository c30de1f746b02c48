import Foundation
import Testing

@testable import ShopDeskCore

@Suite("Rule set deadlines and counting replies")
struct RuleSetBoundaryTests {
    typealias F = SLAFixtures

    /// Every metric with a fixed deadline, and that deadline in hours.
    static let fixedDeadlines: [(String, Int64)] = [
        ("tiktok-shop/US@2024-01-01 response_rate_24h", 24),
        ("tiktok-shop/TH@2025-08-15 response_rate_12h", 12),
        ("tiktok-shop/VN@2024-01-01 first_response_24h", 24),
        ("tiktok-shop/VN@2024-01-01 response_48h", 48),
        ("shopee/MY@2024-01-01 chat_response_rate", 12),
        ("facebook/*@2024-01-01 first_response", 1),
        ("instagram/*@2024-01-01 first_response", 1),
        ("whatsapp/*@2024-01-01 first_response", 1),
        ("line/*@2024-01-01 first_response", 1),
        ("custom/*@2024-01-01 first_response", 1),
    ]

    @Test("a reply exactly at the deadline is in time; one second later it is late", arguments: Self.fixedDeadlines)
    func deadlineBoundary(metric pair: String, hours: Int64) {
        let (ruleSet, metric) = F.split(pair)
        let deadline = F.base + hours * F.hour
        let timelines = [
            F.conversation("at", F.buyer(F.base), F.seller(deadline)),
            F.conversation("after", F.buyer(F.base), F.seller(deadline + F.second)),
        ]
        let evaluation = F.evaluate(ruleSet, metric: metric, timelines, asOf: deadline + F.day)
        #expect(evaluation.chats.map(\.deadline) == [deadline, deadline])
        #expect(evaluation.chats.map(\.conversation.rawValue) == ["at", "after"])
        #expect(F.states(evaluation) == [.inTime, .late])
        #expect(evaluation.summary.rate == 0.5 || metric.aggregation == .shopeeRecentWeighted)
    }

    @Test("an unanswered chat is pending before its deadline and missed from it on", arguments: Self.fixedDeadlines)
    func pendingThenMissed(metric pair: String, hours: Int64) {
        let (ruleSet, metric) = F.split(pair)
        let deadline = F.base + hours * F.hour
        let timelines = [F.conversation("c", F.buyer(F.base))]
        #expect(F.states(F.evaluate(ruleSet, metric: metric, timelines, asOf: deadline - F.second)) == [.pending])
        #expect(F.states(F.evaluate(ruleSet, metric: metric, timelines, asOf: deadline)) == [.missed])
    }

    @Test(
        "Lazada: a chat before 18:00 is due at 19:00 that day, from 18:00 at 19:00 the next day",
        arguments: [
            ("2025-09-01T17:59:00+07:00", "2025-09-01T19:00:00+07:00", "2025-09-01T19:00:00+07:00", RateEvaluation.State.inTime),
            ("2025-09-01T17:59:00+07:00", "2025-09-01T19:01:00+07:00", "2025-09-01T19:00:00+07:00", .late),
            ("2025-09-01T18:00:00+07:00", "2025-09-01T19:01:00+07:00", "2025-09-02T19:00:00+07:00", .inTime),
            ("2025-09-01T18:00:00+07:00", "2025-09-02T19:00:00+07:00", "2025-09-02T19:00:00+07:00", .inTime),
            ("2025-09-01T18:00:00+07:00", "2025-09-02T19:01:00+07:00", "2025-09-02T19:00:00+07:00", .late),
            ("2025-09-01T00:05:00+07:00", "2025-09-01T19:00:00+07:00", "2025-09-01T19:00:00+07:00", .inTime),
            ("2025-09-01T23:59:59+07:00", "2025-09-02T19:00:01+07:00", "2025-09-02T19:00:00+07:00", .late),
        ])
    func lazadaCycle(chat: String, reply: String, deadline: String, expected: RateEvaluation.State) {
        let ruleSet = F.ruleSet("lazada/TH@2020-06-25")
        let timelines = [F.conversation("c", F.buyer(F.at(chat)), F.seller(F.at(reply)))]
        let evaluation = F.evaluate(ruleSet, timelines, asOf: F.at("2025-09-05T00:00:00+07:00"))
        #expect(evaluation.chats.map(\.deadline) == [F.at(deadline)])
        #expect(F.states(evaluation) == [expected])
    }

    @Test("Lazada's cycle is read in the market's own zone")
    func lazadaZones() {
        let ruleSet = F.ruleSet("lazada/PH@2020-06-25")
        let timelines = [F.conversation("c", F.buyer(F.at("2025-09-01T17:30:00+08:00")))]
        let evaluation = F.evaluate(ruleSet, timelines, asOf: F.at("2025-09-05T00:00:00+08:00"))
        #expect(evaluation.chats.map(\.deadline) == [F.at("2025-09-01T19:00:00+08:00")])
    }

    @Test("auto-replies never answer a chat, in any rule set", arguments: F.allMetrics)
    func autoRepliesNeverCount(pair: String) {
        let (ruleSet, metric) = F.split(pair)
        let timelines = [
            // The buyer writes again after the auto-reply, so no automation exclusion applies either.
            F.conversation("c", F.buyer(F.base), F.seller(F.base + F.minute, .autoReply, "We'll be right back!"), F.buyer(F.base + 2 * F.minute)),
            F.conversation("d", F.buyer(F.base), F.seller(F.base + F.minute, .autoReply), F.seller(F.base + 30 * F.minute, .agent)),
        ]
        let evaluation = F.evaluate(ruleSet, metric: metric, timelines, asOf: F.base + 3 * F.day)
        #expect(F.states(evaluation) == [.missed, .inTime])
        #expect(evaluation.chats.map(\.answeredAt) == [nil, F.base + 30 * F.minute])
    }

    @Test("quick replies count wherever agents' replies do", arguments: F.allMetrics)
    func quickRepliesCount(pair: String) {
        let (ruleSet, metric) = F.split(pair)
        let timelines = [F.conversation("c", F.buyer(F.base), F.seller(F.base + F.minute, .quickReply, "Thanks for asking, it ships today."))]
        #expect(F.states(F.evaluate(ruleSet, metric: metric, timelines, asOf: F.base + 3 * F.day)) == [.inTime])
    }

    @Test("TikTok Shop US: a small-talk-only reply does not answer the chat", arguments: ["Hi!", "hello", "ok 👍", "Thank you", "🙏"])
    func smallTalkUS(text: String) {
        let ruleSet = F.ruleSet("tiktok-shop/US@2024-01-01")
        let answer = F.base + 25 * F.hour
        let timelines = [
            F.conversation(
                "small-talk-then-late", F.buyer(F.base), F.seller(F.base + F.minute, .agent, text), F.seller(answer, .agent, "It ships Monday.")),
            F.conversation("small-talk-only", F.buyer(F.base), F.seller(F.base + F.minute, .quickReply, text)),
        ]
        let evaluation = F.evaluate(ruleSet, timelines, asOf: F.base + 2 * F.day)
        #expect(F.states(evaluation) == [.late, .missed])
        #expect(evaluation.chats[0].answeredAt == answer)
    }

    @Test(
        "outside TikTok Shop US a greeting is a reply",
        arguments: ["tiktok-shop/TH@2025-08-15", "shopee/TH@2024-01-01", "lazada/TH@2020-06-25", "facebook/*@2024-01-01"])
    func smallTalkElsewhere(id: String) {
        let timelines = [F.conversation("c", F.buyer(F.base), F.seller(F.base + F.minute, .agent, "Hi!"))]
        #expect(F.states(F.evaluate(F.ruleSet(id), timelines, asOf: F.base + 2 * F.day)) == [.inTime])
    }

    @Test(
        "TikTok Shop US warns below 90% and is below its bound under 85%",
        arguments: [
            (9, 1, RateSummary.Status.ok), (7, 1, .warning), (17, 3, .warning), (5, 1, .below),
        ])
    func usLevels(inTime: Int, late: Int, expected: RateSummary.Status) {
        let ruleSet = F.ruleSet("tiktok-shop/US@2024-01-01")
        let timelines = (0..<(inTime + late)).map { index in
            F.conversation("c\(index)", F.buyer(F.base), F.seller(F.base + (index < inTime ? F.hour : 30 * F.hour), .agent, "It ships today."))
        }
        let evaluation = F.evaluate(ruleSet, timelines, asOf: F.base + 2 * F.day)
        #expect(evaluation.summary.status == expected)
    }

    @Test("the 2024 SEA rules grade one set of chats on two metrics with their own deadlines and targets")
    func twoMetrics() {
        let ruleSet = F.ruleSet("tiktok-shop/ID@2024-01-01")
        let timelines = [
            F.conversation("fast", F.buyer(F.base), F.seller(F.base + F.hour)),
            F.conversation("slow", F.buyer(F.base), F.seller(F.base + 30 * F.hour)),
        ]
        let first = F.evaluate(ruleSet, metric: ruleSet.metric(named: "first_response_24h"), timelines, asOf: F.base + 3 * F.day)
        let second = F.evaluate(ruleSet, metric: ruleSet.metric(named: "response_48h"), timelines, asOf: F.base + 3 * F.day)
        #expect(first.metric == "first_response_24h")
        #expect(F.states(first) == [.inTime, .late])
        #expect(first.summary.threshold == 0.85)
        #expect(F.states(second) == [.inTime, .inTime])
        #expect(second.summary.threshold == 0.95)
    }
}
