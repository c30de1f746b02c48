import ArgumentParser
import Foundation
import ShopDeskCommandLine
import ShopDeskCore
import ShopDeskServer
import ShopDeskStore

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

/// `shopdesk buyers export|erase`: data-subject requests from the command line.
struct Buyers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Data-subject requests: export or erase everything held about a buyer.",
        subcommands: [Export.self, Erase.self]
    )

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print everything held about a buyer as one JSON document (recorded in the audit log)."
        )
        @Argument(help: "The buyer's id (see GET /api/v1/buyers?q=…).") var buyerID: String
        @Option(help: "Write the document to this file instead of standard output.") var output: String?
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            try await runCommand { logger in
                let data = try await Administration.exportBuyer(try self.storage.settings(), buyer: self.buyerID, logger: logger)
                if let output = self.output {
                    do {
                        try data.write(to: URL(fileURLWithPath: output), options: .atomic)
                    } catch {
                        throw CommandError("cannot write \(output): \(error.localizedDescription)")
                    }
                } else {
                    FileHandle.standardOutput.write(data + Data("\n".utf8))
                }
            }
        }
    }

    struct Erase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erase a buyer: names, platform ids and message text; times and counts stay (recorded in the audit log).",
            discussion: "Cannot be undone. Export first if the buyer asked for a copy."
        )
        @Argument(help: "The buyer's id.") var buyerID: String
        @Flag(help: "Confirm: erasure cannot be undone.") var yes = false
        @OptionGroup var storage: StorageOptions

        func validate() throws {
            guard self.yes else { throw ValidationError("erasure cannot be undone: add --yes to confirm") }
        }

        func run() async throws {
            try await runCommand { logger in
                let report = try await Administration.eraseBuyer(try self.storage.settings(), buyer: self.buyerID, logger: logger)
                print(
                    "erased buyer \(report.buyerID): \(report.identities) identities, \(report.conversations) conversations, "
                        + "\(report.messages) messages, \(report.webhookEvents) raw pushes, \(report.cancelledReplies) unsent replies cancelled"
                )
            }
        }
    }
}
