import ArgumentParser
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import ShopDeskChannels
import ShopDeskCore
import ShopDeskServer
import ShopDeskSimulator
import ShopDeskStore
import Synchronization

/// `shopdesk loadtest`: starts a ShopDesk server as a child process on a fresh database, pushes
/// correctly signed platform webhooks at it over loopback, and reports what it acknowledged, how fast,
/// what it stored and how much memory it took.
struct LoadTest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loadtest",
        abstract: "Push signed platform webhooks at a fresh ShopDesk over loopback and report throughput, latency, duplicates and memory.",
        discussion: """
            The server runs as a child process (`shopdesk serve`, polling off) on a temporary data directory, or \
            on --database-url. The pushes (Shopee, Facebook, Instagram, WhatsApp, LINE and custom channels: the \
            platforms whose pushes carry the message) are built and signed before the clock starts. With --rate \
            they are sent on a fixed schedule and latency counts from each push's scheduled time; without, as \
            fast as --connections allow. A push is acknowledged only after its messages are committed.
            """
    )

    @Option(help: "Messages per second (default: as fast as possible).") var rate: Double?
    @Option(help: "Seconds of load with --rate.") var duration: Double = 10
    @Option(help: "Messages to send without --rate.") var messages = 100_000
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
        if let rate = self.rate, !(rate > 0) { throw ValidationError("--rate must be above 0") }
        guard self.duration > 0, self.messages > 0, (1...4096).contains(self.connections) else {
            throw ValidationError("--duration and --messages must be positive, --connections 1 to 4096")
        }
        guard (0...1).contains(self.newConversations), (0...1).contains(self.duplicates) else {
            throw ValidationError("--new-conversations and --duplicates are shares from 0 to 1")
        }
    }

    func run() async throws {
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
            let report = try await LoadTestRun(command: self, settings: settings, platforms: chosen, logger: logger).run()
            if self.json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
            } else {
                print(report.text)
            }
        }
    }
}

/// What a load test measured.
struct LoadTestReport: Codable {
    var database: String
    var platforms: [String]
    var connections: Int
    var targetRate: Double?
    var messages: Int
    var pushes: Int
    var duplicatePushes: Int
    var acknowledgedMessages: Int
    var failedPushes: Int
    var seconds: Double
    var messagesPerSecond: Double
    var latencyP50Milliseconds: Double
    var latencyP99Milliseconds: Double
    var latencyMaxMilliseconds: Double
    var storedMessages: Int
    var duplicatesStored: Int
    var lostMessages: Int
    var startupSeconds: Double
    var peakRSSMegabytes: Double
    var inboxRequests: Int
    var inboxP50Milliseconds: Double?
    var inboxP99Milliseconds: Double?
    var inboxMaxMilliseconds: Double?
    var conversations: Int
    var pageRequests: Int
    var pageP50Milliseconds: Double?
    var pageP99Milliseconds: Double?
    var pageMaxMilliseconds: Double?

    var text: String {
        func ms(_ value: Double) -> String { String(format: "%.2f ms", value) }
        var lines = [
            "load test on \(self.database): \(self.platforms.joined(separator: ", ")), \(self.connections) connections, "
                + (self.targetRate.map { "target \(Int($0)) messages/s" } ?? "as fast as possible"),
            "  sent          \(self.messages) messages in \(self.pushes) pushes (\(self.duplicatePushes) of them repeats)",
            "  acknowledged  \(self.acknowledgedMessages) messages in \(String(format: "%.2f", self.seconds)) s = "
                + "\(Int(self.messagesPerSecond.rounded())) messages/s; \(self.failedPushes) pushes failed",
            "  ack latency   p50 \(ms(self.latencyP50Milliseconds))  p99 \(ms(self.latencyP99Milliseconds))  max \(ms(self.latencyMaxMilliseconds))",
            "  stored        \(self.storedMessages) messages in \(self.conversations) conversations; "
                + "duplicates stored \(self.duplicatesStored); lost \(self.lostMessages)",
            "  server        start-up \(String(format: "%.2f", self.startupSeconds)) s; peak RSS \(String(format: "%.1f", self.peakRSSMegabytes)) MB",
        ]
        if let p50 = self.inboxP50Milliseconds, let p99 = self.inboxP99Milliseconds, let max = self.inboxMaxMilliseconds {
            lines.append("  inbox page    \(self.inboxRequests) requests of 50 conversations: p50 \(ms(p50))  p99 \(ms(p99))  max \(ms(max))")
        }
        if let p50 = self.pageP50Milliseconds, let p99 = self.pageP99Milliseconds, let max = self.pageMaxMilliseconds {
            lines.append("  web page      \(self.pageRequests) requests of the inbox page: p50 \(ms(p50))  p99 \(ms(p99))  max \(ms(max))")
        }
        return lines.joined(separator: "\n")
    }
}

