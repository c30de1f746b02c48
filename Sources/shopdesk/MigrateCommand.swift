import ArgumentParser
import ShopDeskServer

/// `shopdesk migrate`: brings the database schema up to date without starting the server.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply database migrations and exit.")
    @OptionGroup var storage: StorageOptions

    func run() async throws {
        try await runCommand { logger in
            let (applied, version) = try await Administration.migrate(try self.storage.settings(), logger: logger)
            print(
                applied.isEmpty
                    ? "database is up to date (schema version \(version))"
                    : "applied migrations \(applied.map(String.init).joined(separator: ", ")); schema version \(version)")
        }
    }
}
