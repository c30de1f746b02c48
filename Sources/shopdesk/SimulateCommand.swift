import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import ShopDeskChannels
import ShopDeskCore
import ShopDeskSimulator
import Synchronization
import UnixSignals

/// `shopdesk simulate`: plays every platform for a running ShopDesk.
struct Simulate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Play the platforms for a running ShopDesk: serve their APIs and push signed buyer traffic.",
        discussion: """
            Creates one channel account per platform in ShopDesk (through its API, with an owner's or admin's token), \
            each pointed at this simulator, then pushes buyer messages at --rate until --duration ends or Ctrl-C. \
            Replies ShopDesk sends arrive at the simulated send APIs, which check their signatures like the platforms do.
            """
    )

    @Option(help: "ShopDesk's base URL.") var shopdesk = "http://127.0.0.1:8080"
    @Option(help: "An owner's or admin's API token (env SHOPDESK_TOKEN; create one with `shopdesk tokens create`).") var token: String?
    @Option(help: "Address the simulated platform APIs listen on.") var host = "127.0.0.1"
    @Option(help: "Port for the simulated platform APIs (0 picks a free one).") var port = 8090
    @Option(help: "Comma-separated platforms to play.") var platforms = SimulatorOptions.allPlatforms.map(\.rawValue).joined(separator: ",")
    @Option(help: "Comma-separated buyer languages: vi, th, ms, id, tl, zh, en.") var languages = PhraseBook.languages.joined(separator: ",")
    @Option(help: "Buyer messages per second, across all accounts.") var rate = 1.0
    @Option(help: "Seconds of traffic (default: until Ctrl-C).") var duration: Double?
    @Option(
        help: """
            A bundled scenario (default, livestream, quiet), the path of a scenario JSON file, or livestream-burst: one SKU sold \
            fast on TikTok Shop while Shopee, Lazada and the site keep selling, against ShopDesk and against a periodic-sync \
            baseline on the same buyers, reporting the units oversold and how fast each sale reached the other marketplaces.
            """)
    var scenario = "default"
    @Option(help: "livestream-burst: the seller's stock when the live starts.") var stock: Int64 = 300
    @Option(help: "livestream-burst: TikTok Shop orders per second during the live.") var liveRate = 3.0
    @Option(help: "livestream-burst: orders per second on each other channel.") var otherRate = 0.3
    @Option(help: "livestream-burst: the baseline's sync period in minutes.") var syncMinutes = 5.0
    @Flag(help: "livestream-burst: print the report as JSON.") var json = false
    @Option(help: "Share of send-API calls answered with an injected 429 or 503 (0 to 1).") var failureRate = 0.02
    @Option(help: "Seed for the generated traffic (default: random).") var seed: UInt64?

    func run() async throws {
        try await runCommand { logger in
            guard let token = self.token ?? ProcessInfo.processInfo.environment["SHOPDESK_TOKEN"], !token.isEmpty else {
                throw CommandError("an API token is needed: --token or SHOPDESK_TOKEN (create one with `shopdesk tokens create --name simulator`)")
            }
            var chosen: [Platform] = []
            for name in self.platforms.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                guard let platform = Platform(rawValue: name) else {
                    throw CommandError(
                        "unknown platform '\(name)'; expected some of \(SimulatorOptions.allPlatforms.map(\.rawValue).joined(separator: ", "))")
                }
                chosen.append(platform)
            }
            if self.scenario == "livestream-burst" {
                try await self.runBurst(token: token, logger: logger)
                return
            }
            let scenario: Scenario
            if ["default", "livestream", "quiet"].contains(self.scenario) {
                scenario = try Scenario.bundled(self.scenario)
            } else {
                guard let data = FileManager.default.contents(atPath: self.scenario) else {
                    throw CommandError("cannot read scenario file \(self.scenario)")
                }
                scenario = try Scenario.decode(data)
            }
            var options = SimulatorOptions(
                host: self.host, port: self.port, platforms: chosen,
                languages: self.languages.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }, rate: self.rate,
                duration: self.duration, scenario: scenario, failureRate: self.failureRate
            )
            if let seed = self.seed { options.seed = seed }
            let simulator = try Simulator(options: options, logger: logger)
            try await Self.serve(simulator, logger: logger) { transport in
                let accounts = try await simulator.connect(shopDesk: self.shopdesk, token: token, transport: transport)
                print("simulating on \(await simulator.apiBaseURL()) for \(self.shopdesk):")
                for account in accounts {
                    print("  \(account.platform.rawValue)\t\(account.market)\t\(account.channelAccountID)")
                }
                return "\(await cancelWhenGracefulShutdown { await simulator.runTraffic(transport: transport) })"
            }
        }
    }

    /// The livestream burst against ShopDesk and the periodic-sync baseline, on the marketplaces.
    private func runBurst(token: String, logger: Logger) async throws {
        var burst = LivestreamBurst.Options()
        burst.stock = self.stock
        burst.duration = self.duration ?? burst.duration
        burst.liveRate = self.liveRate
        burst.otherRate = self.otherRate
        burst.syncMinutes = self.syncMinutes
        burst.seed = self.seed ?? burst.seed
        guard burst.stock > 0, burst.duration > 0, burst.liveRate >= 0, burst.otherRate >= 0, burst.syncMinutes > 0 else {
            throw CommandError("--stock, --duration and --sync-minutes must be above 0, the rates 0 or more")
        }
        let options = SimulatorOptions(
            host: self.host, port: self.port, platforms: [.tiktokShop, .shopee, .lazada], scenario: try Scenario.bundled("quiet"),
            failureRate: self.failureRate, seed: burst.seed)
        let simulator = try Simulator(options: options, logger: logger)
        let chosen = burst
        try await Self.serve(simulator, logger: logger) { transport in
            let report = try await simulator.runLivestreamBurst(chosen, shopDesk: self.shopdesk, token: token, transport: transport) {
                logger.notice("\($0)")
            }
            guard self.json else { return report.text }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return String(decoding: try encoder.encode(report), as: UTF8.self)
        }
    }

    /// Serves the simulated platforms while `work` runs, then prints what it returned. The work ending
    /// (or failing) stops the server too; Ctrl-C or SIGTERM stops both cleanly.
    private static func serve(
        _ simulator: Simulator, logger: Logger, _ work: @escaping @Sendable (HTTPClientTransport) async throws -> String
    ) async throws {
        let service = SimulatorWork(work)
        try await HTTPClientTransport.withLive { transport in
            service.transport.withLock { $0 = transport }
            let group = ServiceGroup(
                configuration: .init(
                    services: [
                        .init(service: simulator.server()),
                        .init(
                            service: service, successTerminationBehavior: .gracefullyShutdownGroup,
                            failureTerminationBehavior: .gracefullyShutdownGroup),
                    ],
                    gracefulShutdownSignals: [.sigterm, .sigint], logger: logger
                ))
            try await group.run()
        }
        if let output = service.output.withLock({ $0 }) { print(output) }
        if let failure = service.failure.withLock({ $0 }) { throw failure }
    }
}

/// What the simulator does for a running ShopDesk (buyer traffic, the livestream burst), as one service
/// of the command's group beside the simulated platforms' server.
final class SimulatorWork: Service, Sendable {
    let work: @Sendable (HTTPClientTransport) async throws -> String
    let transport = Mutex<HTTPClientTransport?>(nil)
    let output = Mutex<String?>(nil)
    let failure = Mutex<(any Error)?>(nil)

    init(_ work: @escaping @Sendable (HTTPClientTransport) async throws -> String) {
        self.work = work
    }

    func run() async throws {
        guard let transport = self.transport.withLock({ $0 }) else { return }
        do {
            let output = try await self.work(transport)
            self.output.withLock { $0 = output }
        } catch {
            self.failure.withLock { $0 = error }
        }
    }
}
