import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import ShopDeskChannels
import Testing

@testable import ShopDeskServer

/// Orders from the seller's own site through its signed order webhook (issue 17, part 1).
@Suite("Orders from the seller's own site")
struct CustomOrderTests {
    /// Posts an order signed with `secret` (or signed wrongly); returns the answer.
    static func post(
        _ order: [String: Any], channel: String, secret: String, client: any TestClientProtocol, wrongSignature: Bool = false
    ) async throws -> JSONResponse {
        let body = String(decoding: try JSONSerialization.data(withJSONObject: order), as: UTF8.self)
        var headers = HTTPFields()
        headers[HTTPField.Name("X-ShopDesk-Signature")!] = PlatformSignature.custom(
            signingSecret: wrongSignature ? secret + "x" : secret, body: Array(body.utf8))
        return try await client.json(.post, "/api/v1/channels/\(channel)/orders", rawBody: body, headers: headers)
    }

    /// A custom channel (the seller's site) and 10 units of AO-DO-M; returns the channel and its secret.
    static func siteSelling(client: any TestClientProtocol, app: TestApp) async throws -> (channel: String, secret: String) {
        let secret = "site-secret-\(UUID().uuidString)"
        let created = try await client.json(
            .post, "/api/v1/channels", token: app.ownerToken,
            body: ["platform": "custom", "name": "Kedai Lan", "market": "VN", "credentials": ["signing_secret": secret]])
        let channel = try #require(created["id"] as? String)
        _ = try await client.json(.post, "/api/v1/products", token: app.ownerToken, body: ["sku": "AO-DO-M", "title": ["vi": "Áo thun đỏ"]])
        _ = try await client.json(.put, "/api/v1/inventory/AO-DO-M", token: app.ownerToken, body: ["on_hand": 10])
        return (channel, secret)
    }

    static func order(_ id: String, status: String, at seconds: TimeInterval, quantity: Int = 2) -> [String: Any] {
        [
            "order_id": id, "status": status, "updated_at": ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: 1_780_000_000 + seconds)),
            "buyer": ["id": "lan-1"], "currency": "VND", "total": "398000", "cash_on_delivery": true,
            "ship_by": "2026-12-09T10:00:00Z", "shipping_address": "12 Lê Lợi, Quận 1, TP HCM",
            "lines": [["sku": "AO-DO-M", "quantity": quantity, "unit_price": "199000", "title": "Áo thun đỏ"]],
        ]
    }

    @Test(
        "a signed order from the site is stored in the lifecycle and holds its units; the same or an older one changes nothing; shipping and a cancel before shipping move the stock"
    )
    func signedOrders() async throws {
        try await TestApp.run { app, client in
            let (channel, secret) = try await Self.siteSelling(client: client, app: app)
            func reserved() async throws -> Int? {
                try await client.json(.get, "/api/v1/inventory/AO-DO-M", token: app.ownerToken)["reserved"] as? Int
            }

            let refused = try await Self.post(
                Self.order("w-1", status: "awaiting_shipment", at: 0), channel: channel, secret: secret, client: client, wrongSignature: true)
            #expect(refused.status == .unauthorized)
            let stored = try await Self.post(Self.order("w-1", status: "awaiting_shipment", at: 0), channel: channel, secret: secret, client: client)
            #expect(stored.status == .accepted && stored["stored"] as? Bool == true, "\(stored.raw)")
            let id = try #require(stored["order_id"] as? String)
            #expect(try await reserved() == 2)
            let again = try await Self.post(Self.order("w-1", status: "awaiting_shipment", at: 0), channel: channel, secret: secret, client: client)
            #expect(again.status == .accepted)
            #expect(try await reserved() == 2, "the same order again holds nothing more")

            let order = try await client.json(.get, "/api/v1/orders/\(id)", token: app.ownerToken)
            #expect(order["platform"] as? String == "custom" && order["status"] as? String == "awaiting_shipment")
            #expect(order["total"] as? String == "398000" && order["currency"] as? String == "VND" && order["cash_on_delivery"] as? Bool == true)
            #expect((order["lines"] as? [[String: Any]])?.first?["unit_price"] as? String == "199000")
            #expect(order["shipping_address"] as? String != "12 Lê Lợi, Quận 1, TP HCM", "the address is masked")

            #expect(
                try await Self.post(Self.order("w-1", status: "shipped", at: 60), channel: channel, secret: secret, client: client).status
                    == .accepted)
            let older = try await Self.post(Self.order("w-1", status: "cancelled", at: 30), channel: channel, secret: secret, client: client)
            #expect(older["stored"] as? Bool == false, "an older change arriving late changes nothing")
            let shipped = try await client.json(.get, "/api/v1/inventory/AO-DO-M", token: app.ownerToken)
            #expect(shipped["on_hand"] as? Int == 8 && shipped["reserved"] as? Int == 0)

            _ = try await Self.post(
                Self.order("w-2", status: "awaiting_payment", at: 70, quantity: 3), channel: channel, secret: secret, client: client)
            #expect(try await reserved() == 3)
            _ = try await Self.post(Self.order("w-2", status: "cancelled", at: 80, quantity: 3), channel: channel, secret: secret, client: client)
            #expect(try await reserved() == 0)

            let bad = try await Self.post(
                Self.order("w-3", status: "awaiting_shipment", at: 90).merging(["total": "12.5"]) { $1 }, channel: channel, secret: secret,
                client: client)
            #expect(bad.status == .unprocessableContent, "VND has no minor units: \(bad.raw)")
            let listed = try await client.json(.get, "/api/v1/orders?channel_id=\(channel)", token: app.ownerToken)["items"] as? [[String: Any]] ?? []
            #expect(listed.compactMap { $0["external_id"] as? String } == ["w-2", "w-1"])
        }
    }
}

