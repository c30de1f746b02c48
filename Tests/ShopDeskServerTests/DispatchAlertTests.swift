import AsyncHTTPClient
import Foundation
import HTTPTypes
import HummingbirdTesting
import ShopDeskChannels
import Synchronization
import Testing

@testable import ShopDeskCore
@testable import ShopDeskServer
@testable import ShopDeskStore

/// TikTok Shop's order-detail API for one order, answered from memory: what a shop's order looks like
/// when ShopDesk fetches it after a push (commerce-platforms.md §1.4 field names). Everything else (the
/// seller's webhook) goes over HTTP.
private struct OneTikTokOrder: PlatformTransport {
    var orderID: String
    var rtsSLA: Date
    var placed: Date
    var http = HTTPClientTransport(client: .shared)

    func perform(_ request: PlatformRequest) async throws -> PlatformResponse {
        guard request.path.hasPrefix("/order/202309/orders") else { return try await self.http.perform(request) }
        let order: [String: Any] = [
            "id": self.orderID, "status": "AWAITING_SHIPMENT", "user_id": "7494845859434710000",
            "create_time": Int(self.placed.timeIntervalSince1970), "update_time": Int(self.placed.timeIntervalSince1970),
            "rts_sla_time": Int(self.rtsSLA.timeIntervalSince1970), "shipping_due_time": Int(self.rtsSLA.timeIntervalSince1970) + 5 * 86_400,
            "payment": ["currency": "THB", "total_amount": "259.50", "sub_total": "259.50", "shipping_fee": "0"],
            "line_items": [
                [
                    "id": "l1", "seller_sku": "SON-LI-07", "product_id": "1729", "sku_id": "1730", "product_name": "ลิปสติก",
                    "original_price": "259.50", "sale_price": "259.50", "seller_discount": "0", "platform_discount": "0", "currency": "THB",
                ]
            ],
        ]
        let body = try JSONSerialization.data(withJSONObject: ["code": 0, "message": "Success", "data": ["orders": [order]]])
        return PlatformResponse(status: 200, body: Array(body))
    }
}

/// The dispatch alerts the realtime hub announced.
private final class FiredOrderAlerts: Sendable {
    private let alerts = Mutex<[OrderAlert]>([])

    func withLock<R>(_ body: (inout [OrderAlert]) -> R) -> R { self.alerts.withLock { body(&$0) } }
}

@Suite("Dispatch alerts, end to end")
struct DispatchAlertTests {
    static let hour: TimeInterval = 3600

    @Test(
        "a TikTok Shop order's rts_sla_time brings a dispatch warning 12 h and 2 h before it and a breach at it, in the app and on the signed webhook"
    )
    func dispatchAlertsFromRTSSLA() async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { hookURL in
            try await AlertHarness.run(hookURL: hookURL) { harness in
                let start = harness.clock.wallTime
                let rtsSLA = start.addingTimeInterval(20 * Self.hour)
                // The shop, and a push's fetch waiting for its order (as after a type 1 push).
                let secrets = try SecretBox.load(environmentKey: nil, dataDirectory: harness.settings.dataDirectory)
                try await SQLStore.withStore(try harness.settings.databaseLocation(), secrets: secrets, logger: TestApp.logger) { store in
                    let account = try await store.createChannelAccount(
                        workspace: harness.workspace, platform: .tiktokShop, name: "TikTok TH", market: "TH", timeZone: nil,
                        credentials: ChannelCredentials(["app_key": "k", "app_secret": "s-\(UUID().uuidString)", "shop_id": "1", "access_token": "t"]
                        ),
                        now: start)
                    try await store.requestOrderFetch("576461413038785752", channel: account.id, workspace: harness.workspace, now: start)
                }
                var settings = harness.settings
                settings.callPlatforms = true
                settings.pollInterval = nil
                settings.orderPollInterval = nil
                let token = try await Administration.createToken(settings, name: "dispatch", logger: TestApp.logger)
                let hub = EventHub()
                let clock = harness.clock
                let app = try await buildApplication(
                    settings, logger: TestApp.logger, now: { clock.wallTime }, clock: clock, events: hub,
                    platformTransport: OneTikTokOrder(orderID: "576461413038785752", rtsSLA: rtsSLA, placed: start))
                let fired = FiredOrderAlerts()
                try await app.test(.router) { client in
                    let events = hub.subscribe(workspace: harness.workspace)
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for await event in events { if case .orderAlert(let alert) = event { fired.withLock { $0.append(alert) } } }
                        }
                        defer { group.cancelAll() }
                        let shipBy = try await Self.waitFor {
                            let items = try await client.json(.get, "/api/v1/orders", token: token)["items"] as? [[String: Any]] ?? []
                            return items.first?["ship_by"] as? String
                        }
                        #expect(shipBy == ISO8601DateFormatter().string(from: rtsSLA), "the ship-by time is TikTok's rts_sla_time")
                        for (at, kinds) in [(8.0, ["dispatch_warning"]), (18.0, ["dispatch_warning", "dispatch_warning"])] {
                            harness.advance(to: at * Self.hour + 1)
                            #expect(await eventually { fired.withLock { $0.map(\.kind) } == kinds }, "at \(at) h: \(fired.withLock { $0 })")
                        }
                        #expect(fired.withLock { $0.map(\.leadSeconds) } == [43_200, 7_200])
                        harness.advance(to: 20 * Self.hour + 1)
                        #expect(await eventually { fired.withLock { $0.last?.kind } == "dispatch_breached" })
                        #expect(await eventually { receiver.deliveries.count == 3 })
                        let first = try #require(receiver.deliveries.first)
                        #expect(
                            first.json["type"] as? String == "order.dispatch_warning" && first.json["external_id"] as? String == "576461413038785752")
                        #expect(first.signature == PlatformSignature.custom(signingSecret: harness.hookSecret, body: first.body))
                        let listed = try await client.json(.get, "/api/v1/dispatch/alerts?hours=48", token: token)["items"] as? [[String: Any]] ?? []
                        #expect(listed.map { $0["kind"] as? String } == ["dispatch_breached", "dispatch_warning", "dispatch_warning"])
                    }
                }
            }
        }
    }

    /// Polls until `check` gives a value.
    static func waitFor<T: Sendable>(_ check: @Sendable () async throws -> T?) async throws -> T {
        for _ in 0..<300 {
            if let value = try await check() { return value }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("timed out")
        throw CancellationError()
    }
}
