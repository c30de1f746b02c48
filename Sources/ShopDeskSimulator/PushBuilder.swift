import Foundation
import ShopDeskChannels
import ShopDeskCore

/// A platform push, signed, ready to post to ShopDesk.
struct Push: Sendable {
    var url: String
    var headers: [String: String]
    var body: [UInt8]
}

/// Writes each platform's push for a buyer message, in the platform's envelope and with its signature
/// (platforms.md §1.5, §2.4, §3.3, §4.2, §4.3, §5).
enum PushBuilder {
    static func push(for event: BuyerEvent, pushID: String) -> Push {
        let account = event.account
        let credentials = account.credentials
        let seconds = Int(event.at.timeIntervalSince1970)
        let millis = Int64(event.at.timeIntervalSince1970 * 1000)
        switch account.platform {
        case .tiktokShop:
            // NEW_MESSAGE (14) is a nudge: the message itself is read through the customer-service API.
            let body = Self.json([
                "type": 14, "tts_notification_id": pushID, "shop_id": credentials["shop_id"] ?? "", "timestamp": seconds,
                "data": ["conversation_id": event.conversationID, "message_id": event.messageID, "create_time": seconds],
            ])
            let signature = PlatformSignature.tiktokShopWebhook(
                appKey: credentials["app_key"] ?? "", appSecret: credentials["app_secret"] ?? "", body: body)
            return Push(url: account.webhookURL, headers: ["authorization": signature], body: body)
        case .shopee:
            let message = StoredMessage(
                id: event.messageID, conversationID: event.conversationID, fromBuyer: true, buyerID: event.buyerID, text: event.text,
                contentType: event.contentType, referenceID: event.referenceID, at: event.at
            )
            let body = Self.json([
                "msg_id": pushID, "shop_id": Int64(account.shopID) ?? 0, "code": 10, "timestamp": seconds,
                "data": ["type": "message", "content": SimulatedWorld.shopeeMessage(message, shop: account.shopID, buyerName: event.buyerName)],
            ])
            let signature = PlatformSignature.shopeePush(
                callbackURL: credentials["callback_url"] ?? account.webhookURL, body: body, partnerKey: credentials["partner_key"] ?? ""
            )
            return Push(url: account.webhookURL, headers: ["authorization": signature], body: body)
        case .lazada:
            // msg_type 19, IM session update: a nudge; the messages come from /im/message/list.
            let body = Self.json([
                "seller_id": account.shopID, "message_type": 19, "timestamp": millis, "site": "lazada_" + account.market.lowercased(),
                "data": [
                    "sync_type": "SESSION_UPDATE", "session_id": event.conversationID, "user_account_id": event.buyerID,
                    "user_account_type": 1, "unread_count": 1, "site_id": "LAZADA_" + account.market,
                ],
            ])
            let signature = PlatformSignature.lazadaPush(appKey: credentials["app_key"] ?? "", appSecret: credentials["app_secret"] ?? "", body: body)
            return Push(url: account.webhookURL, headers: ["authorization": signature], body: body)
        case .facebook, .instagram:
            let body = Self.metaJSON(Self.metaEnvelope(event, millis: millis, seconds: seconds))
            return Push(
                url: account.webhookURL,
                headers: ["x-hub-signature-256": PlatformSignature.meta(appSecret: credentials["app_secret"] ?? "", body: body)], body: body
            )
        case .whatsapp:
            var message: [String: Any] = ["from": event.buyerID, "id": event.messageID, "timestamp": String(seconds)]
            if event.contentType == .sticker {
                message["type"] = "sticker"
                message["sticker"] = ["id": pushID, "mime_type": "image/webp", "animated": false]
            } else {
                message["type"] = "text"
                message["text"] = ["body": event.text ?? ""]
            }
            let body = Self.metaJSON([
                "object": "whatsapp_business_account",
                "entry": [
                    [
                        "id": credentials["waba_id"] ?? "",
                        "changes": [
                            [
                                "field": "messages",
                                "value": [
                                    "messaging_product": "whatsapp",
                                    "metadata": ["display_phone_number": "6590000000", "phone_number_id": credentials["phone_number_id"] ?? ""],
                                    "contacts": [["profile": ["name": event.buyerName], "wa_id": event.buyerID]],
                                    "messages": [message],
                                ],
                            ]
                        ],
                    ]
                ],
            ])
            return Push(
                url: account.webhookURL,
                headers: ["x-hub-signature-256": PlatformSignature.meta(appSecret: credentials["app_secret"] ?? "", body: body)], body: body
            )
        case .line:
            let message: [String: Any] =
                event.contentType == .sticker
                ? ["type": "sticker", "id": event.messageID, "packageId": "11537", "stickerId": "52002734", "stickerResourceType": "STATIC"]
                : ["type": "text", "id": event.messageID, "text": event.text ?? "", "quoteToken": SimulatedAccount.token(40)]
            let body = Self.json([
                "destination": "U" + String(repeating: "0", count: 32),
                "events": [
                    [
                        "type": "message", "message": message, "webhookEventId": pushID, "deliveryContext": ["isRedelivery": false],
                        "timestamp": millis, "source": ["type": "user", "userId": event.buyerID], "replyToken": SimulatedAccount.token(32),
                        "mode": "active",
                    ]
                ],
            ])
            return Push(
                url: account.webhookURL,
                headers: ["x-line-signature": PlatformSignature.line(channelSecret: credentials["channel_secret"] ?? "", body: body)], body: body
            )
        case .custom:
            let body = Self.json([
                "message_id": event.messageID, "conversation_id": event.conversationID, "buyer_id": event.buyerID,
                "buyer_name": event.buyerName, "text": event.text ?? "", "sent_at": seconds,
            ])
            return Push(
                url: account.webhookURL,
                headers: ["x-shopdesk-signature": PlatformSignature.custom(signingSecret: credentials["signing_secret"] ?? "", body: body)],
                body: body
            )
        }
    }

