import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import ShopDeskCommandLine
import Synchronization

/// Sends checkouts of one unit of one SKU over `connections` concurrent requests, on a schedule or flat
/// out, and meanwhile requests `/healthz` on connections of its own, so that the health check's rate is
/// measured under the same load.
struct ReservationSender {
    /// The reservations' connection pool.
    let client: HTTPClient
    /// A pool of its own for `/healthz`, so that its requests never wait behind reservations for a connection.
    let healthClient: HTTPClient
    let base: String
    let token: String
    /// The hot SKU, new for each run, as are the Idempotency-Keys (`loadtest-<run>-<n>`): a data directory
    /// or database used before does not change what a run measures.
    let sku: String
    let runID: String
    let options: ReservationLoadOptions

    /// Shared by the senders: the next reservation to send, how many were answered, and whether the load is over.
    final class Counters: Sendable {
        let next = Atomic<Int>(0)
        let done = Atomic<Int>(0)
        let loadOver = Atomic<Bool>(false)
    }

    struct Outcome {
        var sent = 0
        var acknowledged = 0
        var refused = 0
        var errorKinds: [String: Int] = [:]
        var seconds = 0.0
        /// Milliseconds, one per 201.
        var latencies: [Double] = []

        mutating func merge(_ other: Outcome) {
            self.sent += other.sent
            self.acknowledged += other.acknowledged
            self.refused += other.refused
            self.errorKinds.merge(other.errorKinds, uniquingKeysWith: +)
            self.latencies += other.latencies
        }
    }

    struct HealthOutcome {
        var errors = 0
        /// Milliseconds, one per 200.
        var latencies: [Double] = []
    }

    func run() async -> (load: Outcome, health: HealthOutcome) {
        let counters = Counters()
        let clock = ContinuousClock()
        let started = clock.now
        let planned = self.options.planned
        let end = started.advanced(by: .nanoseconds(Int64(self.options.duration * 1e9)))
        let progress = planned.map { ProgressBar("load", total: $0, unit: "reservations") }
        let body = ByteBuffer(
            string: #"{"lines":[{"sku":"\#(self.sku)","quantity":1}],"expires_in_seconds":\#(ReservationLoadOptions.expiresInSeconds)}"#
        )
        return await withTaskGroup(of: Part.self) { group in
            for _ in 0..<self.options.healthConnections {
                group.addTask { .health(await self.requestHealth(until: counters)) }
            }
            group.addTask {
                var load = await withTaskGroup(of: Outcome.self) { senders in
                    for _ in 0..<self.options.connections {
                        senders.addTask {
                            var local = Outcome()
                            while true {
                                let index = counters.next.add(1, ordering: .relaxed).oldValue
                                if let planned { guard index < planned else { break } } else { guard clock.now < end else { break } }
                                var from = clock.now
                                if let rate = self.options.rate {
                                    let due = started.advanced(by: .nanoseconds(Int64(Double(index) / rate * 1e9)))
                                    if due > from { try? await clock.sleep(until: due) }
                                    from = due
                                }
                                var request = HTTPClientRequest(url: self.base + "/api/v1/reservations")
                                request.method = .POST
                                request.headers.add(name: "Authorization", value: "Bearer \(self.token)")
                                request.headers.add(name: "Content-Type", value: "application/json")
                                request.headers.add(name: "Idempotency-Key", value: "loadtest-\(self.runID)-\(index)")
                                request.body = .bytes(body)
                                local.sent += 1
                                do {
                                    let response = try await self.client.execute(request, timeout: .seconds(60))
                                    let answer = try await response.body.collect(upTo: 1 << 20)
                                    switch response.status.code {
                                    case 201:
                                        local.acknowledged += 1
                                        local.latencies.append(ProgressBar.seconds(clock.now - from) * 1000)
                                    case 409 where String(buffer: answer).contains("insufficient_stock"):
                                        local.refused += 1
                                    case let code:
                                        local.errorKinds[String(code), default: 0] += 1
                                    }
                                } catch {
                                    local.errorKinds["no answer", default: 0] += 1
                                }
                                let done = counters.done.add(1, ordering: .relaxed).newValue
                                if done % 256 == 0 { progress?.update(done) }
                            }
                            return local
                        }
                    }
                    var total = Outcome()
                    for await part in senders { total.merge(part) }
                    return total
                }
                load.seconds = ProgressBar.seconds(clock.now - started)
                counters.loadOver.store(true, ordering: .relaxed)
                return .load(load)
            }
            var load = Outcome()
            var health = HealthOutcome()
            for await part in group {
                switch part {
                case .load(let outcome):
                    load = outcome
                    progress?.update(load.sent)
                    progress?.finish()
                case .health(let outcome):
                    health.errors += outcome.errors
                    health.latencies += outcome.latencies
                }
            }
            return (load, health)
        }
    }

    private enum Part {
        case load(Outcome)
        case health(HealthOutcome)
    }

    /// `/healthz`, one request after another, until the reservations are all answered.
    private func requestHealth(until counters: Counters) async -> HealthOutcome {
        var outcome = HealthOutcome()
        let clock = ContinuousClock()
        while !counters.loadOver.load(ordering: .relaxed) {
            let from = clock.now
            do {
                let response = try await self.healthClient.execute(HTTPClientRequest(url: self.base + "/healthz"), timeout: .seconds(60))
                _ = try await response.body.collect(upTo: 1 << 16)
                // A request answered after the load ended is not counted: the rate is over the load's time.
                guard !counters.loadOver.load(ordering: .relaxed) else { break }
                if response.status == .ok {
                    outcome.latencies.append(ProgressBar.seconds(clock.now - from) * 1000)
                } else {
                    outcome.errors += 1
                }
            } catch {
                outcome.errors += 1
            }
        }
        return outcome
    }
}
