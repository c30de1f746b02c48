import Foundation
import ShopDeskCommandLine
import ShopDeskCore
import Testing

@Suite("shopdesk sla evaluate")
struct SLACommandLineTests {
    /// The README's worked example ("Service levels"): its input, command and printed output.
    static func readme() throws -> (input: String, arguments: [String], output: String) {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let section = try #require(text.components(separatedBy: "## Service levels\n").dropFirst().first)
        func block(_ fence: String) throws -> String {
            let start = try #require(section.range(of: "```\(fence)\n"))
            let end = try #require(section.range(of: "\n```", range: start.upperBound..<section.endIndex))
            return String(section[start.upperBound..<end.lowerBound])
        }
        let command = try block("sh").split(separator: " ").map(String.init)
        return (try block("jsonl"), command, try block("json"))
    }

    @Test("the README example prints exactly what the README shows")
    func readmeExample() throws {
        let (input, command, output) = try Self.readme()
        #expect(command.prefix(5) == ["swift", "run", "shopdesk", "sla", "evaluate"])
        func flag(_ name: String) -> String? { command.firstIndex(of: name).map { command[$0 + 1] } }
        let arguments = SLACommandLine.Arguments(
            ruleSet: try #require(flag("--ruleset")), asOf: try #require(flag("--as-of")), metric: flag("--metric"), timeZone: flag("--timezone")
        )
        #expect(try SLACommandLine.evaluate(arguments, input: input) == output)
    }

    @Test("--metric picks one of a rule set's metrics, and the output names it")
    func metricFlag() throws {
        let input = """
            {"conversation":"c1","at":"2025-08-01T10:00:00+07:00","type":"buyer_message","text":"Hi, is it original?"}
            {"conversation":"c1","at":"2025-08-02T20:00:00+07:00","type":"seller_message","sender":"agent","text":"Yes, with warranty."}
            """
        let first = try SLACommandLine.evaluate(.init(ruleSet: "tiktok-shop/VN", asOf: "2025-08-10T00:00:00+07:00"), input: input)
        #expect(first.contains(#""ruleset": "tiktok-shop/VN@2024-01-01""#))
        #expect(first.contains(#""metric": "first_response_24h""#))
        #expect(first.contains(#""state": "late""#))
        let second = try SLACommandLine.evaluate(
            .init(ruleSet: "tiktok-shop/VN@2024-01-01", asOf: "2025-08-10T00:00:00+07:00", metric: "response_48h"), input: input
        )
        #expect(second.contains(#""metric": "response_48h""#))
        #expect(second.contains(#""state": "in_time""#))
    }

    @Test("--timezone changes the zone of local rules and of the printed times")
    func timeZoneFlag() throws {
        let input = #"{"conversation":"c1","at":"2025-09-01T10:00:00Z","type":"buyer_message"}"#
        let output = try SLACommandLine.evaluate(.init(ruleSet: "facebook/*", asOf: "2025-09-01T12:00:00Z", timeZone: "Asia/Manila"), input: input)
        #expect(output.contains(#""chat_started": "2025-09-01T18:00:00+08:00""#))
        let utc = try SLACommandLine.evaluate(.init(ruleSet: "facebook/*", asOf: "2025-09-01T12:00:00Z"), input: input)
        #expect(utc.contains(#""ruleset": "facebook/*@2024-01-01""#))
        #expect(utc.contains(#""chat_started": "2025-09-01T10:00:00Z""#))
    }

    @Test("an empty input has no rate, except where the rule set has a default")
    func emptyInput() throws {
        let tiktok = try SLACommandLine.evaluate(.init(ruleSet: "tiktok-shop/TH", asOf: "2025-09-02T12:00:00+07:00"), input: "")
        #expect(tiktok.contains(#""rate": null"#))
        #expect(tiktok.contains(#""status": "ok""#))
        #expect(tiktok.contains(#""conversations": []"#))
        let shopee = try SLACommandLine.evaluate(.init(ruleSet: "shopee/TH", asOf: "2025-09-02T12:00:00+07:00"), input: "\n")
        #expect(shopee.contains(#""rate": 0.57"#))
    }

