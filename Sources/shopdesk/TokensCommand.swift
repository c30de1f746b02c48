import ArgumentParser
import ShopDeskServer

/// `shopdesk tokens create`: an API token for scripts and the simulator, acting as the first owner.
struct Tokens: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage API tokens.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an API token (acting as the first owner) and print it.")
        @Option(help: "A name saying what the token is for.") var name: String
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            try await runCommand { logger in
                print(try await Administration.createToken(try self.storage.settings(), name: self.name, logger: logger))
            }
        }
    }
}