extension CustomOrderTests {
    @Test(
        "a checkout committed with the site's channel is recorded as its order; the site's later cancel before shipping puts the units back; a second commit with the same order number is refused"
    )
    func checkoutOrders() async throws {
        try await TestApp.run { app, client in
            let (channel, secret) = try await Self.siteSelling(client: client, app: app)
            func reserve(_ key: String) async throws -> String {
                let held = try await client.json(
                    .post, "/api/v1/reservations", token: app.ownerToken,
                    body: ["lines": [["sku": "AO-DO-M", "quantity": 3]], "expires_in_seconds": 600],
                    headers: [HTTPField.Name("Idempotency-Key")!: key])
                return try #require(held["id"] as? String, "\(held.raw)")
            }
            let committed = try await client.json(
                .post, "/api/v1/reservations/\(try await reserve("c-1"))/order", token: app.ownerToken,
                body: ["channel_account_id": channel, "order_id": "WEB-1001", "buyer": ["id": "lan-1"], "currency": "VND", "total": "597000"])
            #expect(committed.status == .ok, "\(committed.raw)")
            let id = try #require(committed["order_id"] as? String)
            let order = try await client.json(.get, "/api/v1/orders/\(id)", token: app.ownerToken)
            #expect(order["external_id"] as? String == "WEB-1001" && order["status"] as? String == "awaiting_shipment")
            #expect(order["total"] as? String == "597000" && (order["lines"] as? [[String: Any]])?.first?["quantity"] as? Int == 3)
            var stock = try await client.json(.get, "/api/v1/inventory/AO-DO-M", token: app.ownerToken)
            #expect(stock["on_hand"] as? Int == 7 && stock["reserved"] as? Int == 0)

            let again = try await client.json(
                .post, "/api/v1/reservations/\(try await reserve("c-2"))/order", token: app.ownerToken,
                body: ["channel_account_id": channel, "order_id": "WEB-1001"])
            #expect(again.status == .conflict, "\(again.raw)")
            stock = try await client.json(.get, "/api/v1/inventory/AO-DO-M", token: app.ownerToken)
            #expect(stock["on_hand"] as? Int == 7 && stock["reserved"] as? Int == 3, "the refused commit committed nothing")

            let cancelled = try await Self.post(
                Self.order("WEB-1001", status: "cancelled", at: Date().timeIntervalSince1970 - 1_780_000_000 + 60, quantity: 3), channel: channel,
                secret: secret, client: client)
            #expect(cancelled.status == .accepted && cancelled["stored"] as? Bool == true, "\(cancelled.raw)")
            stock = try await client.json(.get, "/api/v1/inventory/AO-DO-M", token: app.ownerToken)
            #expect(stock["on_hand"] as? Int == 10, "a checkout order cancelled before shipping puts its units back")
            #expect(try await Administration.verifyStock(app.settings, logger: TestApp.logger).isEmpty)
        }
    }
}
