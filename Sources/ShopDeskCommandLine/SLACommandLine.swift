import Foundation
import ShopDeskCore

/// `shopdesk sla evaluate` without the process around it: flags and standard input in, the JSON report
/// or the error lines out. The executable only reads stdin and prints.
public enum SLACommandLine {
    public struct Arguments: Sendable, Hashable {
        /// `platform/MARKET` or `platform/MARKET@YYYY-MM-DD`.
        public var ruleSet: String
        /// RFC 3339 with offset.
        public var asOf: String
        /// Default: the rule set's primary metric.
        public var metric: String?
        /// IANA zone; default: the market's zone, or UTC for `*` rule sets.
        public var timeZone: String?

        public init(ruleSet: String, asOf: String, metric: String? = nil, timeZone: String? = nil) {
            self.ruleSet = ruleSet
            self.asOf = asOf
            self.metric = metric
            self.timeZone = timeZone
        }
    }

    /// Why the command failed: each case is printed as lines on stderr, and the exit code is 2.
    public enum Failure: Error, Sendable, Hashable {
        /// A bad flag or an unknown rule set or metric.
        case usage(String)
        case malformedInput([SLAEventLog.LineError])

        public var lines: [String] {
            switch self {
            case .usage(let message): [message]
            case .malformedInput(let errors): errors.map(\.description)
            }
        }
    }

    /// Evaluates the events in `input` and returns the report.
    public static func evaluate(
        _ arguments: Arguments, input: String, catalog: RuleSetCatalog = .standard
    ) throws(Failure) -> String {
        let reference: RuleSet.Reference
        do {
            reference = try RuleSet.Reference(parsing: arguments.ruleSet)
        } catch {
            throw .usage(error.message)
        }
        guard let asOf = SLATime.parse(arguments.asOf) else {
            throw .usage("bad --as-of '\(arguments.asOf)': expected RFC 3339 with offset, e.g. 2025-09-01T12:00:00+07:00")
        }
        let marketZone = Market.zone(for: reference.market)
        let zone: TimeZone
        if let name = arguments.timeZone {
            do {
                zone = try Market.timeZone(named: name)
            } catch {
                throw .usage("unknown --timezone '\(name)': expected an IANA zone such as Asia/Bangkok")
            }
        } else {
            zone = marketZone ?? TimeZone(identifier: "UTC")!
        }
        let ruleSet: RuleSet
        do {
            ruleSet = try catalog.resolve(reference, asOf: asOf, timeZone: zone)
        } catch {
            throw .usage(error.message)
        }
        // Rules for every market (`*`) have no zone of their own; a market's rules need the market's.
        if arguments.timeZone == nil, marketZone == nil, ruleSet.id.market != RuleSet.anyMarket {
            throw .usage("no default time zone for market \(reference.market): give --timezone")
        }
        let metric: RuleSet.Metric
        if let name = arguments.metric {
            guard let named = ruleSet.metric(named: name) else {
                throw .usage("rule set \(ruleSet.id) has no metric '\(name)'; its metrics: \(ruleSet.metrics.map(\.name).joined(separator: ", "))")
            }
            metric = named
        } else {
            metric = ruleSet.primaryMetric
        }
        let log: SLAEventLog
        do {
            log = try SLAEventLog.parse(input)
        } catch {
            throw .malformedInput(error.errors)
        }
        let chats = ChatBuilder.build(metric: metric, timelines: log.timelines, context: log.context(timeZone: zone), asOf: asOf)
        let evaluation = RateEvaluator.evaluate(ruleSet: ruleSet.id, metric: metric, chats: chats, asOf: asOf)
        return JSONWriter.text(SLAReport.json(evaluation, timeZone: zone), layout: .readable)
    }
}
