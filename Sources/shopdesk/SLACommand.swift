import ArgumentParser
import Foundation
import ShopDeskCommandLine
import ShopDeskCore

/// `shopdesk sla …`: platform response-rate rules, evaluated offline.
struct SLA: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sla",
        abstract: "Platform response-rate rules.",
        subcommands: [Evaluate.self]
    )

    struct Evaluate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Evaluate a response-rate rule set over JSONL events read from standard input; prints JSON.",
            discussion: """
                Each input line is one event: buyer_message, seller_message (sender agent, quick_reply, \
                auto_reply or chatbot), seller_initiated, buyer_blocked, holiday_mode or public_holiday. \
                Times in the output are RFC 3339 in the time zone used. Bad flags, an unknown rule set \
                or malformed lines (reported with their line numbers) end with exit code 2.
                """
        )

        // Optional so that a missing or bad value is reported by `run` with exit code 2, like every other input error.
        @Option(help: "Required. Rule set: platform/MARKET (version in force at --as-of) or platform/MARKET@YYYY-MM-DD, e.g. tiktok-shop/TH.")
        var ruleset: String?

        @Option(help: "Required. Evaluation time, RFC 3339 with offset, e.g. 2025-09-01T12:00:00+07:00. Later events are ignored.")
        var asOf: String?

        @Option(help: "Metric of a rule set with several (default: its first).")
        var metric: String?

        @Option(help: "IANA time zone for local-time rules and the output (default: the market's; UTC for */any).")
        var timezone: String?

        @Argument(parsing: .allUnrecognized, help: .hidden)
        var unrecognized: [String] = []

        func run() async throws {
            guard self.unrecognized.isEmpty else {
                throw inputFailure(["unexpected argument(s) \(self.unrecognized.joined(separator: " ")); see shopdesk sla evaluate --help"])
            }
            guard let ruleset = self.ruleset, let asOf = self.asOf else {
                throw inputFailure(["--ruleset and --as-of are required; see shopdesk sla evaluate --help"])
            }
            let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            let arguments = SLACommandLine.Arguments(ruleSet: ruleset, asOf: asOf, metric: self.metric, timeZone: self.timezone)
            do {
                print(try SLACommandLine.evaluate(arguments, input: input))
            } catch {
                throw inputFailure(error.lines)
            }
        }

    }
}
