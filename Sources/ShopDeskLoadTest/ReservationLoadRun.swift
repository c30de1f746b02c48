import AsyncHTTPClient
import Foundation
import NIOCore

/// One checkout load run: the server process, a hot SKU with its stock, reservations with `/healthz`
/// beside them, and the SKU's stock checked against the answers afterwards.
public struct ReservationLoadRun {
    let options: ReservationLoadOptions

    public init(options: ReservationLoadOptions) {
        self.options = options
    }

    var base: String { "http://127.0.0.1:\(self.options.port)" }

    /// Creates the owner, starts the server, loads it, checks the stock, and stops it.
    public func run(createOwner: LoadTestRun.CreateOwner) async throws -> ReservationLoadReport {
        let email = "loadtest-\(UUID().uuidString.prefix(8).lowercased())@example.com"
        let token = try await createOwner(email, UUID().uuidString)
        let server = try ServerProcess.start(
            port: self.options.port, dataDirectory: self.options.dataDirectory, databaseURL: self.options.databaseURL)
        defer { server.stop() }
        let client = Self.client(connections: self.options.connections)
        let healthClient = Self.client(connections: self.options.healthConnections)
        do {
            let report = try await self.measure(client: client, healthClient: healthClient, server: server, token: token)
            try await client.shutdown()
            try await healthClient.shutdown()
            return report
        } catch {
            try? await client.shutdown()
            try? await healthClient.shutdown()
            throw error
        }
    }

    private static func client(connections: Int) -> HTTPClient {
        HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: .init(connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connections))
        )
    }

    private func measure(client: HTTPClient, healthClient: HTTPClient, server: ServerProcess, token: String) async throws -> ReservationLoadReport {
        let startup = try await server.waitUntilHealthy(client: client, base: self.base)
        let runID = UUID().uuidString.prefix(8).lowercased()
        let sku = "LOADTEST-\(runID)"
        let product: [String: Any] = [
            "sku": sku, "title": ["en": "Load test hot SKU"], "prices": [["market": "TH", "currency": "THB", "amount": "199.00"]],
        ]
        let created = try await LoadTestRun.request(client, "POST", self.base + "/api/v1/products", token: token, body: product)
        guard created.status == 201 else { throw LoadTestError("creating the product answered \(created.status)") }
        let stocked = try await LoadTestRun.request(
            client, "PUT", self.base + "/api/v1/inventory/\(sku)", token: token, body: ["on_hand": self.options.onHand])
        guard stocked.status == 200 else { throw LoadTestError("setting the stock answered \(stocked.status)") }

        let (load, health) = await ReservationSender(
            client: client, healthClient: healthClient, base: self.base, token: token, sku: sku, runID: runID, options: self.options
        ).run()

        let inventory = try await LoadTestRun.request(client, "GET", self.base + "/api/v1/inventory/\(sku)", token: token)
        guard inventory.status == 200, let reserved = (inventory.json["reserved"] as? NSNumber)?.intValue,
            let onHand = (inventory.json["on_hand"] as? NSNumber)?.intValue
        else {
            throw LoadTestError("reading the stock after the load answered \(inventory.status)")
        }
        let metrics = try await client.execute(HTTPClientRequest(url: self.base + "/metrics"), timeout: .seconds(30))
        let metricsText = String(buffer: try await metrics.body.collect(upTo: 16 << 20))
        let rss = server.peakRSSMegabytes()
        return ReservationLoadReport(
            database: self.options.databaseURL == nil ? "SQLite (WAL, synchronous=FULL)" : "PostgreSQL", sku: sku,
            connections: self.options.connections, healthConnections: self.options.healthConnections, targetRate: self.options.rate,
            onHand: self.options.onHand, sent: load.sent, acknowledged: load.acknowledged, refused: load.refused,
            errors: load.errorKinds.values.reduce(0, +), errorKinds: load.errorKinds, seconds: load.seconds,
            reservationsPerSecond: Double(load.acknowledged) / max(load.seconds, 1e-9), ack: LatencySummary(milliseconds: load.latencies),
            healthRequests: health.latencies.count, healthErrors: health.errors,
            healthPerSecond: Double(health.latencies.count) / max(load.seconds, 1e-9), health: LatencySummary(milliseconds: health.latencies),
            reservedAfter: reserved, onHandAfter: onHand, writer: WriterMetrics(prometheusText: metricsText), startupSeconds: startup,
            peakRSSMegabytes: rss,
            problems: ReservationLoadReport.problems(
                onHand: self.options.onHand, acknowledged: load.acknowledged, refused: load.refused, reservedAfter: reserved, onHandAfter: onHand)
        )
    }
}
