import Foundation
import Testing

@testable import ShopDeskCore

@Suite("Chats left out of a rate")
struct ExclusionTests {
    typealias F = SLAFixtures
    static let tiktokSEA = "tiktok-shop/VN@2025-08-15"

    /// One scenario per exclusion: the conversations, the rule set that excludes it, and one that does not.
    struct Scenario: CustomTestStringConvertible, Sendable {
        var name: String
        var excludedBy: String
        var countedBy: String
        var exclusion: Chat.Exclusion
        var timeline: ChatTimeline
        var holidayMode: [SLAContext.Period] = []
        var publicHolidays: Set<SLADate> = []
        var testDescription: String { self.name }
    }

    static let scenarios: [Scenario] = [
        Scenario(
            name: "holiday mode (TikTok SEA)", excludedBy: tiktokSEA, countedBy: "shopee/VN@2024-01-01", exclusion: .holidayMode,
            timeline: F.conversation("c", F.buyer(F.base)),
            holidayMode: [SLAContext.Period(start: F.base - F.day, end: F.base + F.second)]
        ),
        Scenario(
            name: "holiday mode (Lazada)", excludedBy: "lazada/VN@2020-06-25", countedBy: "tiktok-shop/VN@2024-01-01", exclusion: .holidayMode,
            timeline: F.conversation("c", F.buyer(F.base)), holidayMode: [SLAContext.Period(start: F.base, end: nil)]
        ),
        Scenario(
            name: "public holiday (Lazada)", excludedBy: "lazada/VN@2020-06-25", countedBy: tiktokSEA, exclusion: .publicHoliday,
            timeline: F.conversation("c", F.buyer(F.base)), publicHolidays: [SLADate("2025-09-01")!]
        ),
        Scenario(
            name: "seller-initiated conversation", excludedBy: tiktokSEA, countedBy: "shopee/VN@2024-01-01", exclusion: .sellerInitiated,
            timeline: F.conversation(
                "c", ChatTimeline.Event(at: F.base - F.hour, .sellerInitiated), F.seller(F.base - F.hour, .agent, "Flash sale today!"),
                F.buyer(F.base)
            )
        ),
        Scenario(
            name: "blocked buyer", excludedBy: tiktokSEA, countedBy: "tiktok-shop/US@2024-01-01", exclusion: .blockedBuyer,
            timeline: F.conversation("c", F.buyer(F.base), ChatTimeline.Event(at: F.base + 2 * F.day, .buyerBlocked))
        ),
        Scenario(
            name: "resolved by an auto-reply", excludedBy: tiktokSEA, countedBy: "lazada/VN@2020-06-25", exclusion: .resolvedByAutomation,
            timeline: F.conversation("c", F.buyer(F.base), F.seller(F.base + F.minute, .autoReply, "Opening hours are 9-18."))
        ),
        Scenario(
            name: "resolved by the chatbot", excludedBy: tiktokSEA, countedBy: "shopee/VN@2024-01-01", exclusion: .resolvedByAutomation,
            timeline: F.conversation(
                "c", F.buyer(F.base), F.buyer(F.base + F.minute), F.seller(F.base + 2 * F.minute, .chatbot, "Order status: shipped."))
        ),
        Scenario(
            name: "handled only by the chatbot (TikTok US)", excludedBy: "tiktok-shop/US@2024-01-01", countedBy: "tiktok-shop/VN@2024-01-01",
            exclusion: .handledByChatbot,
            timeline: F.conversation("c", F.buyer(F.base), F.seller(F.base + F.minute, .chatbot, "Order status: shipped."))
        ),
    ]

    @Test("each exclusion leaves the chat out where the rule set says so, and only there", arguments: Self.scenarios)
    func exclusion(scenario: Scenario) {
        let asOf = F.base + 3 * F.day
        let excluded = F.evaluate(
            F.ruleSet(scenario.excludedBy), [scenario.timeline], asOf: asOf, holidayMode: scenario.holidayMode,
            publicHolidays: scenario.publicHolidays
        )
        #expect(F.states(excluded) == [.excluded])
        #expect(excluded.chats.map(\.exclusion) == [scenario.exclusion])
        #expect(excluded.summary.eligible == 0)
        #expect(excluded.summary.excluded == 1)
        let counted = F.evaluate(
            F.ruleSet(scenario.countedBy), [scenario.timeline], asOf: asOf, holidayMode: scenario.holidayMode,
            publicHolidays: scenario.publicHolidays
        )
        #expect(F.states(counted) == [.missed])
    }

