import Foundation
import ShopDeskChannels
import ShopDeskCore
import Testing

/// Reading the after-sale and shop-health answers in the shapes the platforms' docs and SDKs show, where
/// the simulator writes only one of the shapes a field may take (commerce-platforms.md §1.8, §3.5, §3.7,
/// §3.8).
@Suite("After-sale answers")
struct AfterSaleAnswerTests {
    /// Answers by path, and every request made, in order.
    actor Recorder: PlatformTransport {
        let answers: [String: String]
        private(set) var requests: [PlatformRequest] = []

        init(answers: [String: String]) { self.answers = answers }

        func perform(_ request: PlatformRequest) async throws -> PlatformResponse {
            self.requests.append(request)
            guard let body = self.answers[request.path] else { return PlatformResponse(status: 404, body: []) }
            return PlatformResponse(status: 200, body: Array(body.utf8))
        }
    }

    static let now = Date(timeIntervalSince1970: 1_767_225_600)
    static let credentials = ChannelCredentials([
        "app_key": "k", "app_secret": "s", "access_token": "t", "partner_id": "1", "partner_key": "p", "shop_id": "2",
    ])

    static func order(_ platform: Platform, id: String) -> Order {
        Order(
            id: Order.ID("o-\(id)"), workspaceID: Workspace.ID("ws-ami"), channelAccountID: ChannelAccount.ID("acct-\(platform.rawValue)"),
            platform: platform, externalID: id, status: .delivered, platformStatus: "DELIVERED", lines: [], currency: "VND", totalMinor: 300_000,
            buyerPlatformUserID: nil, cashOnDelivery: false, shipBy: nil, updatedAt: Self.now)
    }

    @Test("Lazada: `result.items`, an SLA given as time left, whole đồng in Vietnam, and the lines named when refusing")
    func lazadaReverseOrder() async throws {
        let transport = Recorder(answers: [
            "/reverse/getreverseordersforseller": """
            {"code":"0","result":{"total":2,"page_no":1,"page_size":100,"items":[
              {"reverse_order_id":"900","trade_order_id":"77","request_type":"RETURN","reverse_order_lines":[
                {"reverse_order_line_id":"9001","reverse_status":"RTW_INIT","refund_amount":150000,"reason_text":"Wrong size","sla":7200000},
                {"reverse_order_line_id":"9002","reverse_status":"RTW_INIT","refund_amount":150000,"reason_text":"Wrong size","sla":7200000}]},
              {"reverse_order_id":"901","trade_order_id":"78","request_type":"ONLY_REFUND","reverse_order_lines":[]}]}}
            """,
            "/order/reverse/return/update": #"{"code":"0","data":{}}"#,
        ])
        let client = PlatformClient(transport: transport, now: { Self.now })
        let account = WebhookFixtures.account(.lazada)
        let order = Self.order(.lazada, id: "77")
        let requests = try await client.afterSaleRequests(for: order, account: account, credentials: Self.credentials)
        let request = try #require(requests.first)
        #expect(requests.count == 1, "another order's reverse order is left out")
        #expect(request.kind == .returnAndRefund)
        #expect(request.awaitingSeller)
        #expect(request.respondBy == Self.now.addingTimeInterval(7200))
        #expect(request.refundMinor == 300_000)
        #expect(request.lineIDs == ["9001", "9002"])

        try await client.decide(
            request, approve: false, reason: "1000017", comment: "Worn", idempotencyKey: "k", order: order, account: account,
            credentials: Self.credentials)
        let sent = try #require(await transport.requests.last)
        #expect(sent.path == "/order/reverse/return/update")
        let query = Dictionary(uniqueKeysWithValues: sent.query.map { ($0.key, $0.value) })
        #expect(query["action"] == "refuseReturn")
        #expect(query["reverse_order_item_ids"] == "[9001,9002]")
        #expect(query["reason_id"] == "1000017")
    }

    @Test("Lazada's ship-on-time is read as a percentage with a sign, a percentage, or a fraction", arguments: ["\"95.5%\"", "95.5", "0.955"])
    func lazadaShipOnTime(value: String) async throws {
        let transport = Recorder(answers: ["/seller/metrics/get": #"{"code":"0","data":{"ship_on_time":\#(value)}}"#])
        let figure = try #require(
            try await PlatformClient(transport: transport).platformLateShipment(
                account: WebhookFixtures.account(.lazada), credentials: Self.credentials))
        #expect(abs(figure.rate - 0.045) < 0.000_001)
    }

    @Test("TikTok Shop: a returned parcel waiting for the seller is answered about the package received, with the idempotency key")
    func tiktokReceivedPackage() async throws {
        let transport = Recorder(answers: [
            "/return_refund/202309/cancellations/search": #"{"code":0,"data":{"cancellations":[]}}"#,
            "/return_refund/202309/returns/search": """
            {"code":0,"data":{"return_orders":[{"return_id":"R1","order_id":"55","return_type":"RETURN_AND_REFUND",
              "return_status":"BUYER_SHIPPED_ITEM","seller_next_action_response":[{"action":"SELLER_RESPOND_RECEIVE_PACKAGE","deadline":1767300000}],
              "return_line_items":[{"order_line_item_id":"551","refund_amount":{"currency":"VND","refund_total":"120000"}}]}]}}
            """,
            "/return_refund/202309/returns/R1/approve": #"{"code":0,"data":{}}"#,
        ])
        let client = PlatformClient(transport: transport, now: { Self.now })
        let account = WebhookFixtures.account(.tiktokShop)
        let order = Self.order(.tiktokShop, id: "55")
        let request = try #require(try await client.afterSaleRequests(for: order, account: account, credentials: Self.credentials).first)
        #expect(request.awaitingSeller, "not a pending status, but the seller has an action")
        #expect(request.respondBy == Date(timeIntervalSince1970: 1_767_300_000))
        #expect(request.refundMinor == 120_000)
        #expect(request.currency == "VND")
        try await client.decide(
            request, approve: true, reason: nil, comment: nil, idempotencyKey: "key-1", order: order, account: account, credentials: Self.credentials)
        let sent = try #require(await transport.requests.last)
        #expect(sent.query.contains { $0.key == "idempotency_key" && $0.value == "key-1" })
        #expect(String(decoding: sent.body, as: UTF8.self).contains("APPROVE_RECEIVED_PACKAGE"))
    }
}
