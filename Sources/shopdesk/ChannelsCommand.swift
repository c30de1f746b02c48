import ArgumentParser
import Foundation
import ShopDeskCore
import ShopDeskServer

/// `shopdesk channels add|list`: channel accounts, managed from the command line.
struct Channels: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage channel accounts.", subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Connect a channel account; prints its id and webhook path as JSON.")
        @Option(help: "tiktok-shop, shopee, lazada, facebook, instagram, whatsapp, line or custom.") var platform: String
        @Option(help: "A name for the account, e.g. the shop's name.") var name: String
        @Option(help: "Market as an ISO country code, e.g. VN, MY, TH.") var market: String
        @Option(help: "IANA time zone (default: the market's).") var timezone: String?
        @Option(help: "JSON file with the platform's credential fields, or - for standard input.") var credentialsFile: String
        @OptionGroup var storage: StorageOptions

        func validate() throws {
            guard Platform(rawValue: self.platform) != nil else {
                throw ValidationError(
                    "unknown platform '\(self.platform)'; expected one of \(Platform.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() async throws {
            try await runCommand { logger in
                let settings = try self.storage.settings()
                let data: Data
                do {
                    data =
                        self.credentialsFile == "-"
                        ? FileHandle.standardInput.readDataToEndOfFile()
                        : try Data(contentsOf: URL(fileURLWithPath: self.credentialsFile))
                } catch {
                    throw CommandError("cannot read credentials file \(self.credentialsFile): \(error.localizedDescription)")
                }
                guard let fields = try? JSONDecoder().decode([String: String].self, from: data) else {
                    throw CommandError("credentials must be a JSON object of string fields, e.g. {\"app_key\": \"…\", \"app_secret\": \"…\"}")
                }
                let account = try await Administration.addChannel(
                    settings, platform: self.platform, name: self.name, market: self.market, timeZone: self.timezone,
                    credentials: fields, logger: logger
                )
                printJSON(ChannelJSON(account))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List channel accounts.")
        @Flag(help: "Print JSON instead of a table.") var json = false
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            try await runCommand { logger in
                let accounts = try await Administration.listChannels(try self.storage.settings(), logger: logger)
                if self.json {
                    printJSON(accounts.map(ChannelJSON.init))
                } else if accounts.isEmpty {
                    print("no channel accounts")
                } else {
                    for account in accounts {
                        print(
                            [account.id.rawValue, account.platform.rawValue, account.market, account.timeZone, account.name, account.webhookPath]
                                .joined(separator: "\t"))
                    }
                }
            }
        }
    }
}
