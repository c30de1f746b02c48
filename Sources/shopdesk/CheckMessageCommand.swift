import ArgumentParser
import Foundation
import ShopDeskCommandLine
import ShopDeskCore

/// `shopdesk check-message`: the compliance guard offline, for scripts and for trying rules out.
struct CheckMessage: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-message",
        abstract: "Check message text against the platforms' rules; prints JSON.",
        discussion: """
            With --platform and --market, checks TEXT (or standard input when TEXT is absent) and prints \
            one JSON result. With --jsonl, reads lines {"id","platform","market","text"} on standard input \
            and prints one result line per input line. The exit code is 0 whatever the verdicts; bad \
            arguments or malformed lines (reported with their line numbers) exit with 2.
            """
    )

    @Option(help: "tiktok-shop, shopee, lazada, facebook, instagram, whatsapp, line or custom.") var platform: String?
    @Option(help: "Market as an ISO 3166-1 alpha-2 code, e.g. VN, TH, MY.") var market: String?
    @Flag(help: "Read JSON lines on standard input; print one result per line.") var jsonl = false
    @Option(help: "Language of the explanations (BCP 47, default en).") var uiLanguage = "en"
    @Option(help: "A workspace's rule additions (JSON, as GET /api/v1/compliance/rules returns them) to check with.") var rules: String?
    @Argument(help: "The message text.") var text: String?

    func run() async throws {
        var complianceGuard = ComplianceGuard.standard
        if let path = self.rules {
            do {
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                let decoder = JSONDecoder()
                decoder.keyDecodingStrategy = .convertFromSnakeCase
                complianceGuard = try ComplianceGuard.bundled(extension: try decoder.decode(ComplianceRuleExtension.self, from: data))
            } catch {
                throw inputFailure(["cannot use --rules \(path): \(error)"])
            }
        }
        let input = self.jsonl || self.text == nil ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) : ""
        let arguments = ComplianceCommandLine.Arguments(
            platform: self.platform, market: self.market, text: self.text, jsonl: self.jsonl, uiLanguage: self.uiLanguage
        )
        do {
            print(try ComplianceCommandLine.run(arguments, input: input, guard: complianceGuard))
        } catch {
            throw inputFailure(error.lines)
        }
    }

}
