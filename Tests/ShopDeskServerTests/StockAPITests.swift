import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import ShopDeskServer

/// The catalog, stock and checkout paths exactly as outside checks call them (issue 16).
@Suite("Stock and reservations through the API")
struct StockAPITests {
    static func key(_ value: String) -> HTTPFields { [HTTPField.Name("Idempotency-Key")!: value] }

    @Test("a product, a stocktake, a held checkout (once per key), a refusal when stock runs short, commit and release")
    func checkout() async throws {
        try await TestApp.run { app, client in
            let product = try await client.json(
                .post, "/api/v1/products", token: app.ownerToken,
                body: [
                    "sku": "TEE-RED-M", "title": ["vi": "Áo thun đỏ", "en": "Red tee"],
                    "prices": [["market": "VN", "currency": "VND", "amount": 199000], ["market": "MY", "currency": "MYR", "amount": "39.90"]],
                ])
            #expect(product.status == .created, "\(product.raw)")
            #expect((product["prices"] as? [[String: Any]])?.map { $0["amount_minor"] as? Int } == [199000, 3990])
            let duplicate = try await client.json(
                .post, "/api/v1/products", token: app.ownerToken, body: ["sku": "TEE-RED-M", "title": ["en": "Again"]])
            #expect(duplicate.status == .conflict)
            let badPrice = try await client.json(
                .post, "/api/v1/products", token: app.ownerToken,
                body: ["sku": "X1", "title": ["en": "X"], "prices": [["market": "VN", "currency": "VND", "amount": "1.5"]]])
            #expect(badPrice.status == .unprocessableContent)

            let counted = try await client.json(.put, "/api/v1/inventory/TEE-RED-M", token: app.ownerToken, body: ["on_hand": 5])
            #expect(counted.status == .ok, "\(counted.raw)")
            #expect(counted["available"] as? Int == 5)

            let lines: [String: Any] = ["lines": [["sku": "TEE-RED-M", "quantity": 3]], "expires_in_seconds": 600]
            let held = try await client.json(.post, "/api/v1/reservations", token: app.agentToken, body: lines, headers: Self.key("cart-1"))
            #expect(held.status == .created, "\(held.raw)")
            #expect(held["status"] as? String == "held")
            let again = try await client.json(.post, "/api/v1/reservations", token: app.agentToken, body: lines, headers: Self.key("cart-1"))
            #expect(again.status == .ok)
            #expect(again["id"] as? String == held["id"] as? String)
            let short = try await client.json(.post, "/api/v1/reservations", token: app.agentToken, body: lines, headers: Self.key("cart-2"))
            #expect(short.status == .conflict)
            #expect(short.errorCode == "insufficient_stock")
            let noKey = try await client.json(.post, "/api/v1/reservations", token: app.agentToken, body: lines)
            #expect(noKey.status == .badRequest)

            let id = try #require(held["id"] as? String)
            let order = try await client.json(.post, "/api/v1/reservations/\(id)/commit", token: app.agentToken)
            #expect(order.status == .ok, "\(order.raw)")
            #expect(order["status"] as? String == "committed")
            #expect(try await client.json(.post, "/api/v1/reservations/\(id)/commit", token: app.agentToken).status == .conflict)
            let inventory = try await client.json(.get, "/api/v1/inventory/TEE-RED-M", token: app.agentToken)
            #expect(inventory["on_hand"] as? Int == 2)
            #expect(inventory["reserved"] as? Int == 0)

            let second = try await client.json(
                .post, "/api/v1/reservations", token: app.agentToken,
                body: ["lines": [["sku": "TEE-RED-M", "quantity": 2]], "expires_in_seconds": 60],
                headers: Self.key("cart-3"))
            let secondID = try #require(second["id"] as? String)
            let released = try await client.json(.delete, "/api/v1/reservations/\(secondID)", token: app.agentToken)
            #expect(released["status"] as? String == "released")
            let movements = try await client.json(.get, "/api/v1/inventory/TEE-RED-M/movements", token: app.agentToken)
            // Newest first; entries of the same millisecond may come in either order, so compare the kinds as a whole.
            let kinds = ((movements["items"] as? [[String: Any]]) ?? []).compactMap { $0["kind"] as? String }
            #expect(kinds.sorted() == ["commit", "release", "reserve", "reserve", "stocktake"])
            #expect(kinds.last == "stocktake")
            #expect(try await client.json(.get, "/api/v1/inventory/NOPE", token: app.agentToken).status == .notFound)

            // A listing on a channel account offers what its allocation allows.
            let created = try await client.json(
                .post, "/api/v1/channels", token: app.ownerToken,
                body: ["platform": "custom", "name": "Site", "market": "VN", "credentials": ["signing_secret": "site-\(UUID().uuidString)"]])
            let channel = try #require(created["id"] as? String)
            let linked = try await client.json(
                .post, "/api/v1/inventory/TEE-RED-M/listings", token: app.ownerToken,
                body: ["channel_account_id": channel, "platform_product_id": "p1", "platform_sku_id": "s1"])
            #expect(linked.status == .created, "\(linked.raw)")
            #expect((linked["channels"] as? [[String: Any]])?.first?["sellable"] as? Int == 2)
            let capped = try await client.json(
                .put, "/api/v1/channels/\(channel)/allocation", token: app.ownerToken, body: ["rule": "cap", "quantity": 1])
            #expect(capped.status == .ok, "\(capped.raw)")
            let after = try await client.json(.get, "/api/v1/inventory/TEE-RED-M", token: app.agentToken)
            #expect((after["channels"] as? [[String: Any]])?.first?["sellable"] as? Int == 1)
            let bad = try await client.json(.put, "/api/v1/channels/\(channel)/allocation", token: app.ownerToken, body: ["rule": "cap"])
            #expect(bad.status == .unprocessableContent)
        }
    }

    @Test("a product takes descriptions per language, image URLs and attributes; a bad image URL is refused")
    func productDetails() async throws {
        try await TestApp.run { app, client in
            let product = try await client.json(
                .post, "/api/v1/products", token: app.ownerToken,
                body: [
                    "sku": "DRESS-BLUE-M", "title": ["th": "ชุดเดรสสีฟ้า", "en": "Blue dress"],
                    "description": ["th": "ผ้าฝ้าย 100%", "en": "100% cotton"], "images": ["https://cdn.example.com/dress/1.jpg"],
                    "attributes": ["size": "M", "colour": "blue"],
                ])
            #expect(product.status == .created, "\(product.raw)")
            #expect(product["images"] as? [String] == ["https://cdn.example.com/dress/1.jpg"])
            #expect(product["attributes"] as? [String: String] == ["size": "M", "colour": "blue"])
            #expect((product["description"] as? [String: String])?["th"] == "ผ้าฝ้าย 100%")
            let badImage = try await client.json(
                .post, "/api/v1/products", token: app.ownerToken, body: ["sku": "X2", "title": ["en": "X"], "images": ["javascript:alert(1)"]])
            #expect(badImage.status == .unprocessableContent, "\(badImage.raw)")
        }
    }
}
