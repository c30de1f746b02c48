import Foundation
import ShopDeskCore

/// `shopdesk check-message` without the process around it: arguments and standard input in, the
/// JSON result (or JSON Lines results) or the error lines out. The executable only reads stdin and
/// prints:
///
/// ```swift
/// let arguments = ComplianceCommandLine.Arguments(platform: platform, market: market, text: text, jsonl: jsonl, uiLanguage: language)
/// let input = jsonl || text == nil ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) : ""
/// do {
///     print(try ComplianceCommandLine.run(arguments, input: input))
/// } catch {
///     throw Self.fail(error.lines)  // each line on stderr, exit code 2 (as `shopdesk sla evaluate` does)
/// }
/// ```
///
/// Single mode prints one object, `{"verdict":"…","findings":[…]}`. With `--jsonl`, each input line
/// `{"id":"…","platform":"…","market":"…","text":"…"}` gives one output line
/// `{"id":"…","verdict":"ok|warn|block","findings":[{"rule":"…","severity":"warn|block","start":N,"end":N,"explanation":"…"}]}`.
/// Verdicts never change the exit code; only malformed input does.
public enum ComplianceCommandLine {
    /// The command's flags.
    public struct Arguments: Sendable, Hashable {
        /// A `Platform` raw value; required in single mode, ignored with `jsonl`.
        public var platform: String?
        /// ISO 3166-1 alpha-2; required in single mode, ignored with `jsonl`.
        public var market: String?
        /// The draft in single mode; nil reads it from the input.
        public var text: String?
        public var jsonl: Bool
        /// The language of the explanations (en, vi, zh, th, ms, id).
        public var uiLanguage: String

        public init(platform: String? = nil, market: String? = nil, text: String? = nil, jsonl: Bool = false, uiLanguage: String = "en") {
            self.platform = platform
            self.market = market
            self.text = text
            self.jsonl = jsonl
            self.uiLanguage = uiLanguage
        }
    }

    public typealias LineError = SLAEventLog.LineError

    /// Why the command failed: each case is printed as lines on stderr, and the exit code is 2.
    public enum Failure: Error, Sendable, Hashable {
        /// A missing or bad argument.
        case usage(String)
        /// Input lines that are not valid requests, by 1-based line number.
        case malformedInput([LineError])

        public var lines: [String] {
            switch self {
            case .usage(let message): [message]
            case .malformedInput(let errors): errors.map(\.description)
            }
        }
    }

    /// Runs the command: single mode when `arguments.jsonl` is false, else one result line per input line.
    public static func run(_ arguments: Arguments, input: String, guard complianceGuard: ComplianceGuard = .standard) throws(Failure) -> String {
        if arguments.jsonl {
            return try Self.checkLines(input, uiLanguage: arguments.uiLanguage, guard: complianceGuard)
        }
        guard let platformID = arguments.platform else { throw .usage("give --platform (\(Self.platformList))") }
        guard let platform = Platform(rawValue: platformID) else { throw .usage("unknown platform '\(platformID)'; platforms: \(Self.platformList)") }
        guard let market = arguments.market else { throw .usage("give --market, an ISO 3166-1 alpha-2 code such as VN") }
        do {
            _ = try Market.validatedCode(market)
        } catch {
            throw .usage(error.message)
        }
        let context = ComplianceContext(platform: platform, market: market, uiLanguage: arguments.uiLanguage)
        let result = complianceGuard.check(arguments.text ?? Self.trimmingFinalNewline(input), context: context)
        return Self.json(result, id: nil)
    }

    /// The `--jsonl` mode: every line checked, or every malformed line reported (blank lines skipped).
    public static func checkLines(
        _ input: String, uiLanguage: String = "en", guard complianceGuard: ComplianceGuard = .standard
    ) throws(Failure) -> String {
        struct Request: Decodable {
            var id: String?
            var platform: String?
            var market: String?
            var text: String?
        }
        let decoder = JSONDecoder()
        var requests: [(id: String, context: ComplianceContext, text: String)] = []
        var errors: [LineError] = []
        for (offset, rawLine) in input.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            let number = offset + 1
            guard let request = try? decoder.decode(Request.self, from: Data(line.utf8)) else {
                errors.append(LineError(line: number, message: "not a JSON object with string fields id, platform, market, text"))
                continue
            }
            let missing = [("id", request.id), ("platform", request.platform), ("market", request.market), ("text", request.text)]
                .filter { $0.1 == nil }.map(\.0)
            guard missing.isEmpty, let id = request.id, let platformID = request.platform, let market = request.market, let text = request.text else {
                errors.append(LineError(line: number, message: "missing \(missing.joined(separator: ", "))"))
                continue
            }
            guard let platform = Platform(rawValue: platformID) else {
                errors.append(LineError(line: number, message: "unknown platform '\(platformID)'; platforms: \(Self.platformList)"))
                continue
            }
            do {
                _ = try Market.validatedCode(market)
            } catch {
                errors.append(LineError(line: number, message: error.message))
                continue
            }
            requests.append((id, ComplianceContext(platform: platform, market: market, uiLanguage: uiLanguage), text))
        }
        guard errors.isEmpty else { throw .malformedInput(errors) }
        return requests.map { request in
            Self.json(complianceGuard.check(request.text, context: request.context), id: request.id)
        }.joined(separator: "\n")
    }

    /// The result as one line of JSON, keys in the documented order and no spaces, as the CLI prints
    /// it (an API may return the same).
    public static func json(_ result: ComplianceResult, id: String?) -> String {
        let findings: [JSONWriter.Value] = result.findings.map { finding in
            .object([
                ("rule", .string(finding.rule.rawValue)),
                ("severity", .string(finding.severity.rawValue)),
                ("start", .integer(finding.start)),
                ("end", .integer(finding.end)),
                ("explanation", .string(finding.explanation)),
            ])
        }
        let members: [(String, JSONWriter.Value)] = [("verdict", .string(result.verdict.rawValue)), ("findings", .array(findings))]
        return JSONWriter.text(.object((id.map { [("id", .string($0))] } ?? []) + members), layout: .compact)
    }

    private static var platformList: String { Platform.allCases.map(\.rawValue).joined(separator: ", ") }

    /// Standard input usually ends with a newline that is not part of the draft.
    private static func trimmingFinalNewline(_ input: String) -> String {
        var text = Substring(input)
        if text.hasSuffix("\n") { text = text.dropLast() }
        if text.hasSuffix("\r") { text = text.dropLast() }
        return String(text)
    }
}
