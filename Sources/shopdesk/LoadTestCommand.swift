import ArgumentParser
import Foundation
import Logging
import ShopDeskCore
import ShopDeskLoadTest
import ShopDeskServer
import ShopDeskSimulator

/// `shopdesk loadtest`: starts a ShopDesk server as a child process on a fresh database, pushes
/// correctly signed platform webhooks at it over loopback, and reports what it acknowledged, how fast,
/// what it stored and how much memory it took.
struct LoadTest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loadtest",
        abstract:
            "Push signed platform webhooks (or checkouts) at a fresh ShopDesk over loopback and report throughput, latency, duplicates and memory.",
        discussion: """
            The server runs as a child process (`shopdesk serve`, polling off) on a temporary data directory, or \
            on --database-url. The pushes (Shopee, Facebook, Instagram, WhatsApp, LINE and custom channels: the \
            platforms whose pushes carry the message) are built and signed before the clock starts. With --rate \
            they are sent on a fixed schedule and latency counts from each push's scheduled time; without, as \
            fast as --connections allow. A push is acknowledged only after its messages are committed.

            --scenario reservations loads the checkout instead: one hot SKU with --on-hand units, and reservations \
            of one unit with unique Idempotency-Keys (each answered 201 only once durable) for --duration seconds \
            or --reservations, while --health-connections request /healthz. Afterwards the SKU's reserved count \
            must equal the reservations answered 201 and never exceed what is on hand; otherwise the command \
            exits with 1.
            """
    )

    /// What the load test sends.
    enum Scenario: String, ExpressibleByArgument, CaseIterable {
        case webhooks
        case reservations
    }

    @Option(help: "webhooks (signed platform pushes) or reservations (checkouts of one hot SKU).") var scenario = Scenario.webhooks

    @Option(help: "Messages (or reservations) per second (default: as fast as possible).") var rate: Double?
    @Option(help: "Seconds of load with --rate (reservations: also without --rate, unless --reservations is given).")
    var duration: Double = 10
    @Option(help: "Messages to send without --rate.") var messages = 100_000
    @Option(help: "Reservations to send (reservations scenario; default: for --duration seconds).") var reservations: Int?
    @Option(help: "Stock of the hot SKU (reservations scenario; default 1000000000); fewer than the reservations sent makes the rest be refused.")
    var onHand: Int?
    @Option(help: "Connections requesting /healthz during the load (reservations scenario; default 2).") var healthConnections: Int?
    @Option(help: "Concurrent connections.") var connections = 128
    @Option(help: "Share of messages that open a new conversation (0 to 1).") var newConversations = 0.2
    @Option(help: "Share of messages pushed twice (0 to 1).") var duplicates = 0.05
    @Option(help: "Comma-separated platforms (of shopee, facebook, instagram, whatsapp, line, custom).")
    var platforms = "shopee,facebook,instagram,whatsapp,line"
    @Option(help: "Inbox pages (50 conversations, most urgent first) to request from the API after the load, one at a time.") var inboxRequests = 200
    @Option(help: "Web inbox pages (the HTML page of 50 conversations, signed in) to request after the load, one at a time.") var pageRequests = 0
    @Option(help: "Port for the server.") var port = 18080
    @Option(help: "Data directory for the server (default: a temporary one, removed afterwards).") var dataDir: String?
    @Option(help: "Run the server on this PostgreSQL database instead of SQLite.") var databaseURL: String?
    @Option(help: "Seed for the generated traffic.") var seed: UInt64 = 7
    @Flag(help: "Print the report as JSON.") var json = false

    func validate() throws {
        if self.scenario == .reservations {
            do {
                _ = try self.reservationOptions(dataDirectory: "")
            } catch {
                throw ValidationError(error.description)
            }
            return
        }
        guard self.reservations == nil, self.onHand == nil, self.healthConnections == nil else {
            throw ValidationError("--reservations, --on-hand and --health-connections are for --scenario reservations")
        }
        if let rate = self.rate, !(rate > 0) { throw ValidationError("--rate must be above 0") }
        guard self.duration > 0, self.messages > 0, (1...4096).contains(self.connections) else {
            throw ValidationError("--duration and --messages must be positive, --connections 1 to 4096")
        }
        guard (0...1).contains(self.newConversations), (0...1).contains(self.duplicates) else {
            throw ValidationError("--new-conversations and --duplicates are shares from 0 to 1")
        }
    }

    /// The reservations scenario's options, checked.
    func reservationOptions(dataDirectory: String) throws(LoadTestError) -> ReservationLoadOptions {
        try ReservationLoadOptions(
            rate: self.rate, duration: self.duration, reservations: self.reservations, connections: self.connections,
            healthConnections: self.healthConnections ?? 2, onHand: self.onHand ?? ReservationLoadOptions.maxOnHand, port: self.port,
            dataDirectory: dataDirectory, databaseURL: self.databaseURL)
    }

    func run() async throws {
        if self.scenario == .reservations { return try await self.runReservations() }
        try await runCommand { logger in
            var chosen: [Platform] = []
            for name in self.platforms.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                guard let platform = Platform(rawValue: name), LoadPlan.platforms.contains(platform) else {
                    throw CommandError("'\(name)' cannot be load-tested; choose from \(LoadPlan.platforms.map(\.rawValue).joined(separator: ", "))")
                }
                chosen.append(platform)
            }
            let directory = try LoadTestDirectory(self.dataDir)
            defer { directory.removeIfTemporary() }
            let settings = AppSettings(
                port: self.port, dataDirectory: directory.path, databaseURL: self.databaseURL, logLevel: .warning, bcryptCost: 10
            )
            let options = LoadTestOptions(
                rate: self.rate, duration: self.duration, messages: self.messages, connections: self.connections,
                newConversations: self.newConversations, duplicates: self.duplicates, platforms: chosen, inboxRequests: self.inboxRequests,
                pageRequests: self.pageRequests, port: self.port, dataDirectory: directory.path, databaseURL: self.databaseURL, seed: self.seed
            )
            let report = try await LoadTestRun(options: options, logger: logger).run { email, password in
                _ = try await Administration.createAdmin(settings, email: email, password: password, name: "Load test", logger: logger)
                return try await Administration.createToken(settings, name: "loadtest", logger: logger)
            }
            try self.show(report, text: report.text)
        }
    }

    /// Prints a report as JSON with `--json`, else as text.
    private func show(_ report: some Encodable, text: String) throws {
        if self.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(text)
        }
    }

    private func runReservations() async throws {
        try await runCommand { logger in
            let directory = try LoadTestDirectory(self.dataDir)
            defer { directory.removeIfTemporary() }
            let settings = AppSettings(
                port: self.port, dataDirectory: directory.path, databaseURL: self.databaseURL, logLevel: .warning, bcryptCost: 10
            )
            let options = try self.reservationOptions(dataDirectory: directory.path)
            let report = try await ReservationLoadRun(options: options).run { email, password in
                _ = try await Administration.createAdmin(settings, email: email, password: password, name: "Load test", logger: logger)
                return try await Administration.createToken(settings, name: "loadtest", logger: logger)
            }
            try self.show(report, text: report.text)
            guard report.problems.isEmpty else { throw CommandError("the checkout load test failed: " + report.problems.joined(separator: "; ")) }
        }
    }
}
