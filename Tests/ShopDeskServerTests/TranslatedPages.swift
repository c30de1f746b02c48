import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import ShopDeskChannels
@testable import ShopDeskCore
@testable import ShopDeskServer
@testable import ShopDeskStore

/// Every web page, rendered in one language with something on it: two conversations (a Shopee buyer
/// and a buyer on the seller's own site with a picture and an order), a reply, a note, a tag, a
/// template; the sign-in form, refused sign-in, the error pages, a reply stopped by the guard and a
/// template refused. Also the data the test put there, which is shown as it is.
struct TranslatedPages {
    var pages: [(name: String, html: String)] = []
    var data: [String] = []

    static let buyerName = "Nguyễn Thị Lan"
    static let buyerText = "Còn màu đỏ size M không ạ? Mã ao-do-m"
    static let replyText = "Dạ còn ạ, chị đặt ngay nhé"
    static let noteText = "khách quen"
    static let templateName = "giao-hang"
    static let templateBody = "Chào {buyer_name}, shop gửi hàng hôm nay ạ."
    static let blockedDraft = "Gọi em 0912 345 678 nha"
    static let wrongLanguage = "tiếng Việt"
    static let sku = "AO-DO-M"
    static let productTitle = "Áo thun đỏ"

    static func render(in language: String, client: any TestClientProtocol, app: TestApp) async throws -> TranslatedPages {
        var shown = TranslatedPages()
        let shopee = try await PrivacyComplianceAPITests.shopeeConversation(client, app: app, text: "Ada stok saiz M?")
        let own = try await Self.ownSiteConversation(client, app: app)
        let session = try await WebPageTests.signIn(client, app: app)
        let headers: HTTPFields = [.acceptLanguage: language, .cookie: session]

        // Signed out: the sign-in form, a refused sign-in and the error page, by the browser's language.
        let signIn = try await client.execute(uri: "/login", method: .get, headers: [.acceptLanguage: language], body: nil)
        shown.pages.append(("sign-in", String(buffer: signIn.body)))
        let csrfCookie = try #require(WebPageTests.cookie(signIn))
        let refused = try await Self.post(
            client, "/login", ["csrf": String(csrfCookie.split(separator: "=")[1]), "email": "nobody@example.com", "password": "wrong"],
            headers: [.acceptLanguage: language, .cookie: csrfCookie])
        #expect(refused.status == .unauthorized)
        shown.pages.append(("sign-in refused", String(buffer: refused.body)))
        let reset = try await client.execute(uri: "/login/reset", method: .get, headers: [.acceptLanguage: language], body: nil)
        shown.pages.append(("password reset", String(buffer: reset.body)))
        let wrongCode = try await Self.post(
            client, "/login/reset",
            [
                "csrf": String(csrfCookie.split(separator: "=")[1]), "email": "nobody@example.com", "code": "AAAA-BBBB-CCCC",
                "password": "long enough",
            ],
            headers: [.acceptLanguage: language, .cookie: csrfCookie])
        #expect(wrongCode.status == .unauthorized)
        shown.pages.append(("password reset refused", String(buffer: wrongCode.body)))
        let missing = try await client.execute(uri: "/no/such/page", method: .get, headers: [.acceptLanguage: language], body: nil)
        #expect(missing.status == .notFound)
        shown.pages.append(("404", String(buffer: missing.body)))

        // Signed in: the agent's language chosen on the page, and something done on each screen.
        let inbox = String(buffer: try await client.execute(uri: "/", method: .get, headers: headers, body: nil).body)
        let csrf = try WebPageTests.csrf(in: inbox)
        for (path, form) in [
            ("/settings/language", ["language": language]), ("/conversations/\(own)/reply", ["text": Self.replyText]),
            ("/conversations/\(own)/note", ["text": Self.noteText]), ("/conversations/\(own)/tags", ["tags": "vip"]),
            ("/conversations/\(own)/assign", ["assignee": "me"]),
            ("/templates", ["name": Self.templateName, "language": "vi", "body": Self.templateBody]),
        ] {
            let response = try await Self.post(client, path, form.merging(["csrf": csrf]) { $1 }, headers: headers)
            #expect(response.status == .seeOther, "\(path)")
        }
        for (name, path) in [
            ("inbox", "/"), ("inbox, nothing found", "/?tag=none-such"), ("conversation", "/conversations/\(own)"),
            ("Shopee conversation", "/conversations/\(shopee)"), ("no such conversation", "/conversations/none-such"),
            ("dashboard", "/dashboard"), ("templates", "/templates"), ("inbox rows", "/partials/inbox"),
            ("thread", "/partials/conversations/\(own)/thread"), ("404 signed in", "/settings/none-such"),
        ] {
            let response = try await client.execute(uri: path, method: .get, headers: headers, body: nil)
            shown.pages.append((name, String(buffer: response.body)))
        }
        let blocked = try await Self.post(client, "/conversations/\(shopee)/reply", ["csrf": csrf, "text": Self.blockedDraft], headers: headers)
        #expect(blocked.status == .unprocessableContent)
        shown.pages.append(("reply stopped by the guard", String(buffer: blocked.body)))
        let invalid = try await Self.post(
            client, "/templates", ["csrf": csrf, "name": Self.templateName, "language": Self.wrongLanguage, "body": Self.templateBody],
            headers: headers)
        #expect(invalid.status == .unprocessableContent)
        shown.pages.append(("template refused", String(buffer: invalid.body)))

        // The agents page: a reset code just issued, and an agent deactivated (then active again).
        let agents = try await client.json(.get, "/api/v1/agents", token: app.ownerToken)
        let agent = try #require((agents["items"] as? [[String: Any]])?.first { $0["email"] as? String == "agent@example.com" }?["id"] as? String)
        let issued = try await Self.post(client, "/agents/\(agent)/reset", ["csrf": csrf], headers: headers)
        #expect(issued.status == .ok)
        let issuedPage = String(buffer: issued.body)
        shown.pages.append(("agents, a reset code issued", issuedPage))
        let code = issuedPage.firstRange(of: "<code>").flatMap { start in
            issuedPage[start.upperBound...].firstRange(of: "</code>").map { String(issuedPage[start.upperBound..<$0.lowerBound]) }
        }
        #expect(try await Self.post(client, "/agents/\(agent)/active", ["csrf": csrf, "active": "0"], headers: headers).status == .seeOther)
        let deactivated = try await client.execute(uri: "/agents", method: .get, headers: headers, body: nil)
        shown.pages.append(("agents, one deactivated", String(buffer: deactivated.body)))
        #expect(try await Self.post(client, "/agents/\(agent)/active", ["csrf": csrf, "active": "1"], headers: headers).status == .seeOther)

        // The catalog with a product, a count refused (below what a checkout holds), and its stock history.
        _ = try await client.json(
            .post, "/api/v1/products", token: app.ownerToken, body: ["sku": Self.sku, "title": ["vi": Self.productTitle]])
        _ = try await client.json(.put, "/api/v1/inventory/\(Self.sku)", token: app.ownerToken, body: ["on_hand": 5])
        _ = try await client.json(
            .post, "/api/v1/reservations", token: app.ownerToken, body: ["lines": [["sku": Self.sku, "quantity": 2]], "expires_in_seconds": 600],
            headers: [HTTPField.Name("Idempotency-Key")!: "translated-\(language)"])
        // Listed on the Shopee shop (its push waits: no platform is called here) and on the site (no stock API).
        let channels = try await client.json(.get, "/api/v1/channels", token: app.ownerToken)["items"] as? [[String: Any]] ?? []
        for (index, channel) in channels.enumerated() {
            let linked = try await client.json(
                .post, "/api/v1/inventory/\(Self.sku)/listings", token: app.ownerToken,
                body: ["channel_account_id": channel["id"] as? String ?? "", "platform_product_id": "10\(index)", "platform_sku_id": "0"])
            #expect(linked.status == .created, "\(linked.raw)")
            if channel["platform"] as? String == "shopee" {
                // Its products asked for: the page shows the import waiting (no platform is called here).
                let queued = try await client.json(.post, "/api/v1/channels/\(channel["id"] as? String ?? "")/product-imports", token: app.ownerToken)
                #expect(queued.status == .accepted, "\(queued.raw)")
            }
        }
        shown.pages.append(("catalog", String(buffer: try await client.execute(uri: "/catalog", method: .get, headers: headers, body: nil).body)))
        let refusedCount = try await Self.post(client, "/catalog/\(Self.sku)/stock", ["csrf": csrf, "on_hand": "1"], headers: headers)
        #expect(refusedCount.status == .unprocessableContent)
        shown.pages.append(("catalog, a count refused", String(buffer: refusedCount.body)))
        #expect(try await Self.post(client, "/catalog/\(Self.sku)/stock", ["csrf": csrf, "on_hand": "7"], headers: headers).status == .seeOther)
        let history = try await client.execute(uri: "/catalog/\(Self.sku)", method: .get, headers: headers, body: nil)
        shown.pages.append(("stock history", String(buffer: history.body)))
        let imported = try await client.execute(uri: "/catalog?imported=1", method: .get, headers: headers, body: nil)
        shown.pages.append(("catalog after a CSV import", String(buffer: imported.body)))
        // The buyer on the site wrote the SKU: the conversation shows its stock beside the thread.
        let asked = String(buffer: try await client.execute(uri: "/conversations/\(own)", method: .get, headers: headers, body: nil).body)
        #expect(asked.contains("<ul class=\"stock\"><li data-sku=\"\(Self.sku)\">"))
        shown.pages.append(("conversation with the stock asked about", asked))

        // The Shopee buyer ordered the SKU: more units than were left (oversold), due for dispatch within
        // the hour. The order is stored as a fetch of Shopee's order would store it (no platform is called).
        let order = try await Self.shopeeOrder(of: shopee, client: client, app: app)
        for (name, path) in [
            ("orders", "/orders"), ("orders, filtered", "/orders?status=awaiting_shipment&at_risk=1&oversold=1"),
            ("order", "/orders/\(order)?back=/conversations/\(shopee)"), ("no such order", "/orders/none-such"),
            ("conversation with the buyer's order", "/conversations/\(shopee)"), ("buyer's orders", "/partials/conversations/\(shopee)/orders"),
            ("dashboard with late dispatch", "/dashboard"),
        ] {
            let response = try await client.execute(uri: path, method: .get, headers: headers, body: nil)
            shown.pages.append((name, String(buffer: response.body)))
        }

        let explanation = ComplianceExplanation.text(.phoneNumber, in: .init(tag: language))
        shown.data =
            [
                "ShopDesk", "Owner", "Agent", "TikTok Shop", "Shopee", "Lazada", "Facebook", "Instagram", "WhatsApp", "LINE",
                "aisyah_b", "Ada stok saiz M?", "shopee shop", "Kedai Lan", "lan-1", Self.buyerName, Self.buyerText, Self.replyText,
                Self.noteText, "vip", Self.templateName, Self.templateBody, "vi", Self.blockedDraft, Self.wrongLanguage, explanation,
                "j", "k", "r", "e", "owner@example.com", "agent@example.com", Self.sku, Self.productTitle, "–",
                "sku, title:LANG, price:MARKET:CURRENCY, on_hand",
            ] + Self.orderData + WebText.names.values + [code].compactMap { $0 }
        return shown
    }

