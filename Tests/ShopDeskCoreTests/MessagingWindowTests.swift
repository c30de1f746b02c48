import Foundation
import Testing

@testable import ShopDeskCore

@Suite("Messaging windows")
struct MessagingWindowTests {
    let buyer = Date(timeIntervalSince1970: 1_760_000_000)
    let day: TimeInterval = 24 * 3600

    @Test(
        "Messenger and Instagram: open 24 h, then a person may reply with HUMAN_AGENT for 7 days, then closed",
        arguments: [Platform.facebook, .instagram])
    func meta(platform: Platform) {
        #expect(
            MessagingWindow.verdict(platform: platform, lastBuyerMessageAt: self.buyer, now: self.buyer.addingTimeInterval(self.day), byHuman: true)
                == .open)
        #expect(
            MessagingWindow.verdict(
                platform: platform, lastBuyerMessageAt: self.buyer, now: self.buyer.addingTimeInterval(self.day + 1), byHuman: true)
                == .openWithHumanAgentTag)
        #expect(
            MessagingWindow.verdict(
                platform: platform, lastBuyerMessageAt: self.buyer, now: self.buyer.addingTimeInterval(7 * self.day), byHuman: true)
                == .openWithHumanAgentTag)
        #expect(
            MessagingWindow.verdict(
                platform: platform, lastBuyerMessageAt: self.buyer, now: self.buyer.addingTimeInterval(7 * self.day + 1), byHuman: true)
                == .closed(since: self.buyer.addingTimeInterval(7 * self.day)))
        #expect(
            MessagingWindow.verdict(
                platform: platform, lastBuyerMessageAt: self.buyer, now: self.buyer.addingTimeInterval(self.day + 1), byHuman: false)
                == .closed(since: self.buyer.addingTimeInterval(self.day)))
        #expect(MessagingWindow.verdict(platform: platform, lastBuyerMessageAt: nil, now: self.buyer, byHuman: true) == .neverOpened)
    }

    @Test("a conversation from a click-to-message ad has a 7-day standard window")
    func fromAd() {
        #expect(
            MessagingWindow.verdict(
                platform: .facebook, lastBuyerMessageAt: self.buyer, now: self.buyer.addingTimeInterval(3 * self.day), byHuman: false, fromAd: true)
                == .open)
    }

    @Test("WhatsApp: free-form within 24 h of the buyer's last message, a template after")
    func whatsapp() {
        #expect(
            MessagingWindow.verdict(platform: .whatsapp, lastBuyerMessageAt: self.buyer, now: self.buyer.addingTimeInterval(self.day), byHuman: true)
                == .open)
        #expect(
            MessagingWindow.verdict(
                platform: .whatsapp, lastBuyerMessageAt: self.buyer, now: self.buyer.addingTimeInterval(self.day + 1), byHuman: true)
                == .templateOnly(since: self.buyer.addingTimeInterval(self.day)))
        #expect(
            MessagingWindow.verdict(platform: .whatsapp, lastBuyerMessageAt: nil, now: self.buyer, byHuman: true) == .templateOnly(since: self.buyer))
    }

    @Test("marketplaces, LINE and custom channels publish no reply window", arguments: [Platform.tiktokShop, .shopee, .lazada, .line, .custom])
    func noWindow(platform: Platform) {
        #expect(
            MessagingWindow.verdict(
                platform: platform, lastBuyerMessageAt: self.buyer, now: self.buyer.addingTimeInterval(30 * self.day), byHuman: false) == .open)
    }

    @Test(
        "the delivery service's decision: Meta tags human replies after 24 hours, refuses after 7 days; WhatsApp needs a template after 24 hours; comments are public and open"
    )
    func sendDecisions() {
        let last = Date(timeIntervalSince1970: 1_800_000_000)
        func decide(_ platform: Platform, _ kind: Conversation.Kind = .direct, after hours: Double) -> MessagingWindow.SendDecision {
            MessagingWindow.sendDecision(
                platform: platform, kind: kind, lastBuyerMessageAt: last, now: last.addingTimeInterval(hours * 3600), byHuman: true)
        }
        #expect(decide(.facebook, after: 23) == .send(humanAgentTag: false))
        #expect(decide(.instagram, after: 30) == .send(humanAgentTag: true))
        guard case .refuse = decide(.facebook, after: 24 * 7 + 1) else { Issue.record("past 7 days must be refused"); return }
        guard case .refuse(let reason) = decide(.whatsapp, after: 25) else { Issue.record("WhatsApp past 24 h must be refused"); return }
        #expect(reason.contains("template"))
        #expect(decide(.whatsapp, after: 23) == .send(humanAgentTag: false))
        #expect(decide(.facebook, .commentThread, after: 24 * 30) == .send(humanAgentTag: false))
        #expect(decide(.shopee, after: 24 * 30) == .send(humanAgentTag: false))
        let never = MessagingWindow.sendDecision(platform: .facebook, kind: .direct, lastBuyerMessageAt: nil, now: last, byHuman: true)
        guard case .refuse = never else { Issue.record("a chat the buyer never started must be refused"); return }
    }
}
