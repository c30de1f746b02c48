import Foundation

@testable import ShopDeskCore

/// Builds conversations and evaluates them against catalog rule sets, for the service-level tests.
enum SLAFixtures {
    static let catalog = RuleSetCatalog.standard
    static let second: Int64 = 1000
    static let minute: Int64 = 60_000
    static let hour = SLATime.millisecondsPerHour
    static let day = SLATime.millisecondsPerDay

    /// An exact rule set version, e.g. "tiktok-shop/TH@2025-08-15".
    static func ruleSet(_ id: String) -> RuleSet {
        let reference = try! RuleSet.Reference(parsing: id)
        return self.catalog.ruleSet(RuleSet.ID(platform: reference.platform, market: reference.market, effectiveFrom: reference.effectiveFrom!))!
    }

    static func metric(_ id: String, _ name: String? = nil) -> RuleSet.Metric {
        let ruleSet = self.ruleSet(id)
        return name.map { ruleSet.metric(named: $0)! } ?? ruleSet.primaryMetric
    }

    static func zone(for ruleSet: RuleSet) -> TimeZone {
        Market.zone(for: ruleSet.id.market) ?? TimeZone(identifier: "UTC")!
    }

    /// Every (rule set, metric) in the catalog, as "id metric" for readable test arguments.
    static let allMetrics: [String] = catalog.ruleSets.flatMap { ruleSet in ruleSet.metrics.map { "\(ruleSet.id) \($0.name)" } }

    static func split(_ pair: String) -> (ruleSet: RuleSet, metric: RuleSet.Metric) {
        let parts = pair.split(separator: " ").map(String.init)
        return (self.ruleSet(parts[0]), self.metric(parts[0], parts[1]))
    }

    /// An instant from local RFC 3339 text.
    static func at(_ text: String) -> Int64 {
        guard let instant = SLATime.parse(text) else { fatalError("bad time \(text)") }
        return instant
    }

    /// 2025-09-01T10:00:00+07:00, after every rule set's effective date.
    static let base = at("2025-09-01T10:00:00+07:00")

    static func buyer(_ at: Int64, _ text: String? = "Is this in stock?") -> ChatTimeline.Event {
        ChatTimeline.Event(at: at, .buyerMessage(text: text))
    }

    static func seller(_ at: Int64, _ sender: Chat.Sender = .agent, _ text: String? = "Yes, two left.") -> ChatTimeline.Event {
        ChatTimeline.Event(at: at, .sellerMessage(sender, text: text))
    }

    static func conversation(_ id: String, _ events: ChatTimeline.Event...) -> ChatTimeline {
        ChatTimeline(conversation: Conversation.ID(id), events: events)
    }

    static func evaluate(
        _ ruleSet: RuleSet, metric: RuleSet.Metric? = nil, _ timelines: [ChatTimeline], asOf: Int64,
        holidayMode: [SLAContext.Period] = [], publicHolidays: Set<SLADate> = []
    ) -> RateEvaluation {
        let context = SLAContext(timeZone: self.zone(for: ruleSet), holidayMode: holidayMode, publicHolidays: publicHolidays)
        let metric = metric ?? ruleSet.primaryMetric
        let chats = ChatBuilder.build(metric: metric, timelines: timelines, context: context, asOf: asOf)
        return RateEvaluator.evaluate(ruleSet: ruleSet.id, metric: metric, chats: chats, asOf: asOf)
    }

    /// The states of the chats, in start order.
    static func states(_ evaluation: RateEvaluation) -> [RateEvaluation.State] {
        evaluation.chats.map(\.state)
    }
}
