import ArgumentParser
import Foundation
import ShopDeskServer
import ShopDeskStore

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
                        + "\(report.messages) messages, \(report.webhookEvents) raw pushes, \(report.cancelledReplies) unsent replies cancelled, "
                        + "\(report.orders) orders' addresses removed"
                )
            }
        }
    }
}