    @Test(
        "malformed lines are reported with their line numbers",
        arguments: [
            ("{\"type\":\"buyer_message\",\"at\":\"2025-09-01T10:00:00Z\"}", "line 2: buyer_message needs \"conversation\""),
            ("{\"type\":\"buyer_message\",\"conversation\":\"c\",\"at\":\"2025-09-01 10:00\"}", "line 2: bad time '2025-09-01 10:00'"),
            (
                "{\"type\":\"seller_message\",\"conversation\":\"c\",\"at\":\"2025-09-01T10:00:00Z\",\"sender\":\"bot\"}",
                "line 2: unknown sender 'bot'"
            ),
            ("{\"type\":\"seller_message\",\"conversation\":\"c\",\"at\":\"2025-09-01T10:00:00Z\"}", "line 2: seller_message needs \"sender\""),
            ("{\"type\":\"holiday_mode\",\"at\":\"2025-09-01T10:00:00Z\",\"on\":\"yes\"}", "line 2: field 'on' has the wrong type"),
            ("{\"type\":\"public_holiday\",\"date\":\"02/09/2025\"}", "line 2: bad date '02/09/2025'"),
            ("{\"type\":\"order_paid\"}", "line 2: unknown type 'order_paid'"),
            ("[1, 2]", "line 2: not a JSON object"),
            ("{\"conversation\":\"c\"", "line 2: not a JSON object"),
        ])
    func malformedLines(line: String, message: String) {
        let input = #"{"conversation":"c1","at":"2025-09-01T10:00:00+07:00","type":"buyer_message"}"# + "\n" + line + "\n"
        #expect {
            try SLACommandLine.evaluate(.init(ruleSet: "tiktok-shop/TH", asOf: "2025-09-02T12:00:00+07:00"), input: input)
        } throws: { error in
            guard case .malformedInput(let errors) = error as? SLACommandLine.Failure else { return false }
            return errors.count == 1 && errors[0].description.hasPrefix(message)
        }
    }

    @Test("every malformed line is reported, not just the first")
    func allMalformedLines() {
        let input = "nope\n\n{\"type\":\"x\"}\n"
        #expect {
            try SLACommandLine.evaluate(.init(ruleSet: "tiktok-shop/TH", asOf: "2025-09-02T12:00:00+07:00"), input: input)
        } throws: { error in
            (error as? SLACommandLine.Failure)?.lines.map { String($0.prefix(7)) } == ["line 1:", "line 3:"]
        }
    }

    @Test(
        "bad flags and unknown rule sets fail with one line",
        arguments: [
            SLACommandLine.Arguments(ruleSet: "tiktok-shop/XX", asOf: "2025-09-02T12:00:00+07:00"),
            SLACommandLine.Arguments(ruleSet: "tokopedia/ID", asOf: "2025-09-02T12:00:00+07:00"),
            SLACommandLine.Arguments(ruleSet: "tiktok-shop/TH@2025-09-01", asOf: "2025-09-02T12:00:00+07:00"),
            SLACommandLine.Arguments(ruleSet: "tiktok-shop/TH", asOf: "2025-09-02 12:00"),
            SLACommandLine.Arguments(ruleSet: "tiktok-shop/TH", asOf: "2025-09-02T12:00:00+07:00", metric: "nope"),
            SLACommandLine.Arguments(ruleSet: "tiktok-shop/TH", asOf: "2025-09-02T12:00:00+07:00", timeZone: "Mars/Olympus"),
            SLACommandLine.Arguments(ruleSet: "lazada/TH", asOf: "2020-01-01T00:00:00+07:00"),
        ])
    func usageErrors(arguments: SLACommandLine.Arguments) {
        #expect {
            try SLACommandLine.evaluate(arguments, input: "")
        } throws: { error in
            guard case .usage(let message) = error as? SLACommandLine.Failure else { return false }
            return !message.isEmpty && !message.contains("\n")
        }
    }
}
