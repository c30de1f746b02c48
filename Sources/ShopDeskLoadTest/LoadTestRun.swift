import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import ShopDeskChannels
import ShopDeskCommandLine
import ShopDeskCore
import ShopDeskSimulator
import ShopDeskStore

/// One run: the server process, the accounts, the plan, the load, and the checks after it.
public struct LoadTestRun {
    /// Makes an owner with this e-mail and password in the server's database before the server starts, and
    /// returns an API token acting as them. The server's administration does that (password hashing, the
    /// audit entry); taking it as a parameter keeps the engine independent of the server's code.
    public typealias CreateOwner = (_ email: String, _ password: String) async throws -> String

    let options: LoadTestOptions
    let logger: Logger

    public init(options: LoadTestOptions, logger: Logger) {
        self.options = options
        self.logger = logger
    }

    var base: String { "http://127.0.0.1:\(self.options.port)" }

    /// Creates the owner, starts the server, loads it, checks what it stored, and stops it.
    public func run(createOwner: CreateOwner) async throws -> LoadTestReport {
        let email = "loadtest-\(UUID().uuidString.prefix(8).lowercased())@example.com"
        let password = UUID().uuidString
        let token = try await createOwner(email, password)

        let server = try ServerProcess.start(
            port: self.options.port, dataDirectory: self.options.dataDirectory, databaseURL: self.options.databaseURL)
        defer { server.stop() }
        let client = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: .init(
                connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: self.options.connections))
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
        let messages = self.options.rate.map { Int(($0 * self.options.duration).rounded()) } ?? self.options.messages
        if isatty(STDERR_FILENO) == 1 { FileHandle.standardError.write(Data("building and signing \(messages) messages…\n".utf8)) }
        let plan = try LoadPlan.make(
            accounts: accounts, messages: messages, newConversationShare: self.options.newConversations,
            duplicateShare: self.options.duplicates, seed: self.options.seed
        )
        let outcome = await LoadSender(client: client, plan: plan, connections: self.options.connections, rate: self.options.rate).run()
        var inbox: [Double] = []
        for _ in 0..<self.options.inboxRequests {
            let started = ContinuousClock.now
            let response = try await Self.request(client, "GET", self.base + "/api/v1/conversations?limit=50", token: token)
            guard response.status == 200 else { throw LoadTestError("the inbox page answered \(response.status)") }
            inbox.append(ProgressBar.seconds(ContinuousClock.now - started) * 1000)
        }
        var pages: [Double] = []
        if self.options.pageRequests > 0 {
            // Signed in through the API: the session cookie serves the pages too.
            var login = HTTPClientRequest(url: self.base + "/api/v1/auth/login")
            login.method = .POST
            login.headers.add(name: "Content-Type", value: "application/json")
            login.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: ["email": email, "password": password])))
            let signedIn = try await client.execute(login, timeout: .seconds(30))
            _ = try await signedIn.body.collect(upTo: 1 << 20)
            guard let cookie = signedIn.headers.first(name: "set-cookie")?.split(separator: ";").first else {
                throw LoadTestError("signing in for the page requests answered \(signedIn.status.code)")
            }
            for _ in 0..<self.options.pageRequests {
                var request = HTTPClientRequest(url: self.base + "/")
                request.headers.add(name: "Cookie", value: String(cookie))
                let started = ContinuousClock.now
                let response = try await client.execute(request, timeout: .seconds(30))
                _ = try await response.body.collect(upTo: 16 << 20)
                guard response.status == .ok else { throw LoadTestError("the inbox page answered \(response.status.code)") }
                pages.append(ProgressBar.seconds(ContinuousClock.now - started) * 1000)
            }
            pages.sort()
        }
        let rss = server.peakRSSMegabytes()
        server.stop()
        let (stored, conversations, missing) = try await self.storedCounts(accounts: accounts, acknowledged: outcome.acknowledged)
        let latencies = outcome.latencies.sorted()
        inbox.sort()
        return LoadTestReport(
            database: self.options.databaseURL == nil ? "SQLite (WAL, synchronous=FULL)" : "PostgreSQL",
            platforms: self.options.platforms.map(\.rawValue), connections: self.options.connections, targetRate: self.options.rate,
            messages: plan.uniqueMessages, pushes: plan.pushes.count, duplicatePushes: plan.pushes.filter(\.isDuplicate).count,
            acknowledgedMessages: outcome.acknowledged.count, rejectedPushes: outcome.rejectedPushes, failedPushes: outcome.failedPushes,
            seconds: outcome.seconds, messagesPerSecond: Double(outcome.acknowledged.count) / max(outcome.seconds, 1e-9),
            latencyP50Milliseconds: LatencySummary.percentile(latencies, 0.50), latencyP99Milliseconds: LatencySummary.percentile(latencies, 0.99),
            latencyMaxMilliseconds: latencies.last ?? 0, storedMessages: stored,
            duplicatesStored: max(0, stored - plan.uniqueMessages), lostMessages: missing,
            startupSeconds: startup, peakRSSMegabytes: rss, inboxRequests: inbox.count,
            inboxP50Milliseconds: inbox.isEmpty ? nil : LatencySummary.percentile(inbox, 0.50),
            inboxP99Milliseconds: inbox.isEmpty ? nil : LatencySummary.percentile(inbox, 0.99), inboxMaxMilliseconds: inbox.last,
            conversations: conversations, pageRequests: pages.count,
            pageP50Milliseconds: pages.isEmpty ? nil : LatencySummary.percentile(pages, 0.50),
            pageP99Milliseconds: pages.isEmpty ? nil : LatencySummary.percentile(pages, 0.99), pageMaxMilliseconds: pages.last
        )
    }

    /// One channel account per platform, created through the API like a seller would (the simulator's
    /// own account set-up). Replies are not part of the load: their send API is an address nothing
    /// listens on.
    private func createAccounts(token: String) async throws -> [SimulatedAccount] {
        try await HTTPClientTransport.withLive { transport in
            try await Simulator.createAccounts(
                self.options.platforms, apiBaseURL: "http://127.0.0.1:9", shopDesk: self.base, token: token, transport: transport
            )
        }
    }

    /// What the database holds for the test's accounts: messages, conversations, and how many of the
    /// acknowledged messages are not among them (lost).
    private func storedCounts(
        accounts: [SimulatedAccount], acknowledged: Set<LoadSender.MessageRef>
    ) async throws -> (messages: Int, conversations: Int, missing: Int) {
        let location = try DatabaseLocation.resolve(databaseURL: self.options.databaseURL, dataDirectory: self.options.dataDirectory)
        let secrets = try SecretBox.load(environmentKey: nil, dataDirectory: self.options.dataDirectory)
        return try await SQLStore.withStore(location, secrets: secrets, logger: self.logger) { store in
            var messages = 0
            var conversations = 0
            var missing = acknowledged
            for account in accounts {
                let channel = ChannelAccount.ID(rawValue: account.channelAccountID)
                let counts = try await store.messageCounts(channel: channel)
                messages += counts.messages
                conversations += counts.conversations
                for id in try await store.platformMessageIDs(channel: channel) {
                    missing.remove(LoadSender.MessageRef(channel: account.channelAccountID, platformMessageID: id))
                }
            }
            return (messages, conversations, missing.count)
        }
    }

    static func request(
        _ client: HTTPClient, _ method: String, _ url: String, token: String, body: [String: Any]? = nil
    ) async throws -> (status: Int, json: [String: Any]) {
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
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
