import Testing

@testable import ShopDeskCore

@Suite("Chats from conversation timelines")
struct ChatBuilderTests {
    typealias F = SLAFixtures
    let ruleSet = F.ruleSet("tiktok-shop/TH@2025-08-15")

    @Test("buyer messages while a chat is open belong to it; the first counting reply closes it")
    func chatBoundaries() {
        let timeline = F.conversation(
            "c1", F.buyer(F.base), F.buyer(F.base + F.minute), F.seller(F.base + F.hour), F.buyer(F.base + 2 * F.hour),
            F.seller(F.base + 3 * F.hour), F.seller(F.base + 4 * F.hour)
        )
        let evaluation = F.evaluate(self.ruleSet, [timeline], asOf: F.base + F.day)
        #expect(evaluation.chats.map(\.startedAt) == [F.base, F.base + 2 * F.hour])
        #expect(evaluation.chats.map(\.answeredAt) == [F.base + F.hour, F.base + 3 * F.hour])
        #expect(evaluation.summary.inTime == 2)
    }

    @Test("events may come in any order; equal times keep the given order")
    func unordered() {
        let ordered = F.conversation("c1", F.buyer(F.base), F.seller(F.base + F.hour), F.buyer(F.base + 2 * F.hour))
        let shuffled = F.conversation("c1", F.buyer(F.base + 2 * F.hour), F.seller(F.base + F.hour), F.buyer(F.base))
        let asOf = F.base + F.day
        #expect(F.evaluate(self.ruleSet, [ordered], asOf: asOf) == F.evaluate(self.ruleSet, [shuffled], asOf: asOf))
        let sameInstant = F.conversation("c1", F.buyer(F.base), F.seller(F.base))
        #expect(F.states(F.evaluate(self.ruleSet, [sameInstant], asOf: asOf)) == [.inTime])
    }

    @Test("events after the evaluation time are not known yet")
    func futureEvents() {
        let timeline = F.conversation("c1", F.buyer(F.base), F.seller(F.base + 2 * F.hour), F.buyer(F.base + 3 * F.hour))
        let evaluation = F.evaluate(self.ruleSet, [timeline], asOf: F.base + F.hour)
        #expect(F.states(evaluation) == [.pending])
        #expect(evaluation.chats[0].answeredAt == nil)
    }

    @Test("seller messages with no open chat, and chats started outside the window, are ignored")
    func outsideChats() {
        let timeline = F.conversation(
            "c1", F.seller(F.base - 40 * F.day), F.buyer(F.base - 31 * F.day), F.seller(F.base - 31 * F.day + F.hour), F.buyer(F.base)
        )
        let evaluation = F.evaluate(self.ruleSet, [timeline], asOf: F.base + F.hour)
        #expect(evaluation.chats.map(\.startedAt) == [F.base])
    }

    @Test("the window includes its end and excludes its start")
    func windowEdges() {
        let asOf = F.base + 30 * F.day
        let timelines = [
            F.conversation("old", F.buyer(F.base), F.seller(F.base + F.minute)),
            F.conversation("first", F.buyer(F.base + 1), F.seller(F.base + F.minute)),
            F.conversation("last", F.buyer(asOf)),
        ]
        let evaluation = F.evaluate(self.ruleSet, timelines, asOf: asOf)
        #expect(evaluation.chats.map(\.conversation.rawValue) == ["first", "last"])
        #expect(F.states(evaluation) == [.inTime, .pending])
    }

    @Test("chat lists are ordered by start time across conversations")
    func ordering() {
        let timelines = [
            F.conversation("b", F.buyer(F.base + 2 * F.hour)),
            F.conversation("a", F.buyer(F.base + F.hour), F.seller(F.base + 90 * F.minute), F.buyer(F.base + 3 * F.hour)),
        ]
        let list = ChatBuilder.build(
            metric: self.ruleSet.primaryMetric, timelines: timelines, context: SLAContext(timeZone: F.zone(for: self.ruleSet)), asOf: F.base + F.day)
        #expect(list.chats.map(\.startedAt) == [F.base + F.hour, F.base + 2 * F.hour, F.base + 3 * F.hour])
        #expect(list.chats.map { list.conversations[Int($0.conversation)].rawValue } == ["a", "b", "a"])
    }

    @Test("a chat keeps to 32 bytes so a million of them stay compact")
    func compact() {
        #expect(MemoryLayout<Chat>.stride == 32)
    }
}