    @Test("holiday mode covers chats started from when it is switched on until it is switched off")
    func holidayModeBounds() {
        let periods = SLAContext.holidayModePeriods(switches: [(F.base + F.hour, false), (F.base, true), (F.base + 2 * F.hour, true)])
        #expect(periods == [SLAContext.Period(start: F.base, end: F.base + F.hour), SLAContext.Period(start: F.base + 2 * F.hour, end: nil)])
        let timelines = [F.base - 1, F.base, F.base + F.hour - 1, F.base + F.hour].enumerated().map {
            F.conversation("c\($0.offset)", F.buyer($0.element))
        }
        let evaluation = F.evaluate(F.ruleSet(Self.tiktokSEA), timelines, asOf: F.base + F.day, holidayMode: periods)
        #expect(F.states(evaluation) == [.missed, .excluded, .excluded, .missed])
    }

    @Test("Lazada leaves out chats received on a public holiday, by local date, not those due on one")
    func publicHolidayLocalDate() {
        let ruleSet = F.ruleSet("lazada/TH@2020-06-25")
        let timelines = [
            F.conversation("eve", F.buyer(F.at("2025-09-01T18:30:00+07:00"))),
            F.conversation("holiday-start", F.buyer(F.at("2025-09-02T00:00:00+07:00"))),
            F.conversation("holiday-end", F.buyer(F.at("2025-09-02T23:59:59+07:00"))),
            F.conversation("after", F.buyer(F.at("2025-09-03T00:00:00+07:00"))),
        ]
        let evaluation = F.evaluate(ruleSet, timelines, asOf: F.at("2025-09-06T00:00:00+07:00"), publicHolidays: [SLADate("2025-09-02")!])
        #expect(F.states(evaluation) == [.missed, .excluded, .excluded, .missed])
    }

    @Test("after a seller-initiated chat is answered, the buyer's next question counts")
    func sellerInitiatedOnlyFirstChat() {
        let timeline = F.conversation(
            "c", ChatTimeline.Event(at: F.base - F.hour, .sellerInitiated), F.buyer(F.base), F.seller(F.base + F.hour), F.buyer(F.base + 2 * F.hour)
        )
        let evaluation = F.evaluate(F.ruleSet(Self.tiktokSEA), [timeline], asOf: F.base + F.day)
        #expect(F.states(evaluation) == [.excluded, .missed])
    }

    @Test("blocking the buyer after the evaluation time excludes nothing yet")
    func blockLater() {
        let timeline = F.conversation("c", F.buyer(F.base), ChatTimeline.Event(at: F.base + 2 * F.day, .buyerBlocked))
        let evaluation = F.evaluate(F.ruleSet(Self.tiktokSEA), [timeline], asOf: F.base + F.day)
        #expect(F.states(evaluation) == [.missed])
    }

    @Test(
        "automation resolves a chat only if the buyer does not write again before the deadline",
        arguments: [
            (Int64(11), RateEvaluation.State.missed), (13, .excluded),
        ])
    func automationThenBuyer(buyerAgainAfterHours: Int64, expected: RateEvaluation.State) {
        let timeline = F.conversation(
            "c", F.buyer(F.base), F.seller(F.base + F.minute, .autoReply, "Hello! We reply within a day."),
            F.buyer(F.base + buyerAgainAfterHours * F.hour)
        )
        let evaluation = F.evaluate(F.ruleSet(Self.tiktokSEA), [timeline], asOf: F.base + F.day)
        #expect(F.states(evaluation) == [expected])
    }

    @Test("a chat the automation may resolve stays pending until its deadline")
    func automationPending() {
        let timeline = F.conversation("c", F.buyer(F.base), F.seller(F.base + F.minute, .chatbot, "Tracking: …"))
        let ruleSet = F.ruleSet(Self.tiktokSEA)
        #expect(F.states(F.evaluate(ruleSet, [timeline], asOf: F.base + 12 * F.hour - 1)) == [.pending])
        #expect(F.states(F.evaluate(ruleSet, [timeline], asOf: F.base + 12 * F.hour)) == [.excluded])
    }

    @Test("a seller's reply in time after an automated one is simply in time")
    func automationThenAgent() {
        let timeline = F.conversation("c", F.buyer(F.base), F.seller(F.base + F.minute, .autoReply), F.seller(F.base + F.hour, .agent))
        #expect(F.states(F.evaluate(F.ruleSet(Self.tiktokSEA), [timeline], asOf: F.base + F.day)) == [.inTime])
    }

    @Test("TikTok US: once a person joins a chatbot chat, it is graded like any other")
    func chatbotThenPerson() {
        let timeline = F.conversation(
            "c", F.buyer(F.base), F.seller(F.base + F.minute, .chatbot), F.seller(F.base + 30 * F.hour, .agent, "Sorry for the wait: yes."))
        #expect(F.states(F.evaluate(F.ruleSet("tiktok-shop/US@2024-01-01"), [timeline], asOf: F.base + 2 * F.day)) == [.late])
    }
}
