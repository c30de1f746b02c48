import Testing

@testable import ShopDeskCore

@Suite("Delivery statuses")
struct DeliveryStatusTests {
    typealias Status = Message.DeliveryStatus
    static let forward: [Status] = [.queued, .sending, .sent, .delivered, .read]

    @Test("statuses only move forward: queued, sending, sent, delivered, read")
    func forwardOnly() {
        for (index, current) in Self.forward.enumerated() {
            for (otherIndex, next) in Self.forward.enumerated() {
                #expect(next.advances(from: current) == (otherIndex > index), "\(current) → \(next)")
            }
        }
    }

    @Test("a failure is the last word: it replaces any status and nothing replaces it")
    func failedIsFinal() {
        for status in Self.forward {
            #expect(Status.failed.advances(from: status))
            #expect(!status.advances(from: .failed))
        }
        #expect(!Status.failed.advances(from: .failed))
    }

    @Test("a message without a status takes any", arguments: Status.allCases)
    func noStatus(status: Status) {
        #expect(status.advances(from: nil))
    }
}
