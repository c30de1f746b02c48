import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import ShopDeskChannels
import ShopDeskCore
import Synchronization

/// How the simulator runs: where it listens, which platforms and languages it plays, how fast buyers
/// write, and how often things go wrong.
public struct SimulatorOptions: Sendable {
    public var host: String
    /// 0 picks a free port.
    public var port: Int
    public var platforms: [Platform]
    public var languages: [String]
    /// Buyer messages per second across all accounts.
    public var rate: Double
    /// Seconds of traffic; nil runs until stopped.
    public var duration: TimeInterval?
    public var scenario: Scenario
    /// Share of send-API calls answered with an injected 429 or 503.
    public var failureRate: Double
    public var seed: UInt64

    public static let allPlatforms: [Platform] = [.tiktokShop, .shopee, .lazada, .facebook, .instagram, .whatsapp, .line]

    public init(
        host: String = "127.0.0.1", port: Int = 0, platforms: [Platform] = SimulatorOptions.allPlatforms,
        languages: [String] = PhraseBook.languages, rate: Double = 1, duration: TimeInterval? = nil, scenario: Scenario,
        failureRate: Double = 0.02, seed: UInt64 = UInt64.random(in: 1...UInt64.max)
    ) {
        self.host = host
        self.port = port
        self.platforms = platforms
        self.languages = languages
        self.rate = rate
        self.duration = duration
        self.scenario = scenario
        self.failureRate = failureRate
        self.seed = seed
    }

    /// Names every unusable option at once.
    public func validate() throws(SimulatorError) {
        var problems: [String] = []
        if !(0...65535).contains(self.port) { problems.append("port \(self.port) is out of range 0-65535") }
        if self.platforms.isEmpty || self.platforms.contains(.custom) {
            problems.append("platforms must be some of \(Self.allPlatforms.map(\.rawValue).joined(separator: ", "))")
        }
        let unknown = self.languages.filter { !PhraseBook.languages.contains($0) }
        if self.languages.isEmpty || !unknown.isEmpty { problems.append("languages must be some of \(PhraseBook.languages.joined(separator: ", "))") }
        if !(self.rate > 0 && self.rate <= 10_000) { problems.append("rate must be more than 0 and at most 10000 messages per second") }
        if let duration = self.duration, !(duration > 0) { problems.append("duration must be more than 0 seconds") }
        if !(0...1).contains(self.failureRate) { problems.append("failure rate must be between 0 and 1") }
        if !problems.isEmpty { throw .invalidOption(problems.joined(separator: "; ")) }
    }
}

/// What a run of buyer traffic did.
public struct TrafficReport: Sendable, Hashable, CustomStringConvertible {
    public var messages = 0
    public var pushes = 0
    public var acknowledged = 0
    public var refused = 0
    public var unreachable = 0
    public var duplicatesSent = 0
    public var reordered = 0
    public var repliesReceived = 0
    public var refusedSignatures = 0
    public var injectedFailures = 0

    public var description: String {
        """
        buyer messages \(self.messages), pushes \(self.pushes) (duplicates \(self.duplicatesSent), out of order \(self.reordered))
        acknowledged \(self.acknowledged), refused \(self.refused), unreachable \(self.unreachable)
        replies received \(self.repliesReceived), refused signatures \(self.refusedSignatures), injected 429/5xx \(self.injectedFailures)
        """
    }
}

/// Identifies one simulated buyer message, for tests that look for it in ShopDesk.
public struct SentBuyerMessage: Sendable, Hashable {
    public var channelAccountID: String
    public var conversationID: String
    public var buyerID: String
    public var messageID: String
}

/// A stand-in for every platform ShopDesk talks to: serves their send and read APIs on loopback
/// (checking ShopDesk's signatures as the platforms do) and pushes signed webhooks with buyer traffic.
public final class Simulator: Sendable {
    public let world: SimulatedWorld
    public let options: SimulatorOptions
    let phrases: PhraseBook
    private let traffic: Mutex<BuyerTraffic>
    private let listening = Mutex<(port: Int?, waiters: [CheckedContinuation<Int, Never>])>((nil, []))
    private let logger: Logger

