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
    @Option(help: "A bundled scenario (default, livestream, quiet) or the path of a scenario JSON file.") var scenario = "default"
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
            let traffic = TrafficService(simulator: simulator, shopDesk: self.shopdesk, token: token)
            try await HTTPClientTransport.withLive { transport in
                traffic.transport.withLock { $0 = transport }
                // The traffic ending (or failing) stops the server too; Ctrl-C or SIGTERM stops both cleanly.
                let group = ServiceGroup(
                    configuration: .init(
                        services: [
                            .init(service: simulator.server()),
                            .init(
                                service: traffic, successTerminationBehavior: .gracefullyShutdownGroup,
                                failureTerminationBehavior: .gracefullyShutdownGroup),
                        ],
                        gracefulShutdownSignals: [.sigterm, .sigint], logger: logger
                    ))
                try await group.run()
            }
            if let report = traffic.report.withLock({ $0 }) { print(report) }
            if let failure = traffic.failure.withLock({ $0 }) { throw failure }
        }
    }
}

/// Connects the simulator to ShopDesk and runs the buyer traffic, as one service of the command's group.
final class TrafficService: Service, Sendable {
    let simulator: Simulator
    let shopDesk: String
    let token: String
    let transport = Mutex<HTTPClientTransport?>(nil)
    let report = Mutex<TrafficReport?>(nil)
    let failure = Mutex<(any Error)?>(nil)

    init(simulator: Simulator, shopDesk: String, token: String) {
        self.simulator = simulator
        self.shopDesk = shopDesk
        self.token = token
    }

    func run() async throws {
        guard let transport = self.transport.withLock({ $0 }) else { return }
        do {
            let accounts = try await self.simulator.connect(shopDesk: self.shopDesk, token: self.token, transport: transport)
            print("simulating on \(await self.simulator.apiBaseURL()) for \(self.shopDesk):")
            for account in accounts {
                print("  \(account.platform.rawValue)\t\(account.market)\t\(account.channelAccountID)")
            }
            let report = await cancelWhenGracefulShutdown { await self.simulator.runTraffic(transport: transport) }
            self.report.withLock { $0 = report }
        } catch {
            self.failure.withLock { $0 = error }
        }
    }
}
