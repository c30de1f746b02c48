import Foundation
import Logging
import ShopDeskChannels
import ShopDeskCore
import ShopDeskStore

extension DueWork {
    /// Tells the seller's systems about stock: for each SKU whose stock moved, a `stock.changed` webhook
    /// with its balance now (changes in between coalesced), and `stock.low` / `stock.out` when it first
    /// reaches that level; posted to the workspace's alert webhook and signed like the alert webhooks
    /// (`X-ShopDesk-Signature: sha256=<hex HMAC-SHA256(secret, body)>`), each with a stable
    /// `X-ShopDesk-Delivery` id. 5xx, 429, 408 and no answer are retried with `BackoffPolicy.webhook`;
    /// the catalog page shows the level whether or not a webhook is set.
    static func stockNotices(_ context: ServiceContext, feed: ChangeFeed, backoff: BackoffPolicy = .webhook, lease: TimeInterval = 120) -> DueWork {
        DueWork(
            context, name: "stock webhooks",
            calling: { now, client in
                let claimed = try await context.store.claimStockNotices(now: now, lease: lease)
                var settings: [Workspace.ID: AlertSettings] = [:]
                var changes = Changes()
                for item in claimed {
                    let workspace = item.notice.workspaceID
                    if settings[workspace] == nil { settings[workspace] = try await context.store.alertSettings(workspace: workspace) }
                    let outcome = await Self.deliver(item.notice, settings: settings[workspace]!, client: client)
                    var retryAt: Date?
                    if case .retry(let reason) = outcome {
                        retryAt = backoff.delay(afterAttempt: item.attempts, jitter: Double.random(in: 0...1)).map {
                            context.now().addingTimeInterval($0 / .seconds(1))
                        }
                        context.logger.notice("stock webhook failed", metadata: ["sku": "\(item.notice.sku)", "reason": "\(reason)"])
                    }
                    try await context.store.finishStockNotice(item, retryAt: retryAt, error: outcome.error, now: context.now())
                    if item.notice.level != item.notice.previous { changes.stock[workspace, default: []].insert(item.notice.sku) }
                }
                feed.announce(changes)
                return claimed.count
            },
            nextDue: { try await context.store.nextStockNotice() })
    }

    /// Posts the notice's events in order; stops at the first that fails.
    private static func deliver(_ notice: StockNotice, settings: AlertSettings, client: PlatformClient) async -> WebhookOutcome {
        guard let url = settings.webhookURL, let secret = settings.webhookSecret else { return .sent }
        for event in notice.events {
            let id = "\(notice.sku):\(SLATime.milliseconds(notice.at)):\(event)"
            let body = Self.webhookJSON([
                "id": id, "type": event, "sku": notice.sku, "on_hand": notice.balance.onHand, "reserved": notice.balance.reserved,
                "available": notice.balance.available, "low_stock_threshold": notice.threshold, "level": notice.level.rawValue,
                "at": ISO8601DateFormatter().string(from: notice.at),
            ])
            let outcome = await Self.postWebhook(event: event, id: id, body: body, url: url, secret: secret, client: client)
            guard case .sent = outcome else { return outcome }
        }
        return .sent
    }
}

/// How a webhook post to the seller's systems went.
enum WebhookOutcome {
    case sent
    /// 5xx, 429, 408 or no answer: worth sending again later.
    case retry(String)
    /// Any other answer: the receiver will not take it.
    case refused(String)

    /// What to keep beside the delivery (nil when it went).
    var error: String? {
        switch self {
        case .sent: nil
        case .retry(let reason), .refused(let reason): reason
        }
    }
}

extension DueWork {
    static func webhookJSON(_ object: [String: Any]) -> [UInt8] {
        (try? Array(JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))) ?? []
    }

    /// Posts one event to the workspace's webhook, signed like the alert webhooks
    /// (`X-ShopDesk-Signature: sha256=<hex HMAC-SHA256(secret, body)>`), with its stable delivery id.
    static func postWebhook(event: String, id: String, body: [UInt8], url: URL, secret: String, client: PlatformClient) async -> WebhookOutcome {
        let request = PlatformRequest(
            method: .post, baseURL: url.absoluteString, path: "",
            headers: [
                "content-type": "application/json", "x-shopdesk-event": event, "x-shopdesk-delivery": id,
                "x-shopdesk-signature": PlatformSignature.custom(signingSecret: secret, body: body),
            ], body: body)
        do {
            let response = try await client.perform(request)
            switch response.status {
            case 200..<300: return .sent
            case 408, 429, 500..<600: return .retry("HTTP \(response.status)")
            default: return .refused("HTTP \(response.status)")
            }
        } catch {
            return .retry("\(error)")
        }
    }
}
