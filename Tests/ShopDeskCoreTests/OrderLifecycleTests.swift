import Foundation
import Testing

@testable import ShopDeskCore

@Suite("Order lifecycle")
struct OrderLifecycleTests {
    /// Every status commerce-platforms.md lists, with the lifecycle status it maps to.
    static let table: [(Platform, String, Order.Status)] = [
        // TikTok Shop §1.3 (order API and webhook spellings).
        (.tiktokShop, "UNPAID", .awaitingPayment), (.tiktokShop, "ON_HOLD", .awaitingShipment),
        (.tiktokShop, "AWAITING_SHIPMENT", .awaitingShipment), (.tiktokShop, "PARTIALLY_SHIPPING", .awaitingShipment),
        (.tiktokShop, "AWAITING_COLLECTION", .readyToShip), (.tiktokShop, "IN_TRANSIT", .shipped), (.tiktokShop, "DELIVERED", .delivered),
        (.tiktokShop, "COMPLETED", .completed), (.tiktokShop, "CANCELLED", .cancelled), (.tiktokShop, "CANCEL", .cancelled),
        // Shopee §2.2, with the list filter's INVOICE_PENDING and the optional PENDING.
        (.shopee, "UNPAID", .awaitingPayment), (.shopee, "PENDING", .awaitingShipment), (.shopee, "INVOICE_PENDING", .awaitingShipment),
        (.shopee, "READY_TO_SHIP", .awaitingShipment), (.shopee, "PROCESSED", .readyToShip), (.shopee, "RETRY_SHIP", .readyToShip),
        (.shopee, "SHIPPED", .shipped), (.shopee, "TO_CONFIRM_RECEIVE", .delivered), (.shopee, "IN_CANCEL", .awaitingShipment),
        (.shopee, "CANCELLED", .cancelled), (.shopee, "TO_RETURN", .returned), (.shopee, "COMPLETED", .completed),
        // Lazada §3.3, per item (the /orders/get filter values and the flow guide's packed and repacked).
        (.lazada, "unpaid", .awaitingPayment), (.lazada, "pending", .awaitingShipment), (.lazada, "topack", .awaitingShipment),
        (.lazada, "packed", .awaitingShipment), (.lazada, "repacked", .awaitingShipment), (.lazada, "toship", .readyToShip),
        (.lazada, "ready_to_ship", .readyToShip), (.lazada, "shipping", .shipped), (.lazada, "shipped", .shipped), (.lazada, "lost", .shipped),
        (.lazada, "delivered", .delivered), (.lazada, "failed", .returned), (.lazada, "returned", .returned), (.lazada, "canceled", .cancelled),
    ]

    @Test("every platform status in commerce-platforms.md maps to the lifecycle", arguments: Self.table)
    func mapped(platform: Platform, platformStatus: String, expected: Order.Status) {
        #expect(OrderLifecycle.status(platform: platform, platformStatus: platformStatus) == expected)
    }

    @Test("a Lazada order is where its least advanced item is, cancelled only when every item is; unknown statuses map to nothing")
    func combined() {
        #expect(OrderLifecycle.status(platform: .lazada, platformStatus: "delivered,pending") == .awaitingShipment)
        #expect(OrderLifecycle.status(platform: .lazada, platformStatus: "canceled,shipped") == .shipped)
        #expect(OrderLifecycle.status(platform: .lazada, platformStatus: "canceled,canceled") == .cancelled)
        #expect(OrderLifecycle.status(platform: .tiktokShop, platformStatus: "SOMETHING_NEW") == nil)
        #expect(OrderLifecycle.next(current: .shipped, mapped: nil) == .shipped)
        #expect(OrderLifecycle.next(current: .returned, mapped: .completed) == .returned)
        #expect(OrderLifecycle.next(current: .returned, mapped: .cancelled) == .cancelled)
    }

    @Test("the late-dispatch rate is TikTok's worked example: 25 late of 200 dispatched is 12.5 %; orders dispatched outside the period do not count")
    func lateDispatchRate() {
        let start = Date(timeIntervalSince1970: 1_760_000_000)
        let week = start.addingTimeInterval(7 * 86_400)
        var orders: [(shipBy: Date?, shippedAt: Date?)] = []
        for index in 0..<200 {
            let shipBy = start.addingTimeInterval(Double(index) * 3000)
            orders.append((shipBy, shipBy.addingTimeInterval(index < 25 ? 60 : -60)))
        }
        orders.append((start, start.addingTimeInterval(-300)))  // dispatched before the period
        orders.append((start, nil))  // not dispatched yet
        let rate = LateDispatchRate(orders: orders, from: start.addingTimeInterval(-120), to: week)
        #expect(rate.late == 25 && rate.dispatched == 200 && rate.rate == 0.125)
        #expect(LateDispatchRate(orders: [], from: start, to: week).rate == nil)
    }

    @Test("dispatch alerts come 12 h and 2 h before the ship-by time and at it, only while the order waits to be dispatched")
    func dispatchAlerts() {
        let shipBy = Date(timeIntervalSince1970: 1_760_000_000)
        #expect(DispatchAlerts.next(shipBy: shipBy, status: .awaitingShipment, fired: 0) == shipBy.addingTimeInterval(-12 * 3600))
        #expect(DispatchAlerts.next(shipBy: shipBy, status: .readyToShip, fired: 2) == shipBy)
        #expect(DispatchAlerts.next(shipBy: shipBy, status: .readyToShip, fired: 3) == nil)
        #expect(DispatchAlerts.next(shipBy: shipBy, status: .shipped, fired: 0) == nil)
        #expect(DispatchAlerts.due(shipBy: shipBy, fired: 0, now: shipBy.addingTimeInterval(-3 * 3600))?.fired == 1)
        #expect(DispatchAlerts.due(shipBy: shipBy, fired: 0, now: shipBy.addingTimeInterval(-3600))?.fired == 2)
        #expect(DispatchAlerts.due(shipBy: shipBy, fired: 0, now: shipBy.addingTimeInterval(-13 * 3600)) == nil)
    }
}
