import ArgumentParser
import Foundation
import ShopDeskCore
import ShopDeskServer

/// `shopdesk admin create`: the first owner, made from the command line before anyone can sign in.
struct Admin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage owners.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an owner account (and the workspace on first use).")
        @Option(help: "The owner's e-mail address (the sign-in name).") var email: String
        @Option(help: "Display name (default: the part of the e-mail before @).") var name: String?
        @Flag(help: "Read the password from standard input (required; keeps it out of shell history).") var passwordStdin = false
        @OptionGroup var storage: StorageOptions

        func validate() throws {
            guard self.passwordStdin else { throw ValidationError("--password-stdin is required: pipe the password in") }
        }

        func run() async throws {
            try await runCommand { logger in
                let settings = try self.storage.settings()
                let input = FileHandle.standardInput.readDataToEndOfFile()
                var password = String(decoding: input, as: UTF8.self)
                while password.hasSuffix("\n") || password.hasSuffix("\r") { password.removeLast() }
                let agent = try await Administration.createAdmin(settings, email: self.email, password: password, name: self.name, logger: logger)
                print("created owner \(agent.email) (\(agent.id))")
            }
        }
    }
}