    public init(options: SimulatorOptions, logger: Logger) throws {
        try options.validate()
        self.options = options
        self.phrases = try PhraseBook.bundled()
        self.world = SimulatedWorld(failureRate: options.failureRate)
        self.traffic = Mutex(BuyerTraffic(scenario: options.scenario, phrases: self.phrases, languages: options.languages, seed: options.seed))
        self.logger = logger
    }

    // MARK: The platforms' APIs

    /// The HTTP server for the platforms' APIs at `http://host:port/{platform}/…`: a `Service`, so it
    /// stops cleanly on the graceful shutdown of the group it runs in.
    public func server() -> some Service {
        let router = Router()
        let world = self.world
        let handler: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            let path = request.uri.path
            let parts = path.split(separator: "/", maxSplits: 1)
            guard let first = parts.first, let platform = Platform(rawValue: String(first)) else {
                return Response(status: .notFound)
            }
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let body = Array(buffer: try await request.body.collect(upTo: 1 << 20))
            let query = request.uri.query.map { SimulatorRequest.formItems($0) } ?? []
            let answer = await world.handle(
                platform,
                SimulatorRequest(
                    method: request.method.rawValue, path: "/" + (parts.count > 1 ? String(parts[1]) : ""), query: query, headers: headers,
                    body: body
                )
            )
            var fields = HTTPFields()
            for (name, value) in answer.headers {
                if let name = HTTPField.Name(name) { fields[name] = value }
            }
            return Response(status: .init(code: answer.status), headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
        }
        router.get("**", use: handler)
        router.post("**", use: handler)
        return Application(
            router: router, configuration: .init(address: .hostname(self.options.host, port: self.options.port), serverName: "shopdesk-simulator"),
            onServerRunning: { channel in self.listeningOn(channel.localAddress?.port ?? self.options.port) },
            logger: self.logger
        )
    }

