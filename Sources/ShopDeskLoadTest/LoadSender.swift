import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import ShopDeskCommandLine
import ShopDeskSimulator
import Synchronization

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

    /// A message as ShopDesk stores it.
    struct MessageRef: Hashable {
        var channel: String
        var platformMessageID: String
    }

    struct Outcome {
        /// The messages of every push answered 2xx.
        var acknowledged: Set<MessageRef> = []
        /// Pushes answered 503 (ShopDesk's backpressure): the platform delivers them again later.
        var rejectedPushes = 0
        var failedPushes = 0
        var seconds = 0.0
        /// Milliseconds, one per push answered 2xx.
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
                                local.acknowledged.insert(MessageRef(channel: push.channelAccountID, platformMessageID: push.platformMessageID))
                                local.latencies.append(ProgressBar.seconds(clock.now - from) * 1000)
                            } else if response.status == .serviceUnavailable, response.headers.first(name: "Retry-After") != nil {
                                local.rejectedPushes += 1
                            } else {
                                local.failedPushes += 1
                            }
                        } catch {
                            local.failedPushes += 1
                        }
                        let done = counters.done.add(1, ordering: .relaxed).newValue
                        if done % 256 == 0 || done == pushes.count { progress.update(done) }
                    }
                    return local
                }
            }
            var total = Outcome()
            for await part in group {
                total.acknowledged.formUnion(part.acknowledged)
                total.rejectedPushes += part.rejectedPushes
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
