import Foundation
import ShopDeskChannels
import ShopDeskCore
import Testing

/// The order readers against answers written from the platforms' documented fields
/// (commerce-platforms.md §1.4, §2.3, §3.3), kept in `Fixtures/`.
@Suite("Order readers against recorded answers")
struct OrderReaderFixtureTests {
    /// Answers each API path with a fixture, as the platform would.
    struct CannedTransport: PlatformTransport {
        let answers: [String: String]

        func perform(_ request: PlatformRequest) async throws -> PlatformResponse {
            guard let name = self.answers[request.path] else { return PlatformResponse(status: 404, body: []) }
            return PlatformResponse(status: 200, body: try WebhookFixtures.bytes(name))
        }
    }

    static func read(_ platform: Platform, id: String, answers: [String: String]) async throws -> ChannelOrder {
        let account = WebhookFixtures.account(platform)
        let credentials = ChannelCredentials([
            "app_key": "k", "app_secret": "s", "access_token": "t", "partner_id": "1", "partner_key": "p", "shop_id": "2",
        ])
        let orders = try await PlatformClient(transport: CannedTransport(answers: answers)).orders([id], account: account, credentials: credentials)
        return try #require(orders.first)
    }

    @Test("TikTok Shop: a line per unit added up per SKU, string amounts in đồng, the SEA pick-up cut-off as ship-by")
    func tiktok() async throws {
        let order = try await Self.read(.tiktokShop, id: "576461413038785752", answers: ["/order/202309/orders": "tiktok-order-detail"])
        #expect(order.lines.map(\.sku) == ["AO-THUN-DO-M", "SON-LI-07"])
        #expect(order.lines[0].quantity == 2)
        #expect(order.lines[0].unitPriceMinor == 139_000)
        #expect(order.lines[0].discountMinor == 30_000)
        #expect(order.lines[0].platformItemIDs == ["577086512123", "577086512124"])
        #expect(order.lines[0].platformSKUID == "1729582718312380")
        #expect(order.lines[0].title == "Áo thun đỏ")
        #expect(order.currency == "VND")
        #expect(order.totalMinor == 403_000)
        #expect(order.buyerPlatformUserID == "7494845378307655683")
        #expect(order.cashOnDelivery)
        #expect(order.paymentMethod == "Cash on delivery")
        #expect(order.carrier == "J&T Express")
        #expect(order.trackingNumber == "JT0001234567")
        #expect(order.shippingAddress == "12 Nguyễn Huệ, Quận 1, TP. Hồ Chí Minh")
        #expect(order.shipBy == Date(timeIntervalSince1970: 1_765_224_000))
        #expect(order.autoCancelAt == Date(timeIntervalSince1970: 1_765_324_800))
        #expect(order.placedAt == Date(timeIntervalSince1970: 1_765_065_600))
        #expect(order.platformUpdatedAt == Date(timeIntervalSince1970: 1_765_069_200))
        #expect(order.shippedAt == nil)
    }

    @Test("Shopee: units from model_quantity_purchased, float prices in sen, ship_by_date, no pick-up yet")
    func shopee() async throws {
        let order = try await Self.read(.shopee, id: "201218V2Y6E59M", answers: ["/api/v2/order/get_order_detail": "shopee-order-detail"])
        let line = try #require(order.lines.first)
        #expect(line.sku == "TUI-TOTE-XANH")
        #expect(line.quantity == 2)
        #expect(line.unitPriceMinor == 3990)
        #expect(line.discountMinor == 1000)
        #expect(line.platformProductID == "2600144043")
        #expect(line.platformSKUID == "15000212131")
        #expect(line.title == "Beg tote biru · Biru")
        #expect(order.totalMinor == 7380)
        #expect(order.buyerPlatformUserID == "258058818")
        #expect(order.carrier == "SPX Express (MY)")
        #expect(order.shipBy == Date(timeIntervalSince1970: 1_765_324_800))
        #expect(order.shippedAt == nil, "pickup_done_time 0 is no time")
        #expect(!order.cashOnDelivery)
    }

    @Test("Lazada: items per unit, the item SLA as ship-by, and the order's price less vouchers plus shipping as the total")
    func lazada() async throws {
        let order = try await Self.read(
            .lazada, id: "647281123002", answers: ["/order/items/get": "lazada-order-items", "/order/get": "lazada-order"])
        let line = try #require(order.lines.first)
        #expect(line.quantity == 2)
        #expect(line.unitPriceMinor == 25_900)
        #expect(line.discountMinor == 5180)
        #expect(line.platformItemIDs == ["14703331052010", "14703331052011"])
        #expect(order.platformStatus == "ready_to_ship")
        #expect(order.currency == "THB")
        #expect(order.totalMinor == 50_620, "518.00 − 51.80 + 40.00")
        #expect(order.buyerPlatformUserID == "100023456")
        #expect(order.cashOnDelivery)
        #expect(order.trackingNumber == "LEXPU0012345")
        #expect(order.shippingAddress == "99/1 ถนนสุขุมวิท, กรุงเทพฯ, 10110, Thailand")
        #expect(order.shipBy == ISO8601DateFormatter().date(from: "2026-12-09T23:59:59+07:00"))
        #expect(order.platformUpdatedAt == ISO8601DateFormatter().date(from: "2026-12-07T11:05:00+07:00"))
    }

    @Test("Lazada: when the order call is refused the items still make the order, totalled by what was paid for them")
    func lazadaItemsOnly() async throws {
        let order = try await Self.read(.lazada, id: "647281123002", answers: ["/order/items/get": "lazada-order-items"])
        #expect(order.totalMinor == 46_620, "2 × 233.10")
        #expect(order.paymentMethod == nil)
    }
}
