import Foundation
import ShopDeskChannels
import ShopDeskCore
import ShopDeskSimulator
import ShopDeskStore
import Synchronization
import Testing

@testable import ShopDeskServer

/// A delivery service killed mid-send and another taking over: no reply lost, none sent twice.
@Suite("Delivery across a crash")
struct DeliveryCrashTests {
    enum Moment: String, Sendable {
        /// Killed after the platform accepted the reply, before ShopDesk recorded that.
        case betweenSendAndRecord = "between send and record"
        /// Killed after the reply was claimed, before the request left.
        case beforeSend = "before sending"
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var platform: Platform
        var moment: Moment
        /// How the second service leaves the reply.
        var expected: String
        var testDescription: String { "\(self.platform.rawValue), killed \(self.moment.rawValue)" }
    }

    static let cases: [Case] = [
        // Shopee is read back: the reply is found on the platform, or sent when it is not there.
        Case(platform: .shopee, moment: .betweenSendAndRecord, expected: "sent"),
        Case(platform: .shopee, moment: .beforeSend, expected: "sent"),
        // LINE takes the retry key: the resend is recognised, not delivered again.
        Case(platform: .line, moment: .betweenSendAndRecord, expected: "sent"),
        // WhatsApp cannot be asked: the reply is shown as uncertain rather than risked twice.
        Case(platform: .whatsapp, moment: .betweenSendAndRecord, expected: "failed"),
    ]

    @Test("a delivery service killed mid-delivery: after the restart the reply has reached the buyer exactly once", arguments: Self.cases)
    func killedMidDelivery(_ testCase: Case) async throws {
        // The server itself sends nothing here: the test runs the two delivery services itself.
        try await LiveStack.run(callPlatforms: false) { stack in
            try await stack.simulator.connect(shopDesk: stack.shopDesk, token: stack.ownerToken, transport: stack.transport)
            let account = try #require(await stack.simulator.world.allAccounts().first { $0.platform == testCase.platform })
            let question = "Shop ơi đơn hàng của mình giao chưa ạ?"
            try await stack.simulator.sendBuyerMessage(question, to: account, transport: stack.transport)
            let conversation = try await stack.conversation(channel: account.channelAccountID, containing: question)
            let answer = "Dạ đơn của bạn đã được gửi đi hôm nay ạ"
            let reply = try await stack.api(.post, "/api/v1/conversations/\(conversation)/replies", body: ["text": answer])
            let messageID = try #require(reply.json["id"] as? String)

            let secrets = try SecretBox.load(environmentKey: nil, dataDirectory: stack.settings.dataDirectory)
            try await SQLStore.withStore(try stack.settings.databaseLocation(), secrets: secrets, logger: TestApp.logger) { store in
                // The first service stops for good at the chosen moment, and is then killed.
                let reached = Mutex(false)
                let halt: @Sendable () async throws -> Void = {
                    reached.withLock { $0 = true }
                    try await Task.sleep(for: .seconds(3600))
                }
                let probe =
                    testCase.moment == .beforeSend
                    ? OutboxDispatcher.Probe(beforeSend: { _ in try await halt() })
                    : OutboxDispatcher.Probe(afterSend: { _, _ in try await halt() })
                let first = OutboxDispatcher(
                    ServiceContext(store: store, transport: stack.transport, logger: TestApp.logger), lease: 60, probe: probe)
                let firstRun = Task { try await first.run() }
                _ = try await stack.eventually("the first service to reach the moment") { reached.withLock { $0 } ? true : nil }
                firstRun.cancel()
                _ = await firstRun.result

                let killedAt = try await stack.currentDeliveryStatus(of: messageID, in: conversation)
                #expect(killedAt == "sending", "nothing is recorded after the kill")
                let before = await stack.simulator.world.replies(to: account.channelAccountID)
                #expect(before.count == (testCase.moment == .betweenSendAndRecord ? 1 : 0))

                // The restarted service finds the claim's lease run out.
                let second = OutboxDispatcher(
                    ServiceContext(store: store, transport: stack.transport, now: { Date().addingTimeInterval(120) }, logger: TestApp.logger),
                    lease: 60
                )
                let secondRun = Task { try await second.run() }
                let delivery = try await stack.finalDelivery(of: messageID, in: conversation)
                secondRun.cancel()
                _ = await secondRun.result

                let received = await stack.simulator.world.replies(to: account.channelAccountID)
                #expect(received.map(\.text) == [answer], "the buyer got the reply exactly once")
                #expect(delivery.status == testCase.expected)
                if delivery.status == "sent", testCase.platform != .line {
                    #expect(delivery.platformMessageID == received.first?.platformMessageID)
                }
                if delivery.status == "failed" {
                    #expect(delivery.error?.contains("uncertain") == true, "\(delivery)")
                }
            }
        }
    }
}
