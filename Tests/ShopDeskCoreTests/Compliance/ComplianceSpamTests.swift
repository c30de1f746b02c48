import Foundation
import Testing

@testable import ShopDeskCore

/// `spam_repetition`: near-duplicates to many buyers and messages to a buyer who has not replied,
/// counted by `RecentOutboundLog` and judged by the platform's `SpamPolicy` (platforms.md §2.5, §3.4).
@Suite("Compliance: spam counters")
struct ComplianceSpamTests {
    let start = Date(timeIntervalSince1970: 1_760_000_000)
    let minute: TimeInterval = 60
    let broadcast = "Flash sale 50% today only! Order now before stock runs out"

    func buyer(_ number: Int) -> Buyer.ID { Buyer.ID("b\(number)") }

    func spamFindings(_ context: SpamContext, _ platform: Platform) -> [ComplianceFinding] {
        ComplianceGuard.standard.check(self.broadcast, context: ComplianceContext(platform: platform, market: "VN", spam: context))
            .findings.filter { $0.rule == .spamRepetition }
    }

    @Test("the fingerprint finds the same message with other numbers, names or punctuation, and not other messages")
    func fingerprint() {
        let policy = ComplianceGuard.standard.spamPolicy(for: .shopee)
        func similar(_ first: String, _ second: String) -> Bool {
            TextFingerprint(first).similarity(to: TextFingerprint(second)) >= policy.minimumSimilarity
        }
        #expect(similar(self.broadcast, "Flash sale 50% today only!! Order now before stock runs out 🔥"))
        #expect(similar("Hi Anna, your order 2411240QWERTY has shipped via SPX", "Hi Ben, your order 2411250ASDFGH has shipped via SPX"))
        #expect(
            similar(
                "Chào bạn, shop đang sale 50% toàn bộ sản phẩm, ghé shop ngay nhé!",
                "Chào chị, shop đang sale 40% toàn bộ sản phẩm, ghé shop ngay nhé"))
        #expect(similar("亲，双十一全场五折，快来抢购吧！", "亲，双十一全场五折，快来抢购！"))
        #expect(!similar(self.broadcast, "Your parcel is delayed because of the storm, sorry for the wait"))
        #expect(!similar("Hi, yes it is available in size M", "Thanks, the refund was processed yesterday"))
        #expect(TextFingerprint(self.broadcast) == TextFingerprint(self.broadcast))
    }

    @Test("the same broadcast to more and more buyers warns, then blocks past the platform's threshold")
    func nearDuplicates() {
        let policy = ComplianceGuard.standard.spamPolicy(for: .shopee)
        var log = RecentOutboundLog()
        let fingerprint = TextFingerprint(self.broadcast)
        func context(at index: Int) -> SpamContext {
            log.spamContext(for: self.buyer(9999), fingerprint: fingerprint, at: self.start.addingTimeInterval(Double(index)), policy: policy)
        }
        for index in 0..<policy.duplicateBlockAt {
            if index == policy.duplicateWarnAt - 1 {
                #expect(self.spamFindings(context(at: index), .shopee).isEmpty)
            }
            log.recordSend(
                to: self.buyer(index), fingerprint: TextFingerprint("\(self.broadcast) #\(index)"), at: self.start.addingTimeInterval(Double(index)))
            if index == policy.duplicateWarnAt - 1 {
                let findings = self.spamFindings(context(at: index + 1), .shopee)
                #expect(findings.map(\.severity) == [.warn])
                #expect(findings.first?.reason == .nearDuplicate)
                #expect(findings.first?.explanation.contains("\(policy.duplicateWarnAt) other buyers") == true)
            }
        }
        #expect(context(at: policy.duplicateBlockAt).nearDuplicateRecipients == policy.duplicateBlockAt)
        #expect(self.spamFindings(context(at: policy.duplicateBlockAt), .shopee).map(\.severity) == [.block])
    }

    @Test("the same text to the same buyer, or an unrelated text, is not a near-duplicate")
    func notDuplicates() {
        let policy = ComplianceGuard.standard.spamPolicy(for: .shopee)
        var log = RecentOutboundLog()
        for index in 0..<30 {
            log.recordSend(to: self.buyer(1), fingerprint: TextFingerprint(self.broadcast), at: self.start.addingTimeInterval(Double(index)))
            log.recordSend(to: self.buyer(100 + index), fingerprint: TextFingerprint("Your order \(index) ships today via J&T"), at: self.start)
        }
        #expect(
            log.spamContext(for: self.buyer(2), fingerprint: TextFingerprint(self.broadcast), at: self.start.addingTimeInterval(60), policy: policy)
                .nearDuplicateRecipients == 1)
    }

    @Test("replies to buyers who wrote are not broadcasts: the same quick reply to many of them is fine")
    func quickReplies() {
        let policy = ComplianceGuard.standard.spamPolicy(for: .shopee)
        var log = RecentOutboundLog()
        let reply = TextFingerprint("Yes, it is in stock and ships today")
        for index in 0..<40 {
            let at = self.start.addingTimeInterval(Double(index) * 10)
            log.recordBuyerMessage(from: self.buyer(index), at: at)
            log.recordSend(to: self.buyer(index), fingerprint: reply, at: at.addingTimeInterval(5))
        }
        let later = self.start.addingTimeInterval(30 * self.minute)
        log.recordBuyerMessage(from: self.buyer(500), at: later)
        #expect(
            log.spamContext(for: self.buyer(500), fingerprint: reply, at: later.addingTimeInterval(5), policy: policy).nearDuplicateRecipients == 0)
        // The same text, unsolicited, to a buyer who did not write: the earlier replies still do not count.
        #expect(log.spamContext(for: self.buyer(501), fingerprint: reply, at: later, policy: policy).nearDuplicateRecipients == 0)
    }

    @Test("Lazada: the fifth message to a buyer who has not replied warns, the sixth blocks, a reply resets the count")
    func lazadaUnansweredCap() {
        let policy = ComplianceGuard.standard.spamPolicy(for: .lazada)
        #expect(policy.unansweredDailyCap == 5)
        var log = RecentOutboundLog()
        let buyer = self.buyer(7)
        log.recordBuyerMessage(from: buyer, at: self.start)
        func draftFindings(at time: Date) -> [ComplianceFinding] {
            let context = log.spamContext(for: buyer, fingerprint: TextFingerprint("Checking in about your order"), at: time, policy: policy)
            return self.spamFindings(context, .lazada)
        }
        for index in 1...4 {
            log.recordSend(
                to: buyer, fingerprint: TextFingerprint("Follow-up number \(index) about delivery"),
                at: self.start.addingTimeInterval(Double(index) * self.minute))
        }
        let fifth = draftFindings(at: self.start.addingTimeInterval(5 * self.minute))
        #expect(fifth.map(\.severity) == [.warn])
        #expect(fifth.first?.reason == .unansweredLimit)
        log.recordSend(
            to: buyer, fingerprint: TextFingerprint("Follow-up number 5 about delivery"), at: self.start.addingTimeInterval(5 * self.minute))
        #expect(draftFindings(at: self.start.addingTimeInterval(6 * self.minute)).map(\.severity) == [.block])
        log.recordBuyerMessage(from: buyer, at: self.start.addingTimeInterval(7 * self.minute))
        #expect(draftFindings(at: self.start.addingTimeInterval(8 * self.minute)).isEmpty)
    }

    @Test("the unanswered count covers the last 24 hours: older messages stop counting")
    func rollingDay() {
        let policy = ComplianceGuard.standard.spamPolicy(for: .lazada)
        var log = RecentOutboundLog()
        let buyer = self.buyer(8)
        for index in 0..<5 {
            log.recordSend(
                to: buyer, fingerprint: TextFingerprint("Reminder \(index)"), at: self.start.addingTimeInterval(Double(index) * self.minute))
        }
        let fingerprint = TextFingerprint("One more reminder")
        #expect(
            log.spamContext(for: buyer, fingerprint: fingerprint, at: self.start.addingTimeInterval(10 * self.minute), policy: policy)
                .unansweredMessages == 5)
        let nextDay = self.start.addingTimeInterval(24 * 3600 + 2.5 * self.minute)
        #expect(log.spamContext(for: buyer, fingerprint: fingerprint, at: nextDay, policy: policy).unansweredMessages == 2)
    }

    @Test("near-duplicates older than the window stop counting, and pruning forgets them without changing later counts")
    func windowAndPruning() {
        let policy = ComplianceGuard.standard.spamPolicy(for: .shopee)
        var log = RecentOutboundLog()
        let fingerprint = TextFingerprint(self.broadcast)
        for index in 0..<10 {
            log.recordSend(to: self.buyer(index), fingerprint: fingerprint, at: self.start.addingTimeInterval(Double(index)))
        }
        for index in 10..<13 {
            log.recordSend(to: self.buyer(index), fingerprint: fingerprint, at: self.start.addingTimeInterval(50 * self.minute))
        }
        let query = self.start.addingTimeInterval(Double(policy.duplicateWindowMinutes) * self.minute + 30)
        #expect(log.spamContext(for: self.buyer(99), fingerprint: fingerprint, at: query, policy: policy).nearDuplicateRecipients == 3)

        let later = self.start.addingTimeInterval(25 * 3600)
        let before = log.spamContext(for: self.buyer(10), fingerprint: fingerprint, at: later, policy: policy)
        log.prune(at: later, policy: policy)
        #expect(log.sends.isEmpty)
        #expect(log.spamContext(for: self.buyer(10), fingerprint: fingerprint, at: later, policy: policy) == before)
        log.recordSend(to: self.buyer(1), fingerprint: fingerprint, at: later)
        log.prune(at: later.addingTimeInterval(self.minute), policy: policy)
        #expect(log.sends.count == 1)
    }

    @Test("a send recorded out of order keeps the log in time order")
    func outOfOrder() {
        var log = RecentOutboundLog()
        log.recordSend(to: self.buyer(1), fingerprint: TextFingerprint("b"), at: self.start.addingTimeInterval(20))
        log.recordSend(to: self.buyer(2), fingerprint: TextFingerprint("a"), at: self.start.addingTimeInterval(10))
        #expect(log.sends.map(\.buyer) == [self.buyer(2), self.buyer(1)])
    }

    @Test("counts from the store: both counters can fire, and below the limits nothing does")
    func contextFromStore() {
        #expect(self.spamFindings(SpamContext(nearDuplicateRecipients: 1, unansweredMessages: 1), .tiktokShop).isEmpty)
        let both = self.spamFindings(SpamContext(nearDuplicateRecipients: 40, unansweredMessages: 9), .tiktokShop)
        #expect(Set(both.map(\.reason)) == [.nearDuplicate, .unansweredLimit])
        #expect(both.allSatisfy { $0.severity == .block })
    }
}