    /// Messenger or Instagram: a direct message in `messaging[]`, or a comment in `changes[]`.
    private static func metaEnvelope(_ event: BuyerEvent, millis: Int64, seconds: Int) -> [String: Any] {
        let account = event.account
        let instagram = account.platform == .instagram
        let owner = instagram ? (account.credentials["instagram_account_id"] ?? account.shopID) : account.shopID
        let object = instagram ? "instagram" : "page"
        switch event.surface {
        case .chat:
            var message: [String: Any] = ["mid": event.messageID]
            if event.contentType == .sticker {
                message["attachments"] = [
                    ["type": "image", "payload": ["url": "https://scontent.example/sticker.png", "sticker_id": 369239263222822]]
                ]
            } else {
                message["text"] = event.text ?? ""
            }
            return [
                "object": object,
                "entry": [
                    [
                        "id": owner, "time": millis,
                        "messaging": [["sender": ["id": event.buyerID], "recipient": ["id": owner], "timestamp": millis, "message": message]],
                    ]
                ],
            ]
        case .comment(let post) where !instagram:
            return [
                "object": "page",
                "entry": [
                    [
                        "id": owner, "time": seconds,
                        "changes": [
                            [
                                "field": "feed",
                                "value": [
                                    "item": "comment", "verb": "add", "comment_id": event.messageID, "post_id": post, "parent_id": post,
                                    "from": ["id": event.buyerID, "name": event.buyerName], "message": event.text ?? "", "created_time": seconds,
                                ],
                            ]
                        ],
                    ]
                ],
            ]
        case .comment(let media), .liveComment(let media):
            let live: Bool = if case .liveComment = event.surface { true } else { false }
            return [
                "object": "instagram",
                "entry": [
                    [
                        "id": owner, "time": seconds,
                        "changes": [
                            [
                                "field": live ? "live_comments" : "comments",
                                "value": [
                                    "from": ["id": event.buyerID, "username": event.buyerName.lowercased().replacingOccurrences(of: " ", with: ".")],
                                    "media": ["id": media, "media_product_type": live ? "LIVE" : "FEED"], "id": event.messageID,
                                    "text": event.text ?? "",
                                ],
                            ]
                        ],
                    ]
                ],
            ]
        }
    }

    /// The platform's order-status push for `order` (TikTok Shop type 1, Shopee code 3, Lazada
    /// message_type 0; commerce-platforms.md §0), signed like its message pushes.
    static func orderPush(_ order: SimulatedOrder, account: SimulatedAccount, pushID: String, at: Date) -> Push? {
        let credentials = account.credentials
        let seconds = Int(at.timeIntervalSince1970)
        let status = order.status(on: account.platform)
        switch account.platform {
        case .tiktokShop:
            let body = Self.json([
                "type": 1, "tts_notification_id": pushID, "shop_id": credentials["shop_id"] ?? "", "timestamp": seconds,
                "data": ["order_id": order.id, "order_status": status, "is_on_hold_order": false, "update_time": seconds],
            ])
            let signature = PlatformSignature.tiktokShopWebhook(
                appKey: credentials["app_key"] ?? "", appSecret: credentials["app_secret"] ?? "", body: body)
            return Push(url: account.webhookURL, headers: ["authorization": signature], body: body)
        case .shopee:
            let body = Self.json([
                "msg_id": pushID, "shop_id": Int64(account.shopID) ?? 0, "code": 3, "timestamp": seconds,
                "data": ["ordersn": order.id, "status": status, "update_time": seconds],
            ])
            let signature = PlatformSignature.shopeePush(
                callbackURL: credentials["callback_url"] ?? account.webhookURL, body: body, partnerKey: credentials["partner_key"] ?? "")
            return Push(url: account.webhookURL, headers: ["authorization": signature], body: body)
        case .lazada:
            let body = Self.json([
                "seller_id": account.shopID, "message_type": 0, "timestamp": Int64(at.timeIntervalSince1970 * 1000),
                "site": "lazada_" + account.market.lowercased(),
                "data": [
                    "order_status": status, "trade_order_id": order.id, "trade_order_line_id": order.id + "0", "status_update_time": seconds,
                ],
            ])
            let signature = PlatformSignature.lazadaPush(appKey: credentials["app_key"] ?? "", appSecret: credentials["app_secret"] ?? "", body: body)
            return Push(url: account.webhookURL, headers: ["authorization": signature], body: body)
        case .facebook, .instagram, .whatsapp, .line, .custom:
            return nil
        }
    }

    static func json(_ object: [String: Any]) -> [UInt8] {
        Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data())
    }

    /// Meta writes every non-ASCII character as `\uXXXX` (platforms.md §4.2), so a receiver that
    /// re-serialises the JSON before checking the signature fails here as it would in production.
    static func metaJSON(_ object: [String: Any]) -> [UInt8] {
        var out: [UInt8] = []
        for scalar in String(decoding: Self.json(object), as: UTF8.self).unicodeScalars {
            if scalar.isASCII {
                out.append(UInt8(scalar.value))
            } else {
                for unit in String(scalar).utf16 {
                    out += Array(String(format: "\\u%04x", unit).utf8)
                }
            }
        }
        return out
    }
}
