import Foundation

/// The known rule sets, every version of each, and the choice of the one in force at a time.
public struct RuleSetCatalog: Sendable {
    public let ruleSets: [RuleSet]

    public init(_ ruleSets: [RuleSet]) {
        self.ruleSets = ruleSets.sorted { $0.id < $1.id }
    }

    /// The exact version.
    public func ruleSet(_ id: RuleSet.ID) -> RuleSet? {
        self.ruleSets.first { $0.id == id }
    }

    /// Every version for a platform and market (or for every market, `*`), oldest first.
    public func versions(platform: Platform, market: String) -> [RuleSet] {
        self.ruleSets.filter { $0.platform == platform && $0.id.market == market }
    }

    /// The version in force at `asOf` on the shop's local calendar (in `timeZone`, by default the
    /// market's zone, else UTC): the latest whose effective date is on or before that day. A market
    /// without rule sets of its own falls back to the platform's `*` rule sets.
    public func resolve(platform: Platform, market: String, asOf: Int64, timeZone: TimeZone? = nil) -> RuleSet? {
        let zone = timeZone ?? Market.zone(for: market) ?? TimeZone(identifier: "UTC")!
        let today = SLATime.local(asOf, in: zone).day
        var candidates = self.versions(platform: platform, market: market)
        if candidates.isEmpty {
            candidates = self.versions(platform: platform, market: RuleSet.anyMarket)
        }
        return candidates.last { $0.id.effectiveFrom <= today }
    }

    public func resolve(platform: Platform, market: String, asOf: Date, timeZone: TimeZone? = nil) -> RuleSet? {
        self.resolve(platform: platform, market: market, asOf: SLATime.milliseconds(asOf), timeZone: timeZone)
    }

    /// The rule set a reference names: its exact version when it has a date, else the one in force at
    /// `asOf`. The error says which versions exist.
    public func resolve(_ reference: RuleSet.Reference, asOf: Int64, timeZone: TimeZone? = nil) throws(ValidationError) -> RuleSet {
        var versions = self.versions(platform: reference.platform, market: reference.market)
        var market = reference.market
        if versions.isEmpty {
            versions = self.versions(platform: reference.platform, market: RuleSet.anyMarket)
            market = RuleSet.anyMarket
        }
        guard !versions.isEmpty else {
            let markets = Set(self.ruleSets.filter { $0.platform == reference.platform }.map(\.id.market)).sorted()
            throw ValidationError(
                field: "ruleset",
                message:
                    "no rule set for \(reference.platform.rawValue)/\(reference.market); markets with rule sets: \(markets.joined(separator: ", "))"
            )
        }
        let known = versions.map(\.id.description).joined(separator: ", ")
        if let date = reference.effectiveFrom {
            let id = RuleSet.ID(platform: reference.platform, market: market, effectiveFrom: date)
            guard let ruleSet = self.ruleSet(id) else {
                throw ValidationError(field: "ruleset", message: "unknown rule set \(reference); known versions: \(known)")
            }
            return ruleSet
        }
        guard let ruleSet = self.resolve(platform: reference.platform, market: reference.market, asOf: asOf, timeZone: timeZone) else {
            throw ValidationError(
                field: "ruleset",
                message:
                    "no version of \(reference) is in force at \(SLATime.format(asOf, in: timeZone ?? TimeZone(identifier: "UTC")!)); known versions: \(known)"
            )
        }
        return ruleSet
    }
}