/// The data directory of the server under load.
struct LoadTestDirectory {
    var path: String
    var isTemporary: Bool

    init(_ requested: String?) throws {
        if let requested {
            try FileManager.default.createDirectory(atPath: requested, withIntermediateDirectories: true)
            self.path = URL(fileURLWithPath: requested).path
            self.isTemporary = false
        } else {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("shopdesk-load-\(UUID().uuidString.prefix(8).lowercased())")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            self.path = url.path
            self.isTemporary = true
        }
    }

    func removeIfTemporary() {
        if self.isTemporary { try? FileManager.default.removeItem(atPath: self.path) }
    }
}

/// One run: the server process, the accounts, the plan, the load, and the checks after it.
struct LoadTestRun {
    let command: LoadTest
    let settings: AppSettings
    let platforms: [Platform]
    let logger: Logger

    var base: String { "http://127.0.0.1:\(self.settings.port)" }

    func run() async throws -> LoadTestReport {
        var quiet = self.logger
        quiet.logLevel = .warning
        let email = "loadtest-\(UUID().uuidString.prefix(8).lowercased())@example.com"
        let password = UUID().uuidString
        _ = try await Administration.createAdmin(self.settings, email: email, password: password, name: "Load test", logger: quiet)
        let token = try await Administration.createToken(self.settings, name: "loadtest", logger: quiet)

        let server = try ServerProcess.start(settings: self.settings)
        defer { server.stop() }
        let client = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: .init(connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: self.command.connections))
        )
        do {
            let report = try await self.measure(client: client, server: server, token: token, email: email, password: password)
            try await client.shutdown()
            return report
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    private func measure(client: HTTPClient, server: ServerProcess, token: String, email: String, password: String) async throws -> LoadTestReport {
        let startup = try await server.waitUntilHealthy(client: client, base: self.base)
        let accounts = try await self.createAccounts(token: token)
        let messages = self.command.rate.map { Int(($0 * self.command.duration).rounded()) } ?? self.command.messages
        if isatty(STDERR_FILENO) == 1 { FileHandle.standardError.write(Data("building and signing \(messages) messages…\n".utf8)) }
        let plan = try LoadPlan.make(
            accounts: accounts, messages: messages, newConversationShare: self.command.newConversations,
            duplicateShare: self.command.duplicates, seed: self.command.seed
        )
        let outcome = await LoadSender(client: client, plan: plan, connections: self.command.connections, rate: self.command.rate).run()
        var inbox: [Double] = []
        for _ in 0..<self.command.inboxRequests {
            let started = ContinuousClock.now
            let response = try await Self.request(client, "GET", self.base + "/api/v1/conversations?limit=50", token: token)
            guard response.status == 200 else { throw CommandError("the inbox page answered \(response.status)") }
            inbox.append(ProgressBar.seconds(ContinuousClock.now - started) * 1000)
        }
        var pages: [Double] = []
        if self.command.pageRequests > 0 {
            // Signed in through the API: the session cookie serves the pages too.
            var login = HTTPClientRequest(url: self.base + "/api/v1/auth/login")
            login.method = .POST
            login.headers.add(name: "Content-Type", value: "application/json")
            login.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: ["email": email, "password": password])))
            let signedIn = try await client.execute(login, timeout: .seconds(30))
            _ = try await signedIn.body.collect(upTo: 1 << 20)
            guard let cookie = signedIn.headers.first(name: "set-cookie")?.split(separator: ";").first else {
                throw CommandError("signing in for the page requests answered \(signedIn.status.code)")
            }
            for _ in 0..<self.command.pageRequests {
                var request = HTTPClientRequest(url: self.base + "/")
                request.headers.add(name: "Cookie", value: String(cookie))
                let started = ContinuousClock.now
                let response = try await client.execute(request, timeout: .seconds(30))
                _ = try await response.body.collect(upTo: 16 << 20)
                guard response.status == .ok else { throw CommandError("the inbox page answered \(response.status.code)") }
                pages.append(ProgressBar.seconds(ContinuousClock.now - started) * 1000)
            }
            pages.sort()
        }
        let rss = server.peakRSSMegabytes()
        server.stop()
        let (stored, conversations) = try await self.storedCounts(accounts: accounts)
        let latencies = outcome.latencies.sorted()
        inbox.sort()
        return LoadTestReport(
            database: self.settings.databaseURL == nil ? "SQLite (WAL, synchronous=FULL)" : "PostgreSQL",
            platforms: self.platforms.map(\.rawValue), connections: self.command.connections, targetRate: self.command.rate,
            messages: plan.uniqueMessages, pushes: plan.pushes.count, duplicatePushes: plan.pushes.filter(\.isDuplicate).count,
            acknowledgedMessages: outcome.acknowledgedMessages, failedPushes: outcome.failedPushes, seconds: outcome.seconds,
            messagesPerSecond: Double(outcome.acknowledgedMessages) / max(outcome.seconds, 1e-9),
            latencyP50Milliseconds: Self.percentile(latencies, 0.50), latencyP99Milliseconds: Self.percentile(latencies, 0.99),
            latencyMaxMilliseconds: latencies.last ?? 0, storedMessages: stored,
            duplicatesStored: max(0, stored - outcome.acknowledgedMessages), lostMessages: max(0, outcome.acknowledgedMessages - stored),
            startupSeconds: startup, peakRSSMegabytes: rss, inboxRequests: inbox.count,
            inboxP50Milliseconds: inbox.isEmpty ? nil : Self.percentile(inbox, 0.50),
            inboxP99Milliseconds: inbox.isEmpty ? nil : Self.percentile(inbox, 0.99), inboxMaxMilliseconds: inbox.last,
            conversations: conversations, pageRequests: pages.count,
            pageP50Milliseconds: pages.isEmpty ? nil : Self.percentile(pages, 0.50),
            pageP99Milliseconds: pages.isEmpty ? nil : Self.percentile(pages, 0.99), pageMaxMilliseconds: pages.last
        )
    }

    /// One channel account per platform, created through the API like a seller would (the simulator's
    /// own account set-up). Replies are not part of the load: their send API is an address nothing
    /// listens on.
    private func createAccounts(token: String) async throws -> [SimulatedAccount] {
        try await HTTPClientTransport.withLive { transport in
            try await Simulator.createAccounts(
                self.platforms, apiBaseURL: "http://127.0.0.1:9", shopDesk: self.base, token: token, transport: transport
            )
        }
    }

    private func storedCounts(accounts: [SimulatedAccount]) async throws -> (messages: Int, conversations: Int) {
        let location = try self.settings.databaseLocation()
        let secrets = try SecretBox.load(environmentKey: self.settings.secretKey, dataDirectory: self.settings.dataDirectory)
        return try await SQLStore.withStore(location, secrets: secrets, logger: self.logger) { store in
            var messages = 0
            var conversations = 0
            for account in accounts {
                let counts = try await store.messageCounts(channel: ChannelAccount.ID(rawValue: account.channelAccountID))
                messages += counts.messages
                conversations += counts.conversations
            }
            return (messages, conversations)
        }
    }

    static func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)]
    }

    static func request(
        _ client: HTTPClient, _ method: String, _ url: String, token: String, body: [String: Any]? = nil
    ) async throws -> (status: Int, json: [String: Any]) {
        var request = HTTPClientRequest(url: url)
        request.method = method == "POST" ? .POST : method == "PATCH" ? .PATCH : .GET
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        }
        let response = try await client.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        let json = (try? JSONSerialization.jsonObject(with: Data(bytes.readableBytesView))) as? [String: Any] ?? [:]
        return (Int(response.status.code), json)
    }
}

