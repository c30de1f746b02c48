import Foundation
import Testing

@testable import ShopDeskCore

@Suite("Buyer export with orders")
struct BuyerExportOrdersTests {
    @Test("an export with an order encodes")
    func encodes() throws {
        let order = Order(
            id: Order.ID("o1"), workspaceID: Workspace.ID("w"), channelAccountID: ChannelAccount.ID("c"), platform: .shopee, externalID: "X",
            status: .shipped, platformStatus: "SHIPPED", lines: [Order.Line(ChannelOrder.Line(sku: "A", quantity: 1), held: 1)], updatedAt: Date())
        let export = BuyerExport(
            exportedAt: Date(), buyer: .init(id: "b", displayName: nil, createdAt: Date(), erasedAt: nil), identities: [], conversations: [],
            orders: [BuyerExport.OrderRecord(order)])
        let text = String(decoding: try export.jsonData(), as: UTF8.self)
        #expect(text.contains("\"external_id\" : \"X\""))
    }
}
