import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import ShopDeskServer

/// `shopdesk`: the self-hosted desk for social-commerce sellers.
@main
struct ShopDesk: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shopdesk",
        abstract: "One inbox for every buyer on every platform.",
        subcommands: [Serve.self, Demo.self, Migrate.self, Admin.self, Tokens.self, Channels.self, Buyers.self, SLA.self, CheckMessage.self, Simulate.self, LoadTest.self, Seed.self]
    )
}

/// Options every command shares. Flags override `SHOPDESK_*` environment variables, which override defaults.
struct StorageOptions: ParsableArguments {
    @Option(help: "Data directory for the SQLite database and the secret key (env SHOPDESK_DATA_DIR; default ./shopdesk-data).")
    var dataDir: String?

    @Option(help: "PostgreSQL URL, postgres://user:password@host:port/database (env SHOPDESK_DATABASE_URL; default: SQLite in the data directory).")
    var databaseURL: String?

    func settings(host: String? = nil, port: Int? = nil) throws -> AppSettings {
        try AppSettings.resolve(host: host, port: port, dataDirectory: self.dataDir, databaseURL: self.databaseURL)
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the ShopDesk server.")

    @Option(help: "Address to listen on (env SHOPDESK_HOST; default 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on (env SHOPDESK_PORT; default 8080).") var port: Int?
    @OptionGroup var storage: StorageOptions

    func run() async throws {
        try await runCommand { logger in
            let settings = try self.storage.settings(host: self.host, port: self.port)
            let registry = PrometheusCollectorRegistry()
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
            var serverLogger = logger
            serverLogger.logLevel = settings.logLevel
            let app = try await buildApplication(settings, logger: serverLogger, prometheus: registry)
            do {
                try await app.runService()
            } catch where String(describing: error).contains("Address already in use") {
                throw CommandError("cannot listen on \(settings.host):\(settings.port): the port is in use (choose another with --port)")
            }
        }
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply database migrations and exit.")
    @OptionGroup var storage: StorageOptions

    func run() async throws {
        try await runCommand { logger in
            let (applied, version) = try await Administration.migrate(try self.storage.settings(), logger: logger)
            print(applied.isEmpty ? "database is up to date (schema version \(version))" : "applied migrations \(applied.map(String.init).joined(separator: ", ")); schema version \(version)")
        }
    }
}

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
                throw ValidationError("unknown platform '\(self.platform)'; expected one of \(Platform.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() async throws {
            try await runCommand { logger in
                let settings = try self.storage.settings()
                let data: Data
                do {
                    data = self.credentialsFile == "-"
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
                        print([account.id.rawValue, account.platform.rawValue, account.market, account.timeZone, account.name, account.webhookPath]
                            .joined(separator: "\t"))
                    }
                }
            }
        }
    }
}

import ShopDeskCore

/// A channel account as the CLI prints it.
struct ChannelJSON: Encodable {
    var id: String
    var platform: String
    var name: String
    var market: String
    var timezone: String
    var webhook_path: String
    var credential_fields: [String]

    init(_ account: ChannelAccount) {
        self.id = account.id.rawValue
        self.platform = account.platform.rawValue
        self.name = account.name
        self.market = account.market
        self.timezone = account.timeZone
        self.webhook_path = account.webhookPath
        self.credential_fields = account.credentialFields
    }
}

func printJSON(_ value: some Encodable) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self))
}

struct CommandError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Bad input to an offline command (`sla evaluate`, `check-message`): each line on stderr, exit code 2.
func inputFailure(_ lines: [String]) -> ExitCode {
    FileHandle.standardError.write(Data(lines.map { "shopdesk: \($0)\n" }.joined().utf8))
    return ExitCode(2)
}

/// Runs a command body with logging set up; any error becomes one line on stderr and exit code 1.
func runCommand(_ body: (Logger) async throws -> Void) async throws {
    LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = .trace
        return handler
    }
    var logger = Logger(label: "shopdesk")
    logger.logLevel = .warning
    do {
        try await body(logger)
    } catch {
        FileHandle.standardError.write(Data("shopdesk: \(describeForCommandLine(error))\n".utf8))
        throw ExitCode(1)
    }
}