/// Sends a plan's pushes over `connections` concurrent requests, on a schedule or flat out.
struct LoadSender {
    let client: HTTPClient
    let plan: LoadPlan
    let connections: Int
    let rate: Double?

    /// The next push to send and the pushes answered, shared by the senders.
    final class Counters: Sendable {
        let next = Atomic<Int>(0)
        let done = Atomic<Int>(0)
    }

    struct Outcome {
        var acknowledgedMessages = 0
        var failedPushes = 0
        var seconds = 0.0
        /// Milliseconds, one per push.
        var latencies: [Double] = []
    }

    func run() async -> Outcome {
        let counters = Counters()
        let pushes = self.plan.pushes
        // Pushes per second: the message rate, scaled by the repeats in the plan.
        let pushRate = self.rate.map { $0 * Double(pushes.count) / Double(max(1, self.plan.uniqueMessages)) }
        let progress = ProgressBar("load", total: pushes.count, unit: "pushes")
        let clock = ContinuousClock()
        let started = clock.now
        let outcome = await withTaskGroup(of: Outcome.self) { group in
            for _ in 0..<self.connections {
                group.addTask {
                    var local = Outcome()
                    while true {
                        let index = counters.next.add(1, ordering: .relaxed).oldValue
                        guard index < pushes.count else { break }
                        let push = pushes[index]
                        var from = clock.now
                        if let pushRate {
                            let due = started.advanced(by: .nanoseconds(Int64(Double(index) / pushRate * 1e9)))
                            if due > from { try? await clock.sleep(until: due) }
                            from = due
                        }
                        var request = HTTPClientRequest(url: push.url)
                        request.method = .POST
                        request.headers.add(name: "Content-Type", value: "application/json")
                        for (name, value) in push.headers { request.headers.add(name: name, value: value) }
                        request.body = .bytes(ByteBuffer(bytes: push.body))
                        do {
                            let response = try await self.client.execute(request, timeout: .seconds(60))
                            _ = try await response.body.collect(upTo: 1 << 20)
                            if (200..<300).contains(response.status.code) {
                                if !push.isDuplicate { local.acknowledgedMessages += 1 }
                            } else {
                                local.failedPushes += 1
                            }
                        } catch {
                            local.failedPushes += 1
                        }
                        local.latencies.append(ProgressBar.seconds(clock.now - from) * 1000)
                        let done = counters.done.add(1, ordering: .relaxed).newValue
                        if done % 256 == 0 || done == pushes.count { progress.update(done) }
                    }
                    return local
                }
            }
            var total = Outcome()
            for await part in group {
                total.acknowledgedMessages += part.acknowledgedMessages
                total.failedPushes += part.failedPushes
                total.latencies += part.latencies
            }
            return total
        }
        progress.finish()
        var result = outcome
        result.seconds = ProgressBar.seconds(clock.now - started)
        return result
    }
}

