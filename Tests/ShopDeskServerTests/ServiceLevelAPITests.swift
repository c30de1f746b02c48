import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ShopDeskChannels
import Testing

@testable import ShopDeskServer

@Suite("Service-level API")
struct ServiceLevelAPITests {
    /// Creates a custom channel and posts one signed buyer message; returns the channel and conversation ids.
    static func buyerMessage(
        _ client: any TestClientProtocol, app: TestApp, market: String = "VN", sentAt: String
    ) async throws -> (channel: String, conversation: String) {
        let secret = "secret-\(UUID().uuidString)"
        let created = try await client.json(
            .post, "/api/v1/channels", token: app.ownerToken,
            body: [
                "platform": "custom", "name": "Site \(market)", "market": market, "credentials": ["signing_secret": secret],
            ])
        let channel = try #require(created["id"] as? String)
        let body = #"{"message_id":"m-\#(UUID().uuidString)","buyer":{"id":"b1"},"text":"is the blue one in stock?","sent_at":"\#(sentAt)"}"#
        var headers = HTTPFields()
        headers[HTTPField.Name("X-ShopDesk-Signature")!] = PlatformSignature.custom(signingSecret: secret, body: Array(body.utf8))
        let accepted = try await client.json(.post, "/api/v1/channels/\(channel)/messages", rawBody: body, headers: headers)
        #expect(accepted.status == .accepted)
        return (channel, try #require(accepted["conversation_id"] as? String))
    }

    @Test("rates, the at-risk list and the first-response report reflect the stored chats")
    func ratesAndReports() async throws {
        try await TestApp.run { app, client in
            let sentAt = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-600))
            let (channel, conversation) = try await Self.buyerMessage(client, app: app, sentAt: sentAt)

            let rates = try await client.json(.get, "/api/v1/service-levels/rates?channel_account_id=\(channel)", token: app.ownerToken)
            #expect(rates.status == .ok, "\(rates.raw)")
            let report = try #require((rates["items"] as? [[String: Any]])?.first)
            #expect(report["ruleset"] as? String == "custom/*@2024-01-01")
            #expect(report["pending"] as? Int == 1)
            #expect(report["eligible"] as? Int == 0)

            let atRisk = try await client.json(.get, "/api/v1/service-levels/at-risk?within_seconds=3600", token: app.ownerToken)
            #expect((atRisk["items"] as? [[String: Any]])?.map { $0["id"] as? String } == [conversation])
            let notYet = try await client.json(.get, "/api/v1/service-levels/at-risk?within_seconds=60", token: app.ownerToken)
            #expect((notYet["items"] as? [Any])?.isEmpty == true)

            _ = try await client.json(
                .post, "/api/v1/conversations/\(conversation)/replies", token: app.agentToken, body: ["text": "Yes, we have it in blue."])
            let answered = try await client.json(.get, "/api/v1/service-levels/rates?channel_account_id=\(channel)", token: app.ownerToken)
            let after = try #require((answered["items"] as? [[String: Any]])?.first)
            #expect(after["eligible"] as? Int == 1)
            #expect(after["in_time"] as? Int == 1)
            #expect(after["rate"] as? Double == 1)
            #expect(after["status"] as? String == "ok")

            let byPlatform = try await client.json(.get, "/api/v1/service-levels/first-response?group_by=platform", token: app.ownerToken)
            let group = try #require((byPlatform["groups"] as? [[String: Any]])?.first)
            #expect(group["key"] as? String == "custom")
            #expect(group["count"] as? Int == 1)
            #expect(((group["median_seconds"] as? Double) ?? 0) >= 600)
            let byAgent = try await client.json(.get, "/api/v1/service-levels/first-response?group_by=agent", token: app.ownerToken)
            let me = try await client.json(.get, "/api/v1/me", token: app.agentToken)
            #expect((byAgent["groups"] as? [[String: Any]])?.first?["key"] as? String == me["id"] as? String)
            let backwards = try await client.json(
                .get, "/api/v1/service-levels/first-response?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", token: app.ownerToken)
            #expect(backwards.status == .badRequest)
        }
    }

    @Test("a channel's policy and calendar are set, validated and returned; only admins may change them")
    func policies() async throws {
        try await TestApp.run { app, client in
            let (channel, conversation) = try await Self.buyerMessage(client, app: app, sentAt: ISO8601DateFormatter().string(from: Date()))
            let path = "/api/v1/channels/\(channel)/service-level"
            let initial = try await client.json(.get, path, token: app.agentToken)
            #expect(initial["first_response_seconds"] as? Int == 3600)
            let policy: [String: Any] = [
                "first_response_seconds": 7200, "next_response_seconds": 1800,
                "calendar": ["time_zone": "Asia/Ho_Chi_Minh", "hours": ["monday": ["09:00-12:00", "13:00-18:00"]], "holidays": ["2026-09-02"]],
            ]
            #expect(try await client.json(.put, path, token: app.agentToken, body: policy).status == .forbidden)
            let saved = try await client.json(.put, path, token: app.ownerToken, body: policy)
            #expect(saved.status == .ok, "\(saved.raw)")
            #expect((saved["calendar"] as? [String: Any])?["holidays"] as? [String] == ["2026-09-02"])
            let detail = try await client.json(.get, "/api/v1/conversations/\(conversation)", token: app.ownerToken)
            #expect((detail["conversation"] as? [String: Any])?["next_deadline"] != nil)
            var bad = policy
            bad["calendar"] = ["time_zone": "Asia/Ho_Chi_Minh", "hours": ["monday": ["18:00-09:00"]]]
            #expect(try await client.json(.put, path, token: app.ownerToken, body: bad).status == .unprocessableContent)
            bad = policy
            bad["calendar"] = ["time_zone": "Nowhere/City", "hours": ["monday": ["09:00-18:00"]]]
            #expect(try await client.json(.put, path, token: app.ownerToken, body: bad).status == .unprocessableContent)
        }
    }

    @Test("alert settings keep the secret write-only and show a generated one once")
    func alertSettings() async throws {
        try await TestApp.run { app, client in
            let defaults = try await client.json(.get, "/api/v1/service-levels/alerts", token: app.ownerToken)
            #expect(defaults["lead_times_seconds"] as? [Int] == [7200, 1800])
            #expect(defaults["secret_set"] as? Bool == false)
            #expect(try await client.json(.get, "/api/v1/service-levels/alerts", token: app.agentToken).status == .forbidden)
            let generated = try await client.json(
                .put, "/api/v1/service-levels/alerts", token: app.ownerToken,
                body: [
                    "webhook_url": "https://hooks.example.com/shopdesk", "lead_times_seconds": [3600, 600],
                ])
            #expect(generated.status == .ok, "\(generated.raw)")
            let secret = try #require(generated["secret"] as? String)
            #expect(secret.count >= 16)
            let again = try await client.json(.get, "/api/v1/service-levels/alerts", token: app.ownerToken)
            #expect(again["secret"] == nil)
            #expect(again["secret_set"] as? Bool == true)
            #expect(!again.raw.contains(secret))
            #expect(again["lead_times_seconds"] as? [Int] == [3600, 600])
            let bad = try await client.json(.put, "/api/v1/service-levels/alerts", token: app.ownerToken, body: ["webhook_url": "ftp://nope"])
            #expect(bad.status == .unprocessableContent)
        }
    }

    @Test("holiday mode, public holidays and blocked buyers are recorded")
    func platformFacts() async throws {
        try await TestApp.run { app, client in
            let (channel, conversation) = try await Self.buyerMessage(client, app: app, sentAt: ISO8601DateFormatter().string(from: Date()))
            #expect(
                try await client.json(.put, "/api/v1/channels/\(channel)/holiday-mode", token: app.ownerToken, body: ["on": true]).status
                    == .noContent)
            #expect(try await client.json(.put, "/api/v1/channels/nope/holiday-mode", token: app.ownerToken, body: ["on": true]).status == .notFound)
            let holidays = try await client.json(
                .put, "/api/v1/service-levels/public-holidays/TH", token: app.ownerToken, body: ["dates": ["2026-04-13", "2026-04-14"]])
            #expect(holidays["dates"] as? [String] == ["2026-04-13", "2026-04-14"])
            #expect(
                try await client.json(.get, "/api/v1/service-levels/public-holidays/TH", token: app.agentToken)["dates"] as? [String] == [
                    "2026-04-13", "2026-04-14",
                ])
            #expect(
                try await client.json(.put, "/api/v1/service-levels/public-holidays/TH", token: app.ownerToken, body: ["dates": ["13/04/2026"]])
                    .status == .unprocessableContent)
            let detail = try await client.json(.get, "/api/v1/conversations/\(conversation)", token: app.ownerToken)
            let buyer = try #require((detail["conversation"] as? [String: Any])?["buyer_id"] as? String)
            #expect(
                try await client.json(
                    .put, "/api/v1/buyers/\(buyer)/block", token: app.agentToken, body: ["channel_account_id": channel, "blocked": true]
                ).status == .noContent)
            #expect(
                try await client.json(
                    .put, "/api/v1/buyers/nope/block", token: app.agentToken, body: ["channel_account_id": channel, "blocked": true]
                ).status == .notFound)
        }
    }
}
