import ArgumentParser
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import ShopDeskChannels
import ShopDeskCore
import ShopDeskServer
import ShopDeskSimulator
import Synchronization
import UnixSignals

/// `shopdesk demo`: ShopDesk and the platform simulator in one process, on a fresh embedded database,
/// with live buyer traffic from every platform. Nothing to install or configure.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run ShopDesk with simulated shops and live buyer traffic from every platform.",
        discussion: """
            Creates a fresh SQLite workspace (in a temporary directory, removed on exit, unless --data-dir is \
            given) with an owner, three shops (TikTok Shop VN, Shopee MY, Lazada TH), a Facebook page, an \
            Instagram account, a WhatsApp number and a LINE channel, all served by the built-in simulator, which \
            pushes signed, multilingual buyer messages and receives the replies. Prints the address and the \
            sign-in details. Ctrl-C stops everything.
            """
    )

    @Option(help: "Data directory for the demo's database (must not hold a ShopDesk database yet; default: a temporary one).")
    var dataDir: String?
    @Option(help: "Port ShopDesk listens on.") var port = 8080
    @Option(help: "Buyer messages per second across all channels.") var rate = 1.0

    func validate() throws {
        guard (1...65535).contains(self.port) else { throw ValidationError("--port must be 1 to 65535") }
        guard self.rate > 0, self.rate <= 1000 else { throw ValidationError("--rate must be above 0 and at most 1000") }
    }

    func run() async throws {
        try await runCommand { logger in
            let directory = try DemoDirectory(self.dataDir)
            defer { directory.removeIfTemporary() }
            var quiet = logger
            quiet.logLevel = .warning
            let settings = AppSettings(
                host: "127.0.0.1", port: self.port, dataDirectory: directory.path, logLevel: .warning, bcryptCost: 10, pollInterval: 30
            )
            let password = Self.makePassword()
            let email = "owner@demo.shopdesk.test"
            _ = try await Administration.createAdmin(settings, email: email, password: password, name: "Demo owner", logger: quiet)
            let token = try await Administration.createToken(settings, name: "demo", logger: quiet)

            let simulator = try Simulator(
                options: SimulatorOptions(
                    host: "127.0.0.1", port: 0, platforms: SimulatorOptions.allPlatforms, languages: PhraseBook.languages,
                    rate: self.rate, duration: nil, scenario: try Scenario.bundled("default"), failureRate: 0.02
                ),
                logger: quiet
            )
            let ready = DemoReadiness()
            let app = try await buildApplication(settings, logger: quiet, onServerRunning: { _ in ready.signal() })
            let traffic = DemoTraffic(
                simulator: simulator, ready: ready, shopDesk: "http://127.0.0.1:\(self.port)", token: token,
                banner: Self.banner(port: self.port, email: email, password: password, token: token, directory: directory)
            )
            let group = ServiceGroup(
                configuration: .init(
                    services: [
                        .init(service: app),
                        .init(service: simulator.server()),
                        .init(service: traffic, failureTerminationBehavior: .gracefullyShutdownGroup),
                    ],
                    gracefulShutdownSignals: [.sigterm, .sigint], logger: quiet
                ))
            try await CommandError.reportingPortInUse(host: settings.host, port: settings.port) {
                try await group.run()
            }
            if let failure = traffic.failure.withLock({ $0 }) { throw failure }
            print("\nShopDesk demo stopped.")
        }
    }

    static func makePassword() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet.randomElement(using: &generator)! })
    }

    static func banner(port: Int, email: String, password: String, token: String, directory: DemoDirectory) -> String {
        let base = "http://127.0.0.1:\(port)"
        return """

            ShopDesk demo is running: open \(base) and sign in

              e-mail       \(email)
              password     \(password)
              API token    \(token)
              data         \(directory.path)\(directory.isTemporary ? " (removed when the demo stops)" : "")

            Simulated buyers are writing to TikTok Shop VN, Shopee MY, Lazada TH, Facebook, Instagram,
            WhatsApp and LINE. The inbox lists them most urgent first; through the API:

              curl -s -H 'Authorization: Bearer \(token)' '\(base)/api/v1/conversations?limit=20'

            Reply to one (the simulator receives it and checks the platform's signature):

              curl -s -H 'Authorization: Bearer \(token)' -H 'Content-Type: application/json' \\
                -d '{"text":"Dạ còn hàng ạ, bạn đặt ngay nhé"}' '\(base)/api/v1/conversations/CONVERSATION_ID/replies'

            A WhatsApp buyer last wrote 25 hours ago: only an approved template may answer now, and the
            conversation page offers the number's templates to fill in and send.

            The catalog (\(base)/catalog) holds three products listed on TikTok Shop, Shopee and Lazada;
            buyers order now and then on each, and every stock change is pushed to the other platforms.
            A stocktake through the API (the catalog page shows what each platform acknowledged):

              curl -s -X PUT -H 'Authorization: Bearer \(token)' -H 'Content-Type: application/json' \\
                -d '{"on_hand":50}' '\(base)/api/v1/inventory/SON-LI-07'

            Their orders (\(base)/orders) move from awaiting shipment to delivered, a few shipped late and
            some due within the hour; each conversation shows its buyer's orders, with a cancel that takes
            the platform's own reasons. Orders due for dispatch within 12 hours, most urgent first:

              curl -s -H 'Authorization: Bearer \(token)' '\(base)/api/v1/orders?at_risk=true'

            Press Ctrl-C to stop.

            """
    }
}