    static func post(_ client: any TestClientProtocol, _ path: String, _ form: [String: String], headers: HTTPFields) async throws -> TestResponse {
        var headers = headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        let body = form.map { "\($0)=\($1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    /// A buyer on the seller's own site, writing in Vietnamese with a picture and an order.
    static func ownSiteConversation(_ client: any TestClientProtocol, app: TestApp) async throws -> String {
        let secret = "site-secret-\(UUID().uuidString)"
        let created = try await client.json(
            .post, "/api/v1/channels", token: app.ownerToken,
            body: ["platform": "custom", "name": "Kedai Lan", "market": "VN", "credentials": ["signing_secret": secret]])
        let path = try #require(created["webhook_path"] as? String)
        let body = try JSONSerialization.data(withJSONObject: [
            "message_id": "lan-m1", "conversation_id": "thread-lan", "buyer": ["id": "lan-1", "name": Self.buyerName, "language": "vi"],
            "text": Self.buyerText, "sent_at": ISO8601DateFormatter().string(from: Date()),
            "attachments": [["kind": "image", "url": "https://cdn.example.com/ao-do.jpg"], ["kind": "order", "reference_id": "240501"]],
        ])
        var headers = HTTPFields()
        headers[HTTPField.Name("X-ShopDesk-Signature")!] = PlatformSignature.custom(signingSecret: secret, body: Array(body))
        let response = try await client.json(.post, path, rawBody: String(decoding: body, as: UTF8.self), headers: headers)
        #expect(response.status == .accepted, "\(response.raw)")
        return try #require(response["conversation_id"] as? String)
    }

    /// What the Shopee order shows as it is: its number, amounts, the platform's own status and reason
    /// names, the masked address, the payment method.
    static let orderData = [
        "2412070ABCDEFG", "54.90 MYR", "54.90", "READY_TO_SHIP", "IN_CANCEL", "CLOSED", "Change of mind", "•••, Kuala Lumpur", "Online Banking", "×",
        "·", "UTC", "→",
    ]

    /// Stores an order of the Shopee conversation's buyer (9 × the SKU, more than is left, due within the
    /// hour), as a fetch of Shopee's order detail would; returns its id.
    static func shopeeOrder(of conversation: String, client: any TestClientProtocol, app: TestApp) async throws -> String {
        let detail = try await client.json(.get, "/api/v1/conversations/\(conversation)", token: app.ownerToken)["conversation"] as? [String: Any]
        let channel = try #require(detail?["channel_account_id"] as? String)
        let buyer = try await client.json(.get, "/api/v1/buyers/\(try #require(detail?["buyer_id"] as? String))", token: app.ownerToken)
        let buyerID = try #require((buyer["identities"] as? [[String: Any]])?.first?["platform_user_id"] as? String)
        let secrets = try SecretBox.load(environmentKey: nil, dataDirectory: app.settings.dataDirectory)
        return try await SQLStore.withStore(try app.settings.databaseLocation(), secrets: secrets, logger: TestApp.logger) { store in
            let workspace = try #require(try await store.firstWorkspace()).id
            var order = ChannelOrder(
                channelAccountID: ChannelAccount.ID(channel), orderID: "2412070ABCDEFG", platformStatus: "READY_TO_SHIP",
                lines: [ChannelOrder.Line(sku: Self.sku, quantity: 9, title: Self.productTitle, unitPriceMinor: 610)])
            order.currency = "MYR"
            order.totalMinor = 5490
            order.buyerPlatformUserID = buyerID
            order.shippingAddress = "12 Jalan Ampang, Kuala Lumpur"
            order.paymentMethod = "Online Banking"
            order.placedAt = Date().addingTimeInterval(-3600)
            order.platformUpdatedAt = Date().addingTimeInterval(-60)
            order.shipBy = Date().addingTimeInterval(1800)
            let applied = try await store.applyChannelOrder(order, platform: .shopee, workspace: workspace, now: Date())
            let id = try #require(applied.id)
            // The buyer asked to cancel it; another request was already decided.
            try await store.saveAfterSales(
                [
                    AfterSale(
                        channelAccountID: order.channelAccountID, orderID: id,
                        request: AfterSaleRequest(
                            requestID: "2412070ABCDEFG", orderID: order.orderID, kind: .cancellation, platformStatus: "IN_CANCEL",
                            awaitingSeller: true,
                            respondBy: Date().addingTimeInterval(7200), reason: "Change of mind", refundMinor: 5490, currency: "MYR")),
                    AfterSale(
                        channelAccountID: order.channelAccountID, orderID: id,
                        request: AfterSaleRequest(
                            requestID: "R-1", orderID: order.orderID, kind: .returnAndRefund, platformStatus: "CLOSED", awaitingSeller: false,
                            updatedAt: Date().addingTimeInterval(-7200))),
                ], workspace: workspace, now: Date())
            try await store.recordAfterSaleDecision(.rejected, channel: order.channelAccountID, requestID: "R-1", actor: "agent", now: Date())
            return id.rawValue
        }
    }
}
