import Foundation

/// One platform's response-rate rules for one market from one date: the metrics a shop is graded on.
///
/// Rule sets are data (`RuleSetCatalog.standard`), versioned by the local date they take effect, so an
/// evaluation of a past day uses the rules of that day.
public struct RuleSet: Sendable, Hashable, Identifiable {
    public var id: ID
    /// A human name, e.g. "TikTok Shop SEA 12-hour response rate".
    public var title: String
    /// The metrics, primary first.
    public var metrics: [Metric]
    /// Where the rules come from (platforms.md section, page, grade of the source).
    public var source: String
    /// True for a platform's rules, which grade the shop; false for the workspace's own target, which the
    /// catalog holds for channels no platform grades (it is the service-level policy's, not a platform's).
    public var gradesShop: Bool

    public init(id: ID, title: String, metrics: [Metric], source: String, gradesShop: Bool = true) {
        precondition(!metrics.isEmpty, "a rule set has at least one metric")
        self.id = id
        self.title = title
        self.metrics = metrics
        self.source = source
        self.gradesShop = gradesShop
    }

    public var platform: Platform { self.id.platform }

    /// The primary metric, evaluated when no other is named.
    public var primaryMetric: Metric { self.metrics[0] }

    public func metric(named name: String) -> Metric? {
        self.metrics.first { $0.name == name }
    }

    /// How long before an evaluation time stored messages must be read to evaluate every metric: the
    /// longest window, plus the longest wait for a deadline, because whether a buyer message inside the
    /// window opens a chat depends on an earlier chat that may still have been waiting for its answer.
    public var lookback: TimeInterval {
        let window = self.metrics.map(\.windowMilliseconds).max() ?? 0
        let wait = self.metrics.map(\.deadline.longestWait).max() ?? 0
        return TimeInterval(window + wait) / TimeInterval(SLATime.millisecondsPerSecond)
    }

    /// The earliest message an evaluation at `asOf` needs (`lookback` before it).
    public func lookbackStart(asOf: Date) -> Date {
        asOf.addingTimeInterval(-self.lookback)
    }

    /// Market `*`: a rule set that applies in every market.
    public static let anyMarket = "*"

    /// `platform/MARKET@YYYY-MM-DD`, e.g. `tiktok-shop/TH@2025-08-15` or `facebook/*@2024-01-01`.
    public struct ID: Sendable, Hashable, Comparable, CustomStringConvertible {
        public var platform: Platform
        /// ISO 3166-1 alpha-2 code, or `*` for every market.
        public var market: String
        /// The first local day (in the shop's time zone) the rules apply.
        public var effectiveFrom: SLADate

        public init(platform: Platform, market: String, effectiveFrom: SLADate) {
            self.platform = platform
            self.market = market
            self.effectiveFrom = effectiveFrom
        }

        public var description: String { "\(self.platform.rawValue)/\(self.market)@\(self.effectiveFrom)" }

        public static func < (lhs: ID, rhs: ID) -> Bool {
            (lhs.platform.rawValue, lhs.market, lhs.effectiveFrom) < (rhs.platform.rawValue, rhs.market, rhs.effectiveFrom)
        }
    }

    /// A rule set as a person names it: `platform/MARKET` (the version in force at a given time) or
    /// `platform/MARKET@YYYY-MM-DD` (that version).
    public struct Reference: Sendable, Hashable, CustomStringConvertible {
        public var platform: Platform
        public var market: String
        public var effectiveFrom: SLADate?

        public init(platform: Platform, market: String, effectiveFrom: SLADate? = nil) {
            self.platform = platform
            self.market = market
            self.effectiveFrom = effectiveFrom
        }

        /// Parses `platform/MARKET[@YYYY-MM-DD]`; the market is a two-letter code (any case) or `*`.
        public init(parsing text: String) throws(ValidationError) {
            let expected = "expected platform/MARKET or platform/MARKET@YYYY-MM-DD, e.g. tiktok-shop/TH@2025-08-15"
            guard let slash = text.firstIndex(of: "/") else {
                throw ValidationError(field: "ruleset", message: "bad rule set id '\(text)': \(expected)")
            }
            let platformName = String(text[..<slash])
            guard let platform = Platform(rawValue: platformName) else {
                throw ValidationError(
                    field: "ruleset",
                    message: "unknown platform '\(platformName)' in rule set id; expected one of "
                        + Platform.allCases.map(\.rawValue).joined(separator: ", ")
                )
            }
            let rest = text[text.index(after: slash)...]
            let marketPart = rest.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
            let market = marketPart[0].uppercased()
            guard market == RuleSet.anyMarket || (try? Market.validatedCode(market)) != nil else {
                throw ValidationError(field: "ruleset", message: "bad market '\(marketPart[0])' in rule set id '\(text)': \(expected)")
            }
            var effectiveFrom: SLADate?
            if marketPart.count == 2 {
                guard let date = SLADate(marketPart[1]) else {
                    throw ValidationError(field: "ruleset", message: "bad date '\(marketPart[1])' in rule set id '\(text)': \(expected)")
                }
                effectiveFrom = date
            }
            self.init(platform: platform, market: market, effectiveFrom: effectiveFrom)
        }

        public var description: String {
            "\(self.platform.rawValue)/\(self.market)" + (self.effectiveFrom.map { "@\($0)" } ?? "")
        }
    }
}
