import Foundation

/// Everything a waiting conversation's live deadline follows on one channel account: the workspace's own
/// policy and, where the platform grades the shop, the platform's response-rate rules with the shop's
/// calendar facts. The deadline is the earliest of them (`ConversationState.withDeadline(rules:)`), so a
/// platform rule stricter than the workspace's target is never breached without warning.
public struct DeadlineRules: Sendable, Hashable {
    public var policy: ServiceLevelPolicy
    /// Nil where no platform rule set grades the account (the workspace's policy alone applies).
    public var platform: PlatformClock?

    public init(policy: ServiceLevelPolicy, platform: PlatformClock? = nil) {
        self.policy = policy
        self.platform = platform
    }
}

/// Which rule a live deadline comes from: the workspace's policy or one metric of a platform rule set.
public enum DeadlineRule: Sendable, Hashable, CustomStringConvertible {
    case workspacePolicy
    case platform(RuleSet.ID, metric: String)

    /// `workspace`, or the rule set and metric, e.g. `tiktok-shop/TH@2025-08-15 response_rate_12h`.
    public var description: String {
        switch self {
        case .workspacePolicy: "workspace"
        case .platform(let id, let metric): "\(id) \(metric)"
        }
    }

    /// Reads `description` back; nil for text that names no rule.
    public init?(_ text: String) {
        if text == "workspace" {
            self = .workspacePolicy
            return
        }
        let parts = text.split(separator: " ")
        guard parts.count == 2, let reference = try? RuleSet.Reference(parsing: String(parts[0])),
            let date = reference.effectiveFrom
        else { return nil }
        self = .platform(RuleSet.ID(platform: reference.platform, market: reference.market, effectiveFrom: date), metric: String(parts[1]))
    }
}

extension DeadlineRule: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let rule = DeadlineRule(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown deadline rule '\(text)'"))
        }
        self = rule
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.description)
    }
}

/// The platform's clock for one channel account: every version of the response-rate rule set of its
/// platform and market (the same `RuleSetCatalog` the reports evaluate) and the calendar facts its
/// exclusions read. It says when a chat that opened at a given time must be answered to count.
public struct PlatformClock: Sendable, Hashable {
    /// The versions, oldest first; the one in force on the chat's local start day applies.
    public var versions: [RuleSet]
    public var context: SLAContext

    /// The clock of an account on `platform` in `market`, or nil when no platform rule set grades it (the
    /// catalog's workspace targets for social channels are the workspace's own, not the platform's).
    public init?(catalog: RuleSetCatalog = .standard, platform: Platform, market: String, context: SLAContext) {
        let versions = Self.versions(catalog: catalog, platform: platform, market: market)
        guard !versions.isEmpty else { return nil }
        self.versions = versions
        self.context = context
    }

    /// The platform's rule sets for `market` (or for every market when it has none of its own), oldest first.
    public static func versions(catalog: RuleSetCatalog = .standard, platform: Platform, market: String) -> [RuleSet] {
        var versions = catalog.versions(platform: platform, market: market)
        if versions.isEmpty { versions = catalog.versions(platform: platform, market: RuleSet.anyMarket) }
        return versions.filter(\.gradesShop)
    }

    /// The version in force on the local day of `instant`.
    public func ruleSet(at instant: Date) -> RuleSet? {
        let day = SLATime.local(SLATime.milliseconds(instant), in: self.context.timeZone).day
        return self.versions.last { $0.id.effectiveFrom <= day }
    }

    /// Whether a reply of greetings or thanks alone answers the buyer at `instant`: false when any metric
    /// in force says it does not (TikTok Shop US, platforms.md §1.1), so the desk keeps the buyer waiting
    /// exactly as the platform does.
    public func smallTalkAnswers(at instant: Date) -> Bool {
        self.ruleSet(at: instant)?.metrics.allSatisfy(\.smallTalkCounts) ?? true
    }

    /// The earliest deadline among the metrics that count a chat which opened at `start`, with the rule it
    /// comes from; nil when every metric leaves the chat out.
    ///
    /// Exclusions known when the chat opens apply: holiday mode and public holidays (from `context`), and a
    /// chat that answers the seller's own first message (`sellerInitiated`). Automation exclusions
    /// (`resolvedByAutomation`, `handledByChatbot`) are only settled at the deadline, so a live chat still
    /// counts, which is also the safe reading. A blocked buyer's chats are left out by the reports, but a
    /// buyer blocked while waiting keeps the deadline here: the safe reading, as blocking is rare and the
    /// warning costs nothing.
    public func due(chatStartedAt start: Date, sellerInitiated: Bool) -> (deadline: Date, rule: DeadlineRule)? {
        guard let ruleSet = self.ruleSet(at: start) else { return nil }
        let instant = SLATime.milliseconds(start)
        var best: (deadline: Date, rule: DeadlineRule)?
        for metric in ruleSet.metrics {
            let excluded =
                (metric.exclusions.contains(.holidayMode) && self.context.isInHolidayMode(instant))
                || (metric.exclusions.contains(.publicHoliday) && self.context.isPublicHoliday(instant))
                || (metric.exclusions.contains(.sellerInitiated) && sellerInitiated)
            guard !excluded else { continue }
            let deadline = SLATime.date(metric.deadline.deadline(forChatStartedAt: instant, in: self.context.timeZone))
            if best.map({ deadline < $0.deadline }) ?? true {
                best = (deadline, .platform(ruleSet.id, metric: metric.name))
            }
        }
        return best
    }
}
