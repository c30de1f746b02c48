import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import ShopDeskCore
@testable import ShopDeskServer

/// Held reservations give their stock back on time, on a test clock, also across a restart (issue 16).
@Suite("Reservation expiry, end to end")
struct ReservationExpiryTests {
    @Test("a reservation held for a minute is released when the minute is up; one that expires while the server is down, at start-up")
    func expiresOnTime() async throws {
        try await WebhookReceiver().run { hookURL in
            try await AlertHarness.run(hookURL: hookURL) { harness in
                let token = try await Administration.createToken(harness.settings, name: "checkout", logger: TestApp.logger)
                @Sendable func hold(_ key: String, seconds: Int, client: any TestClientProtocol) async throws -> String {
                    let held = try await client.json(
                        .post, "/api/v1/reservations", token: token,
                        body: ["lines": [["sku": "LIP-01", "quantity": 2]], "expires_in_seconds": seconds],
                        headers: [HTTPField.Name("Idempotency-Key")!: key])
                    #expect(held.status == .created, "\(held.raw)")
                    return try #require(held["id"] as? String)
                }
                @Sendable func reserved(_ client: any TestClientProtocol) async throws -> Int? {
                    try await client.json(.get, "/api/v1/inventory/LIP-01", token: token)["reserved"] as? Int
                }
                let later = try await harness.withApp { client, _ in
                    #expect(
                        try await client.json(.post, "/api/v1/products", token: token, body: ["sku": "LIP-01", "title": ["th": "ลิปสติก"]]).status
                            == .created)
                    #expect(try await client.json(.put, "/api/v1/inventory/LIP-01", token: token, body: ["on_hand": 10]).status == .ok)
                    let soon = try await hold("soon", seconds: 60, client: client)
                    let later = try await hold("later", seconds: 600, client: client)
                    #expect(try await reserved(client) == 4)
                    harness.advance(to: 59)
                    try await Task.sleep(for: .milliseconds(50))
                    #expect(try await reserved(client) == 4)
                    harness.advance(to: 61)
                    #expect(try await eventually { try await reserved(client) == 2 })
                    #expect(try await client.json(.get, "/api/v1/reservations/\(soon)", token: token)["status"] as? String == "expired")
                    return later
                }
                harness.advance(to: 700)
                try await harness.withApp { client, _ async throws in
                    #expect(try await eventually { try await reserved(client) == 0 })
                    #expect(try await client.json(.get, "/api/v1/reservations/\(later)", token: token)["status"] as? String == "expired")
                }
            }
        }
    }
}