/// `shopdesk serve` as a child process, for a load test that measures the server alone.
final class ServerProcess: Sendable {
    let process: Process
    let started: ContinuousClock.Instant

    private init(process: Process, started: ContinuousClock.Instant) {
        self.process = process
        self.started = started
    }

    static func start(settings: AppSettings) throws -> ServerProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["serve", "--port", String(settings.port), "--data-dir", settings.dataDirectory]
            + (settings.databaseURL.map { ["--database-url", $0] } ?? [])
        var environment = ProcessInfo.processInfo.environment
        environment["SHOPDESK_POLL_INTERVAL"] = "off"
        environment["SHOPDESK_LOG_LEVEL"] = "warning"
        process.environment = environment
        let log = URL(fileURLWithPath: settings.dataDirectory).appendingPathComponent("loadtest-server.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        let started = ContinuousClock.now
        try process.run()
        return ServerProcess(process: process, started: started)
    }

    /// Seconds from launch until `/healthz` answers.
    func waitUntilHealthy(client: HTTPClient, base: String) async throws -> Double {
        while ContinuousClock.now - self.started < .seconds(30) {
            guard self.process.isRunning else { throw CommandError("the server exited at start (see loadtest-server.log in the data directory)") }
            if let response = try? await client.execute(HTTPClientRequest(url: base + "/healthz"), timeout: .seconds(1)),
               response.status == .ok {
                return ProgressBar.seconds(ContinuousClock.now - self.started)
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw CommandError("the server did not answer /healthz within 30 seconds")
    }

    /// The server's peak resident memory (`VmHWM`), in megabytes.
    func peakRSSMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/\(self.process.processIdentifier)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = Double(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        else { return 0 }
        return kilobytes / 1024
    }

    /// Stops the server gracefully (SIGTERM: it drains what it accepted) and waits.
    func stop() {
        guard self.process.isRunning else { return }
        self.process.terminate()
        self.process.waitUntilExit()
    }
}
