import Foundation
import Testing

@testable import ShopDeskCore

@Suite("Shopee recent-weighted chat response rate")
struct ShopeeWeightingTests {
    typealias F = SLAFixtures
    let ruleSet = F.ruleSet("shopee/TH@2024-01-01")

    /// Chats an hour apart, oldest first; true where answered in time, false where missed.
    func evaluate(_ answered: [Bool]) -> RateEvaluation {
        let timelines = answered.enumerated().map { index, inTime in
            let start = F.base + Int64(index) * F.hour
            return inTime
                ? F.conversation("c\(index)", F.buyer(start), F.seller(start + F.minute))
                : F.conversation("c\(index)", F.buyer(start))
        }
        return F.evaluate(self.ruleSet, timelines, asOf: F.base + 10 * F.day)
    }

    @Test(
        "0.5 × the rate over all chats + 0.5 × the rate over the most recent quarter, rounded up",
        arguments: [
            // 4 chats: the most recent 1. All 3/4, recent 0/1.
            ([true, true, true, false], 0.375),
            // 4 chats, the miss oldest: all 3/4, recent 1/1.
            ([false, true, true, true], 0.875),
            // 5 chats: the most recent 2. All 4/5, recent 1/2.
            ([true, true, true, true, false], 0.65),
            // 5 chats: all 3/5, recent 2/2.
            ([false, false, true, true, true], 0.8),
            // 8 chats: the most recent 2. All 6/8, recent 2/2.
            ([false, false, true, true, true, true, true, true], 0.875),
            // 8 chats: all 6/8, recent 0/2.
            ([true, true, true, true, true, true, false, false], 0.375),
            // 8 chats: all 7/8, recent 1/2.
            ([true, true, true, true, true, true, true, false], 0.6875),
        ])
    func weighting(answered: [Bool], expected: Double) throws {
        let rate = try #require(self.evaluate(answered).summary.rate)
        #expect(abs(rate - expected) < 1e-12)
    }

    @Test("57% while fewer than 2 chats are eligible", arguments: [[], [true], [false]])
    func defaultRate(answered: [Bool]) {
        let summary = self.evaluate(answered).summary
        #expect(summary.rate == 0.57)
        #expect(summary.status == .below)
    }

    @Test("two chats are enough for a real rate")
    func twoChats() {
        #expect(self.evaluate([true, true]).summary.rate == 1.0)
    }

    @Test("most recent means by chat start, not by answer time")
    func recentByStart() throws {
        // The older chat is answered last; the newer one is missed. Recent quarter (1 of 4): the newest chat.
        let timelines = [
            F.conversation("a", F.buyer(F.base), F.seller(F.base + F.minute)),
            F.conversation("b", F.buyer(F.base + F.hour), F.seller(F.base + F.hour + F.minute)),
            F.conversation("c", F.buyer(F.base + 2 * F.hour), F.seller(F.base + 11 * F.hour)),
            F.conversation("d", F.buyer(F.base + 3 * F.hour)),
        ]
        let rate = try #require(F.evaluate(self.ruleSet, timelines, asOf: F.base + 2 * F.day).summary.rate)
        #expect(abs(rate - 0.375) < 1e-12)
    }

    @Test("chats pending are outside both parts of the rate")
    func pendingOutside() throws {
        let timelines = [
            F.conversation("a", F.buyer(F.base), F.seller(F.base + F.minute)),
            F.conversation("b", F.buyer(F.base + F.hour), F.seller(F.base + F.hour + F.minute)),
            F.conversation("c", F.buyer(F.base + 2 * F.hour)),
        ]
        let summary = F.evaluate(self.ruleSet, timelines, asOf: F.base + 3 * F.hour).summary
        #expect(summary.rate == 1.0)
        #expect(summary.pending == 1)
    }
}
