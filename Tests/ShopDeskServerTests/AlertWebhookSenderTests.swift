import Crypto
import Foundation
import HTTPTypes
import ShopDeskChannels
import Testing

@testable import ShopDeskCore
@testable import ShopDeskServer
@testable import ShopDeskStore

@Suite("Alert webhooks")
struct AlertWebhookSenderTests {
    static func alert(_ conversation: String, workspace: Workspace.ID, _ kind: DeadlineAlert = .breach) -> FiredAlert {
        FiredAlert(
            alert: kind, conversationID: .init(conversation), workspaceID: workspace, channelAccountID: .init("ch1"),
            deadline: Date(timeIntervalSince1970: 1_780_000_000), firedAt: Date(timeIntervalSince1970: 1_780_000_001)
        )
    }

    @Test("a 503 or 429 is retried with the same delivery id until accepted; a 400 is not retried; no URL, no webhook")
    func retries() async throws {
        let receiver = WebhookReceiver(answering: [.badRequest, .serviceUnavailable, .tooManyRequests])
        try await receiver.run { url in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("shopdesk-hooks-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let location = DatabaseLocation.sqlite(path: directory.appendingPathComponent("test.sqlite").path)
            try await SQLStore.withStore(location, secrets: SecretBox(key: SymmetricKey(size: .bits256)), logger: TestApp.logger) { store in
                try await store.migrate()
                let withHook = try await store.createWorkspace(name: "With a webhook", now: Date())
                let without = try await store.createWorkspace(name: "Without", now: Date())
                let secret = "hook-secret-\(UUID().uuidString)"
                try await store.setAlertSettings(AlertSettings(webhookURL: url, webhookSecret: secret), workspace: withHook.id, now: Date())
                let sender = AlertWebhookSender(
                    ServiceContext(store: store, logger: TestApp.logger),
                    backoff: BackoffPolicy(initialDelay: .milliseconds(1), maximumDelay: .milliseconds(5), maximumAttempts: 5),
                    maximumConcurrentDeliveries: 1
                )
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await sender.run() }
                    defer { group.cancelAll() }
                    let nowhere = Self.alert("c0", workspace: without.id)
                    let refused = Self.alert("c1", workspace: withHook.id, .preBreach(lead: 1800))
                    let retried = Self.alert("c2", workspace: withHook.id)
                    // One delivery at a time, in order: each is finished before the next starts.
                    sender.enqueue(nowhere)
                    sender.enqueue(refused)
                    sender.enqueue(retried)
                    #expect(await eventually { receiver.deliveries.count == 4 })
                    let deliveries = receiver.deliveries
                    #expect(deliveries.map(\.deliveryID) == [refused.id, retried.id, retried.id, retried.id])
                    for delivery in deliveries {
                        let signature = try #require(delivery.signature)
                        #expect(PlatformSignature.matches(signature, expected: PlatformSignature.custom(signingSecret: secret, body: delivery.body)))
                        #expect(delivery.headers[.contentType] == "application/json")
                    }
                    #expect(deliveries[0].json["type"] as? String == "sla.pre_breach")
                    #expect(deliveries[0].json["lead_seconds"] as? Int == 1800)
                    #expect(deliveries[1].json["type"] as? String == "sla.breach")
                    #expect(deliveries[1].json["fired_at"] as? String == "2026-05-28T20:26:41.000Z")
                }
            }
        }
    }
}
