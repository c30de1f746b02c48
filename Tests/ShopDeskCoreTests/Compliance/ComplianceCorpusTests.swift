import Foundation
import Testing

@testable import ShopDeskCore

/// The labelled corpus (`Corpus/compliance-corpus.jsonl`): messages written for these tests in every
/// supported language, about half violations and half legitimate commerce text that looks like one
/// (order and tracking numbers, prices, courier names, "thank you for your review"). Each line has
/// the platform, market, language, text and the rules it should trigger (none when legitimate).
@Suite("Compliance corpus")
struct ComplianceCorpusTests {
    struct Entry: Decodable {
        var id: String
        var platform: String
        var market: String
        var language: String
        var text: String
        var expected: [String]
    }

    static func load() throws -> [Entry] {
        let directory = try #require(Bundle.module.url(forResource: "Corpus", withExtension: nil))
        let text = try String(contentsOf: directory.appendingPathComponent("compliance-corpus.jsonl"), encoding: .utf8)
        let decoder = JSONDecoder()
        return try text.split(separator: "\n").map { try decoder.decode(Entry.self, from: Data($0.utf8)) }
    }

    /// The rules the bars apply to: those that block and are decided by the text alone.
    static let blockRules: [ComplianceRule] = [.offPlatformContact, .reviewManipulation, .abusiveLanguage]

    @Test("the corpus has over 400 messages, about half legitimate, in every language, with known platforms and rules")
    func shape() throws {
        let entries = try Self.load()
        #expect(entries.count >= 400)
        let legitimate = entries.filter(\.expected.isEmpty).count
        #expect(Double(legitimate) / Double(entries.count) > 0.4 && Double(legitimate) / Double(entries.count) < 0.6)
        #expect(Set(entries.map(\.id)).count == entries.count)
        for language in ["vi", "vi-nodiac", "th", "ms", "id", "tl", "zh-Hans", "zh-Hant", "en", "mixed"] {
            #expect(entries.contains { $0.language == language }, "no message in \(language)")
        }
        for entry in entries {
            #expect(Platform(rawValue: entry.platform) != nil, "\(entry.id): platform \(entry.platform)")
            #expect(entry.expected.allSatisfy { ComplianceRule(rawValue: $0) != nil }, "\(entry.id): \(entry.expected)")
        }
        for rule in Self.blockRules + [.smallTalkOnly] {
            #expect(entries.filter { $0.expected.contains(rule.rawValue) }.count >= 20, "too few examples of \(rule.rawValue)")
        }
    }

    @Test("recall is at least 0.95 for each blocking rule and at most 3% of legitimate messages are flagged")
    func precisionAndRecall() throws {
        let entries = try Self.load()
        let complianceGuard = ComplianceGuard.standard
        var truePositives: [ComplianceRule: Int] = [:]
        var falsePositives: [ComplianceRule: Int] = [:]
        var falseNegatives: [ComplianceRule: Int] = [:]
        var legitimate = 0
        var flaggedLegitimate: [String] = []
        var misses: [String] = []
        for entry in entries {
            let found = complianceGuard.rules(entry.text, Platform(rawValue: entry.platform)!, entry.market)
            let expected = Set(entry.expected.compactMap(ComplianceRule.init(rawValue:)))
            for rule in ComplianceRule.allCases {
                switch (expected.contains(rule), found.contains(rule)) {
                case (true, true): truePositives[rule, default: 0] += 1
                case (false, true): falsePositives[rule, default: 0] += 1
                case (true, false): falseNegatives[rule, default: 0] += 1
                case (false, false): break
                }
            }
            if expected.isEmpty {
                legitimate += 1
                if !found.isEmpty { flaggedLegitimate.append("\(entry.id) \(found.map(\.rawValue).sorted()): \(entry.text)") }
            } else if !expected.isSubset(of: found) {
                misses.append("\(entry.id) expected \(entry.expected): \(entry.text)")
            }
        }
        func ratio(_ numerator: Int, _ denominator: Int) -> Double { denominator == 0 ? 1 : Double(numerator) / Double(denominator) }
        func format(_ value: Double) -> String { String(format: "%.3f", value) }
        var table = ["rule                   support  precision  recall"]
        for rule in Self.blockRules + [.smallTalkOnly] {
            let tp = truePositives[rule] ?? 0
            let fp = falsePositives[rule] ?? 0
            let fn = falseNegatives[rule] ?? 0
            let name = rule.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0)
            let support = String(tp + fn).padding(toLength: 8, withPad: " ", startingAt: 0)
            table.append(
                "\(name) \(support) \(format(ratio(tp, tp + fp)).padding(toLength: 10, withPad: " ", startingAt: 0)) \(format(ratio(tp, tp + fn)))")
        }
        let falsePositiveRate = ratio(flaggedLegitimate.count, legitimate)
        table.append("false-positive rate on \(legitimate) legitimate messages: \(format(falsePositiveRate)) (\(flaggedLegitimate.count) flagged)")
        print(table.joined(separator: "\n"))
        for line in misses + flaggedLegitimate { print("  \(line)") }

        for rule in Self.blockRules {
            let tp = truePositives[rule] ?? 0
            #expect(ratio(tp, tp + (falseNegatives[rule] ?? 0)) >= 0.95, "recall of \(rule.rawValue)")
        }
        #expect(falsePositiveRate <= 0.03)
    }
}
