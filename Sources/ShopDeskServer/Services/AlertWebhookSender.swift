import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import ShopDeskChannels
import ShopDeskCore
import ShopDeskStore

/// Posts fired deadline alerts to the webhook URL of their workspace, signed like the custom channel:
/// `X-ShopDesk-Signature: sha256=<hex HMAC-SHA256(secret, body)>`.
///
/// `enqueue` never waits, so the scheduler is never held up by a slow receiver. Deliveries run in this
/// service's own task group, several at a time; a 5xx, 429, 408 or connection failure is retried with
/// exponential backoff and jitter (`BackoffPolicy`), any other answer ends the delivery. The
/// `X-ShopDesk-Delivery` header (and `id` in the body) is the same on every retry, for de-duplication.
///
/// A delivery that ends (delivered, refused, given up, or no webhook configured) is marked finished in
/// the store; one cut short by shutdown is not, and `resumePending` sends it again at the next start.
/// Delivery is therefore at least once: receivers de-duplicate by `id`.
public final class AlertWebhookSender: Service, Sendable {
    private let context: ServiceContext
    private let backoff: BackoffPolicy
    private let maximumConcurrentDeliveries: Int
    private let requestTimeout: TimeAmount
    private let alerts: AsyncStream<FiredAlert>
    private let input: AsyncStream<FiredAlert>.Continuation

    init(
        _ context: ServiceContext, backoff: BackoffPolicy = .webhook, maximumConcurrentDeliveries: Int = 8,
        requestTimeout: TimeAmount = .seconds(10)
    ) {
        self.context = context
        self.backoff = backoff
        self.maximumConcurrentDeliveries = max(1, maximumConcurrentDeliveries)
        self.requestTimeout = requestTimeout
        (self.alerts, self.input) = AsyncStream.makeStream(of: FiredAlert.self)
    }

    /// Queues an alert for delivery to its workspace's webhook, if it has one.
    public func enqueue(_ alert: FiredAlert) {
        self.input.yield(alert)
    }

    /// Queues again the webhooks of alerts fired in the last `window` that were never finished; call once
    /// the database is migrated.
    public func resumePending(window: TimeInterval = DeadlineAlerts.defaultStaleAfter) async throws {
        let pending = try await self.context.store.alertsAwaitingWebhook(notBefore: self.context.now().addingTimeInterval(-window))
        for alert in pending {
            self.enqueue(alert)
        }
    }