/// Where the demo keeps its data: a fresh temporary directory, or one the user named that holds no
/// ShopDesk database yet (a demo never writes into a real one).
struct DemoDirectory {
    var path: String
    var isTemporary: Bool

    init(_ requested: String?) throws {
        let manager = FileManager.default
        if let requested {
            let url = URL(fileURLWithPath: requested)
            if manager.fileExists(atPath: url.appendingPathComponent("shopdesk.sqlite").path) {
                throw CommandError("\(requested) already holds a ShopDesk database; give the demo an empty directory or none")
            }
            do {
                try manager.createDirectory(at: url, withIntermediateDirectories: true)
            } catch {
                throw CommandError("cannot create \(requested): \(error.localizedDescription)")
            }
            self.path = url.path
            self.isTemporary = false
        } else {
            let url = manager.temporaryDirectory.appendingPathComponent("shopdesk-demo-\(UUID().uuidString.prefix(8).lowercased())")
            try manager.createDirectory(at: url, withIntermediateDirectories: true)
            self.path = url.path
            self.isTemporary = true
        }
    }

    func removeIfTemporary() {
        if self.isTemporary { try? FileManager.default.removeItem(atPath: self.path) }
    }
}

/// Tells the traffic service that ShopDesk is listening.
final class DemoReadiness: Sendable {
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init() {
        (self.stream, self.continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    func signal() {
        self.continuation.yield()
    }

    func wait() async {
        var iterator = self.stream.makeAsyncIterator()
        _ = await iterator.next()
    }
}

/// Once ShopDesk listens: connects the simulator (one channel account per platform), prints the
/// banner, and plays buyer traffic until the demo stops.
final class DemoTraffic: Service, Sendable {
    let simulator: Simulator
    let ready: DemoReadiness
    let shopDesk: String
    let token: String
    let banner: String
    let failure = Mutex<(any Error)?>(nil)

    init(simulator: Simulator, ready: DemoReadiness, shopDesk: String, token: String, banner: String) {
        self.simulator = simulator
        self.ready = ready
        self.shopDesk = shopDesk
        self.token = token
        self.banner = banner
    }

    func run() async throws {
        await cancelWhenGracefulShutdown { await self.ready.wait() }
        guard !Task.isCancelled else { return }
        do {
            try await HTTPClientTransport.withLive { transport in
                _ = try await self.simulator.connect(shopDesk: self.shopDesk, token: self.token, transport: transport)
                try await self.simulator.prepareWhatsAppFollowUps(shopDesk: self.shopDesk, token: self.token, transport: transport)
                try await self.simulator.prepareCatalog(shopDesk: self.shopDesk, token: self.token, transport: transport)
                // Order pushes go astray now and then, as the platforms' do; reconciliation finds those orders.
                await self.simulator.world.setOrderPushChaos(0.1)
                // Written straight to the file descriptor: shown at once even when the output is a pipe or a file.
                FileHandle.standardOutput.write(Data((self.banner + "\n").utf8))
                await cancelWhenGracefulShutdown {
                    await withTaskGroup(of: Void.self) { group in
                        group.addTask { _ = await self.simulator.runTraffic(transport: transport) }
                        group.addTask { await self.simulator.runSales(every: .seconds(15), transport: transport) }
                        await group.next()
                        group.cancelAll()
                    }
                }
            }
        } catch {
            self.failure.withLock { $0 = error }
            throw error
        }
    }
}
