import Foundation
import Testing
@testable import ShopDeskCore

@Suite("Messaging windows")
struct MessagingWindowTests {
    let buyer = Date(timeIntervalSince1970: 1_760_000_000)
    let day: TimeInterval = 24 * 3600

    @Test("Messenger and Instagram: open 24 h, then a person may reply with HUMAN_AGENT for 7 days, then closed",
          arguments: [Platform.facebook, .instagram])
    func meta(platform: Platform) {
        #expect(MessagingWindow.verdict(platform: platform, lastBuyerMessageAt: self.buyer, now: self.buyer.addingTimeInterval(self.day), byHuman: true) == .open)
        #expect(MessagingWindow.verdict(platform: platform, lastBuyerMessageAt: self.buyer, now: self.buyer.addingTimeInterval(self.day + 1), byHuman: true) == .openWithHumanAgentTag)
        #expect(MessagingWindow.verdict(platform: platform, lastBuyerMessageAt: self.buyer, now: self.buyer.addingTimeInterval(7 * self.day), byHuman: true) == .openWithHumanAgentTag)
        #expect(MessagingWindow.verdict(platform: platform, lastBuyerMessageAt: self.buyer, now: self.buyer.addingTimeInterval(7 * self.day + 1), byHuman: true)
            == .closed(since: self.buyer.addingTimeInterval(7 * self.day)))
        #expect(MessagingWindow.verdict(platform: platform, lastBuyerMessageAt: self.buyer, now: self.buyer.addingTimeInterval(self.day + 1), byHuman: false)
            == .closed(since: self.buyer.addingTimeInterval(self.day)))
        #expect(MessagingWindow.verdict(platform: platform, lastBuyerMessageAt: nil, now: self.buyer, byHuman: true) == .neverOpened)
    }

    @Test("a conversation from a click-to-message ad has a 7-day standard window")
    func fromAd() {
        #expect(MessagingWindow.verdict(platform: .facebook, lastBuyerMessageAt: self.buyer, now: self.buyer.addingTimeInterval(3 * self.day), byHuman: false, fromAd: true) == .open)
    }

    @Test("WhatsApp: free-form within 24 h of the buyer's last message, a template after")
    func whatsapp() {
        #expect(MessagingWindow.verdict(platform: .whatsapp, lastBuyerMessageAt: self.buyer, now: self.buyer.addingTimeInterval(self.day), byHuman: true) == .open)
        #expect(MessagingWindow.verdict(platform: .whatsapp, lastBuyerMessageAt: self.buyer, now: self.buyer.addingTimeInterval(self.day + 1), byHuman: true)
            == .templateOnly(since: self.buyer.addingTimeInterval(self.day)))
        #expect(MessagingWindow.verdict(platform: .whatsapp, lastBuyerMessageAt: nil, now: self.buyer, byHuman: true) == .templateOnly(since: self.buyer))
    }

    @Test("marketplaces, LINE and custom channels publish no reply window", arguments: [Platform.tiktokShop, .shopee, .lazada, .line, .custom])
    func noWindow(platform: Platform) {
        #expect(MessagingWindow.verdict(platform: platform, lastBuyerMessageAt: self.buyer, now: self.buyer.addingTimeInterval(30 * self.day), byHuman: false) == .open)
    }
}