    public func run() async throws {
        // Made here, not in init, so that an application built but never run leaves no client to shut down.
        let client = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: HTTPClient.Configuration(
                redirectConfiguration: .disallow, timeout: .init(connect: .seconds(5), read: self.requestTimeout)
            ),
            backgroundActivityLogger: self.context.logger
        )
        await withTaskGroup(of: Void.self) { group in
            var running = 0
            for await alert in self.alerts.cancelOnGracefulShutdown() {
                if running >= self.maximumConcurrentDeliveries {
                    await group.next()
                    running -= 1
                }
                group.addTask { await self.deliver(alert, with: client) }
                running += 1
            }
            // Shutting down: deliveries in flight or waiting to retry stop here and resume at the next start.
            group.cancelAll()
        }
        self.input.finish()
        try await client.shutdown()
    }

    private enum Outcome {
        case delivered
        case retry(String)
        case refused(String)
    }

    private func deliver(_ alert: FiredAlert, with client: HTTPClient) async {
        guard await self.attemptDelivery(alert, with: client) else { return }
        do {
            try await self.context.store.finishAlertWebhook(alert, at: self.context.now())
        } catch {
            self.context.logger.error(
                "cannot record a finished alert webhook", metadata: ["delivery": "\(alert.id)", "error": "\(String(reflecting: error))"])
        }
    }

    /// Sends until the delivery ends; false when it was cut short (shutdown) and should be resumed later.
    private func attemptDelivery(_ alert: FiredAlert, with client: HTTPClient) async -> Bool {
        let settings: AlertSettings
        do {
            settings = try await self.context.store.alertSettings(workspace: alert.workspaceID)
        } catch {
            self.context.logger.error(
                "cannot read alert settings", metadata: ["workspace": "\(alert.workspaceID)", "error": "\(String(reflecting: error))"])
            return false
        }
        guard let url = settings.webhookURL, let secret = settings.webhookSecret else { return true }
        let body: [UInt8]
        do {
            body = try Self.body(of: alert)
        } catch {
            self.context.logger.error("cannot encode a deadline alert", metadata: ["error": "\(String(reflecting: error))"])
            return true
        }
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "ShopDesk-Webhooks/1")
        request.headers.add(name: "X-ShopDesk-Event", value: alert.alert.type)
        request.headers.add(name: "X-ShopDesk-Delivery", value: alert.id)
        request.headers.add(name: "X-ShopDesk-Signature", value: PlatformSignature.custom(signingSecret: secret, body: body))
        request.body = .bytes(ByteBuffer(bytes: body))
        var attempt = 0
        while !Task.isCancelled {
            attempt += 1
            let outcome = await self.send(request, with: client)
            let metadata: Logger.Metadata = [
                "delivery": "\(alert.id)", "type": "\(alert.alert.type)", "attempt": "\(attempt)", "url": "\(Self.redacted(url))",
            ]
            switch outcome {
            case .delivered:
                self.context.logger.debug("alert webhook delivered", metadata: metadata)
                return true
            case .refused(let reason):
                self.context.logger.warning("alert webhook refused; not retrying", metadata: metadata.merging(["reason": "\(reason)"]) { $1 })
                return true
            case .retry(let reason):
                guard let delay = self.backoff.delay(afterAttempt: attempt, jitter: Double.random(in: 0...1)) else {
                    self.context.logger.error("alert webhook failed; giving up", metadata: metadata.merging(["reason": "\(reason)"]) { $1 })
                    return true
                }
                self.context.logger.notice(
                    "alert webhook failed; retrying", metadata: metadata.merging(["reason": "\(reason)", "delay": "\(delay)"]) { $1 })
                do {
                    try await self.context.clock.sleep(for: delay)
                } catch {
                    return false
                }
            }
        }
        return false
    }

    private func send(_ request: HTTPClientRequest, with client: HTTPClient) async -> Outcome {
        do {
            let response = try await client.execute(request, timeout: self.requestTimeout)
            // Read (and drop) the answer so that the connection can be reused.
            for try await _ in response.body {}
            switch response.status.code {
            case 200..<300: return .delivered
            case 408, 429, 500..<600: return .retry("HTTP \(response.status.code)")
            default: return .refused("HTTP \(response.status.code)")
            }
        } catch {
            return .retry(String(describing: error))
        }
    }

    /// The JSON body: `type`, `id`, `workspace_id`, `conversation_id`, `channel_account_id`, `deadline`,
    /// `lead_seconds` (0 for a breach) and `fired_at`, times in ISO 8601 UTC with milliseconds.
    static func body(of alert: FiredAlert) throws -> [UInt8] {
        struct Payload: Encodable {
            var type: String
            var id: String
            var workspaceID: String
            var conversationID: String
            var channelAccountID: String
            var deadline: String
            var leadSeconds: Int
            var firedAt: String

            enum CodingKeys: String, CodingKey {
                case type, id, deadline
                case workspaceID = "workspace_id"
                case conversationID = "conversation_id"
                case channelAccountID = "channel_account_id"
                case leadSeconds = "lead_seconds"
                case firedAt = "fired_at"
            }
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let payload = Payload(
            type: alert.alert.type, id: alert.id, workspaceID: alert.workspaceID.rawValue,
            conversationID: alert.conversationID.rawValue, channelAccountID: alert.channelAccountID.rawValue,
            deadline: formatter.string(from: alert.deadline), leadSeconds: alert.alert.leadSeconds,
            firedAt: formatter.string(from: alert.firedAt)
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(payload))
    }

    /// The URL without its query or credentials, for logs.
    private static func redacted(_ url: URL) -> String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return "(webhook URL)" }
        components.query = nil
        components.user = nil
        components.password = nil
        return components.string ?? "(webhook URL)"
    }
}