    private func listeningOn(_ port: Int) {
        let waiters = self.listening.withLock { state in
            state.port = port
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: port) }
    }

    /// The port the APIs listen on, once they do.
    public func port() async -> Int {
        await withCheckedContinuation { continuation in
            let port = self.listening.withLock { state -> Int? in
                if let port = state.port { return port }
                state.waiters.append(continuation)
                return nil
            }
            if let port { continuation.resume(returning: port) }
        }
    }

    /// Where ShopDesk's channel accounts send their API calls (`api_base_url` adds the platform).
    public func apiBaseURL() async -> String {
        "http://\(self.options.host):\(await self.port())"
    }

    // MARK: Buyer traffic

    /// Sends one buyer message to `account`, written `at` (now by default; earlier for a buyer who wrote
    /// long ago), as a push ShopDesk acknowledges (text, or a sticker when `text` is nil); returns where it
    /// can be found. With `push` false the message is only on the platform, as when pushes fail or are
    /// switched off: polling must find it.
    @discardableResult
    public func sendBuyerMessage(
        _ text: String?, to account: SimulatedAccount, conversation: SentBuyerMessage? = nil, at: Date = Date(), push: Bool = true,
        transport: any PlatformTransport
    ) async throws -> SentBuyerMessage {
        var event = self.traffic.withLock { $0.next(for: account, at: at) }[0]
        event.surface = .chat
        event.text = text
        event.contentType = text == nil ? .sticker : .text
        if let conversation {
            event.conversationID = conversation.conversationID
            event.buyerID = conversation.buyerID
        } else if [.facebook, .instagram, .whatsapp, .line].contains(account.platform) {
            event.conversationID = event.buyerID
        }
        await self.record(event)
        let sent = SentBuyerMessage(
            channelAccountID: account.channelAccountID, conversationID: event.conversationID, buyerID: event.buyerID,
            messageID: event.messageID
        )
        if push { try await self.redeliver(sent, transport: transport) }
        return sent
    }

    /// Pushes a message the platform already holds (again): a late or repeated delivery.
    public func redeliver(_ sent: SentBuyerMessage, transport: any PlatformTransport) async throws {
        guard let account = await self.world.accounts[sent.channelAccountID],
            let stored = await self.world.conversation(account: sent.channelAccountID, id: sent.conversationID)?.messages
                .first(where: { $0.id == sent.messageID })
        else { throw SimulatorError.invalidOption("no message \(sent.messageID) on \(sent.channelAccountID)") }
        let event = BuyerEvent(
            account: account, conversationID: sent.conversationID, buyerID: sent.buyerID,
            buyerName: await self.world.conversation(account: sent.channelAccountID, id: sent.conversationID)?.buyerName ?? "",
            messageID: sent.messageID, text: stored.text, contentType: stored.contentType, referenceID: stored.referenceID, surface: .chat,
            at: stored.at
        )
        let status = try await self.deliver(PushBuilder.push(for: event, pushID: await self.world.nextID()), transport: transport)
        guard (200..<300).contains(status) else { throw SimulatorError.shopDesk("the push was answered \(status)") }
    }

    /// Pushes buyer traffic to every connected account at the configured rate, for the configured
    /// duration (or until cancelled), and reports what happened.
    public func runTraffic(transport: any PlatformTransport, onTick: @Sendable (TrafficReport) -> Void = { _ in }) async -> TrafficReport {
        var report = TrafficReport()
        let accounts = await self.world.allAccounts()
        guard !accounts.isEmpty else { return report }
        let started = ContinuousClock.now
        let interval = Duration.seconds(1 / self.options.rate)
        var held: Push?
        var random = SplitMix64(seed: self.options.seed ^ 0x5EED)
        var tick = 0
        while !Task.isCancelled {
            if let duration = self.options.duration, ContinuousClock.now - started >= .seconds(duration) { break }
            let account = accounts[tick % accounts.count]
            tick += 1
            let events = self.traffic.withLock { $0.next(for: account, at: Date()) }
            for event in events {
                report.messages += 1
                await self.record(event)
                var pushes = [PushBuilder.push(for: event, pushID: await self.world.nextID())]
                if Double.random(in: 0..<1, using: &random) < self.options.scenario.duplicate {
                    pushes.append(pushes[0])
                    report.duplicatesSent += 1
                }
                if held == nil, Double.random(in: 0..<1, using: &random) < self.options.scenario.outOfOrder {
                    held = pushes.removeFirst()
                    report.reordered += 1
                } else if let later = held {
                    pushes.append(later)
                    held = nil
                }
                for push in pushes {
                    report.pushes += 1
                    do {
                        let status = try await self.deliver(push, transport: transport)
                        if (200..<300).contains(status) { report.acknowledged += 1 } else { report.refused += 1 }
                    } catch {
                        report.unreachable += 1
                    }
                }
            }
            onTick(report)
            try? await Task.sleep(until: started + interval * tick, clock: .continuous)
        }
        if let push = held {
            report.pushes += 1
            if let status = try? await self.deliver(push, transport: transport), (200..<300).contains(status) {
                report.acknowledged += 1
            } else {
                report.refused += 1
            }
        }
        report.repliesReceived = await self.world.received.count
        report.refusedSignatures = await self.world.refusedSignatures
        report.injectedFailures = await self.world.injectedFailures
        return report
    }

    /// Keeps the buyer's message where the platform's read APIs and messaging windows find it.
    private func record(_ event: BuyerEvent) async {
        await self.world.store(
            StoredMessage(
                id: event.messageID, conversationID: event.conversationID, fromBuyer: true, buyerID: event.buyerID, text: event.text,
                contentType: event.contentType, referenceID: event.referenceID, at: event.at
            ),
            buyerName: event.buyerName, account: event.account.channelAccountID
        )
    }

    func deliver(_ push: Push, transport: any PlatformTransport) async throws -> Int {
        var headers = push.headers
        headers["content-type"] = "application/json"
        return try await transport.perform(PlatformRequest(method: .post, baseURL: push.url, path: "", headers: headers, body: push.body)).status
    }
}
