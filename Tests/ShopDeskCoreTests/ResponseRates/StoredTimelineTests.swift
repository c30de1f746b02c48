import Foundation
import Testing

@testable import ShopDeskCore

@Suite("Stored messages as rate events, and how far back to read them")
struct StoredTimelineTests {
    typealias F = SLAFixtures
    typealias Stored = (direction: Message.Direction, senderKind: Message.SenderKind, at: Date, text: String?)

    static func at(_ instant: Int64) -> Date { SLATime.date(instant) }

    static func timeline(sellerInitiated: Bool = false, buyerBlockedAt: Date? = nil, _ messages: [Stored]) -> ChatTimeline {
        ChatTimeline(conversation: Conversation.ID("c1"), sellerInitiated: sellerInitiated, buyerBlockedAt: buyerBlockedAt, messages: messages)
    }

    @Test("buyer messages and seller-side replies become events; a block is added at its time")
    func mapping() {
        let timeline = Self.timeline(
            buyerBlockedAt: Self.at(F.base + 5 * F.hour),
            [
                (.inbound, .buyer, Self.at(F.base), "Is this in stock?"),
                (.outbound, .autoReply, Self.at(F.base + F.minute), "We will reply soon"),
                (.outbound, .chatbot, Self.at(F.base + 2 * F.minute), nil),
                (.outbound, .agent, Self.at(F.base + F.hour), "Yes, two left."),
            ])
        #expect(timeline.conversation == Conversation.ID("c1"))
        #expect(
            timeline.events == [
                F.buyer(F.base, "Is this in stock?"),
                F.seller(F.base + F.minute, .autoReply, "We will reply soon"),
                F.seller(F.base + 2 * F.minute, .chatbot, nil),
                F.seller(F.base + F.hour, .agent, "Yes, two left."),
                ChatTimeline.Event(at: F.base + 5 * F.hour, .buyerBlocked),
            ])
    }

    @Test("notes and system messages are not messages to the buyer and are left out")
    func notesSkipped() {
        let timeline = Self.timeline([
            (.inbound, .buyer, Self.at(F.base), "Hello?"),
            (.note, .agent, Self.at(F.base + F.minute), "VIP, answer first"),
            (.outbound, .system, Self.at(F.base + 2 * F.minute), "Order shipped"),
            (.outbound, .agent, Self.at(F.base + F.hour), "Hi!"),
        ])
        #expect(timeline.events == [F.buyer(F.base, "Hello?"), F.seller(F.base + F.hour, .agent, "Hi!")])
    }

    @Test(
        "a conversation whose first message is the seller's was started by the seller",
        arguments: [
            Message.SenderKind.agent, .autoReply, .chatbot,
        ])
    func derivedSellerInitiated(sender: Message.SenderKind) {
        let timeline = Self.timeline([
            (.outbound, sender, Self.at(F.base), "Flash sale today!"),
            (.inbound, .buyer, Self.at(F.base + F.hour), "How much?"),
        ])
        #expect(timeline.events.first == ChatTimeline.Event(at: F.base, .sellerInitiated))
        #expect(timeline.events.count == 3)
        // The buyer's answer to it is then no customer-initiated chat.
        let evaluation = F.evaluate(F.ruleSet("tiktok-shop/TH@2025-08-15"), [timeline], asOf: F.base + F.day)
        #expect(evaluation.chats.map(\.exclusion) == [.sellerInitiated])
    }

    @Test("the stored flag marks the conversation seller-started at its first message, even when the buyer wrote first")
    func storedSellerInitiated() {
        let timeline = Self.timeline(
            sellerInitiated: true,
            [
                (.inbound, .buyer, Self.at(F.base + F.hour), "How much?"),
                (.inbound, .buyer, Self.at(F.base), "Hi"),
            ])
        #expect(
            timeline.events == [
                ChatTimeline.Event(at: F.base, .sellerInitiated), F.buyer(F.base, "Hi"), F.buyer(F.base + F.hour, "How much?"),
            ])
    }

    @Test(
        "a note or a system message first does not make the seller the starter",
        arguments: [
            (Message.Direction.note, Message.SenderKind.agent), (.outbound, .system),
        ])
    func notSellerInitiated(direction: Message.Direction, sender: Message.SenderKind) {
        let timeline = Self.timeline([
            (direction, sender, Self.at(F.base), "Before the buyer wrote"),
            (.inbound, .buyer, Self.at(F.base + F.hour), "Hello?"),
        ])
        #expect(!timeline.events.contains { $0.kind == .sellerInitiated })
        #expect(timeline.events == [F.buyer(F.base + F.hour, "Hello?")])
    }

    @Test("events are in time order, messages of one instant in the given order")
    func ordered() {
        let timeline = Self.timeline(
            buyerBlockedAt: Self.at(F.base - F.hour),
            [
                (.outbound, .agent, Self.at(F.base + F.hour), "Second"),
                (.inbound, .buyer, Self.at(F.base), "First"),
                (.outbound, .agent, Self.at(F.base), "Same instant, after it"),
            ])
        #expect(
            timeline.events == [
                ChatTimeline.Event(at: F.base - F.hour, .buyerBlocked), F.buyer(F.base, "First"),
                F.seller(F.base, .agent, "Same instant, after it"), F.seller(F.base + F.hour, .agent, "Second"),
            ])
    }

    @Test(
        "stored messages are read back the longest window plus the longest deadline",
        arguments: [
            ("tiktok-shop/TH@2025-08-15", 30 * F.day + 12 * F.hour),
            ("tiktok-shop/TH@2024-01-01", 30 * F.day + 48 * F.hour),
            ("shopee/TH@2024-01-01", 90 * F.day + 12 * F.hour),
            ("lazada/TH@2020-06-25", 7 * F.day + 26 * F.hour),
        ])
    func lookback(id: String, milliseconds: Int64) {
        let ruleSet = F.ruleSet(id)
        #expect(ruleSet.lookback == TimeInterval(milliseconds) / 1000)
        let asOf = Self.at(F.base)
        #expect(ruleSet.lookbackStart(asOf: asOf) == asOf.addingTimeInterval(-ruleSet.lookback))
    }

    @Test("the lookback covers every chat's real deadline, daylight saving included", arguments: F.allMetrics)
    func lookbackCoversDeadlines(pair: String) {
        let (ruleSet, metric) = F.split(pair)
        // A zone with daylight saving, around its changes, at every quarter hour of the day.
        let zone = TimeZone(identifier: "America/Los_Angeles")!
        for day in [F.at("2025-03-08T00:00:00-08:00"), F.at("2025-11-01T00:00:00-07:00")] {
            for start in stride(from: day, to: day + 3 * F.day, by: Int(15 * F.minute)) {
                let wait = metric.deadline.deadline(forChatStartedAt: start, in: zone) - start
                #expect(TimeInterval(metric.windowMilliseconds + wait) / 1000 <= ruleSet.lookback, "\(pair) at \(start)")
            }
        }
    }
}
