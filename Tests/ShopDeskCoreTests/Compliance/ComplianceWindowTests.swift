import Foundation
import Testing

@testable import ShopDeskCore

/// The guard's `messaging_window` rule over `MessagingWindow` (platforms.md §4.4).
@Suite("Compliance: messaging window")
struct ComplianceWindowTests {
    let buyerWrote = Date(timeIntervalSince1970: 1_760_000_000)
    let hour: TimeInterval = 3600
    let text = "Your replacement ships tomorrow."

    func check(
        _ platform: Platform, after elapsed: TimeInterval?, byHuman: Bool = true, isTemplate: Bool = false, fromAd: Bool = false
    ) -> ComplianceResult {
        let last: Date? = elapsed == nil ? nil : self.buyerWrote
        let now = self.buyerWrote.addingTimeInterval(elapsed ?? 0)
        return ComplianceGuard.standard.check(
            self.text,
            context: ComplianceContext(
                platform: platform, market: "PH", lastBuyerMessageAt: last, now: now, byHuman: byHuman, isTemplate: isTemplate, fromAd: fromAd
            ))
    }

    func windowReason(_ result: ComplianceResult) -> ComplianceFinding.Reason? {
        result.findings.first { $0.rule == .messagingWindow }?.reason
    }

    @Test("Messenger and Instagram: within 24 hours anyone may send", arguments: [Platform.facebook, .instagram])
    func withinStandardWindow(platform: Platform) {
        let result = self.check(platform, after: 23 * self.hour, byHuman: false)
        #expect(result.verdict == .ok)
        #expect(result.window == .open)
    }

    @Test(
        "Messenger and Instagram: between 24 hours and 7 days a person may send with the HUMAN_AGENT tag", arguments: [Platform.facebook, .instagram])
    func humanAgentWindow(platform: Platform) {
        let result = self.check(platform, after: 3 * 24 * self.hour, byHuman: true)
        #expect(result.verdict == .ok)
        #expect(result.window == .openWithHumanAgentTag)
    }

    @Test("Messenger and Instagram: between 24 hours and 7 days an automation is blocked", arguments: [Platform.facebook, .instagram])
    func automationAfterStandardWindow(platform: Platform) {
        let result = self.check(platform, after: 3 * 24 * self.hour, byHuman: false)
        #expect(result.verdict == .block)
        #expect(self.windowReason(result) == .windowClosed)
    }

    @Test("Messenger and Instagram: after 7 days even a person is blocked", arguments: [Platform.facebook, .instagram])
    func afterHumanAgentWindow(platform: Platform) {
        let result = self.check(platform, after: 7 * 24 * self.hour + 1, byHuman: true)
        #expect(result.verdict == .block)
        #expect(self.windowReason(result) == .windowClosed)
    }

    @Test("Messenger and Instagram: a conversation the buyer never started is blocked", arguments: [Platform.facebook, .instagram])
    func neverOpened(platform: Platform) {
        let result = self.check(platform, after: nil)
        #expect(result.verdict == .block)
        #expect(self.windowReason(result) == .windowNeverOpened)
    }

    @Test("a click-to-message ad opens a 7-day standard window")
    func fromAd() {
        #expect(self.check(.facebook, after: 5 * 24 * self.hour, byHuman: false, fromAd: true).verdict == .ok)
    }

    @Test("WhatsApp: free-form within 24 hours")
    func whatsappWithin() {
        #expect(self.check(.whatsapp, after: 24 * self.hour).verdict == .ok)
    }

    @Test("WhatsApp: free-form after 24 hours is blocked, a template is not")
    func whatsappOutside() {
        let freeForm = self.check(.whatsapp, after: 24 * self.hour + 1)
        #expect(freeForm.verdict == .block)
        #expect(self.windowReason(freeForm) == .templateRequired)
        let template = self.check(.whatsapp, after: 24 * self.hour + 1, isTemplate: true)
        #expect(template.verdict == .ok)
        #expect(template.window == .templateOnly(since: self.buyerWrote.addingTimeInterval(24 * self.hour)))
    }

    @Test("marketplaces, LINE and custom channels have no window", arguments: [Platform.tiktokShop, .shopee, .lazada, .line, .custom])
    func marketplacesOpen(platform: Platform) {
        let result = self.check(platform, after: 30 * 24 * self.hour, byHuman: false)
        #expect(!result.findings.contains { $0.rule == .messagingWindow })
        #expect(result.window == .open)
    }

    @Test("without the send time the window is not checked")
    func noClock() {
        let result = ComplianceGuard.standard.check(self.text, context: ComplianceContext(platform: .facebook, market: "PH"))
        #expect(result.verdict == .ok)
        #expect(result.window == nil)
    }

    @Test("a window finding covers the whole draft")
    func span() throws {
        let result = self.check(.facebook, after: nil)
        let finding = try #require(result.findings.first)
        #expect(finding.start == 0 && finding.end == self.text.unicodeScalars.count)
    }
}
