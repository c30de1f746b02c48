import Foundation
import Testing

@testable import ShopDeskCore

@Suite("Conversation state")
struct ConversationStateTests {
    let policy = ServiceLevelPolicy(firstResponse: 3600, nextResponse: 1800)

    func at(_ seconds: TimeInterval) -> Date { Date(timeIntervalSince1970: 1_000_000 + seconds) }

    func apply(
        _ state: ConversationState, _ direction: Message.Direction, _ sender: Message.SenderKind, at seconds: TimeInterval
    ) -> ConversationState.Transition {
        state.applying(
            .init(direction: direction, senderKind: sender, platformAt: self.at(seconds), preview: "text \(seconds)"),
            rules: DeadlineRules(policy: self.policy))
    }

    @Test("a buyer message starts the wait and sets the first-response deadline")
    func buyerStartsWait() {
        let state = self.apply(.empty(at: self.at(0)), .inbound, .buyer, at: 10).state
        #expect(state.waitingSince == self.at(10))
        #expect(state.nextDeadline == self.at(3610))
        #expect(state.messageCount == 1)
        #expect(state.lastMessagePreview == "text 10.0")
    }

    @Test("an agent reply ends the wait; the next buyer message gets the next-response target")
    func replyEndsWait() {
        var state = self.apply(.empty(at: self.at(0)), .inbound, .buyer, at: 10).state
        state = self.apply(state, .outbound, .agent, at: 70).state
        #expect(state.waitingSince == nil)
        #expect(state.nextDeadline == nil)
        #expect(state.firstResponseSeconds == 60)
        state = self.apply(state, .inbound, .buyer, at: 100).state
        #expect(state.nextDeadline == self.at(1900))
    }

    @Test(
        "auto-replies, chatbots and notes do not answer the buyer",
        arguments: [
            (Message.Direction.outbound, Message.SenderKind.autoReply), (.outbound, .chatbot), (.note, .agent), (.outbound, .system),
        ])
    func nonAnswers(direction: Message.Direction, sender: Message.SenderKind) {
        let waiting = self.apply(.empty(at: self.at(0)), .inbound, .buyer, at: 10).state
        let after = self.apply(waiting, direction, sender, at: 20).state
        #expect(after.waitingSince == self.at(10))
        #expect(after.firstResponseAt == nil)
    }

    @Test("an older buyer message arriving late moves the wait earlier")
    func lateBuyerMessage() {
        var state = self.apply(.empty(at: self.at(0)), .inbound, .buyer, at: 100).state
        state = self.apply(state, .inbound, .buyer, at: 50).state
        #expect(state.waitingSince == self.at(50))
        #expect(state.lastMessagePreview == "text 100.0")
    }

    @Test("a late reply older than the newest buyer message asks for a recount")
    func lateReplyRecount() {
        var state = self.apply(.empty(at: self.at(0)), .inbound, .buyer, at: 0).state
        state = self.apply(state, .inbound, .buyer, at: 300).state
        let transition = self.apply(state, .outbound, .agent, at: 100)
        #expect(transition.needsWaitingRecount == self.at(100))
        // A buyer message older than the last reply was already answered.
        let answered = self.apply(self.apply(.empty(at: self.at(0)), .outbound, .agent, at: 500).state, .inbound, .buyer, at: 400).state
        #expect(answered.waitingSince == nil)
    }

    @Test("a buyer writing again reopens a resolved or snoozed conversation")
    func reopen() throws {
        var state = self.apply(.empty(at: self.at(0)), .inbound, .buyer, at: 0).state
        state = try state.settingStatus(.snoozed, snoozedUntil: self.at(9000), now: self.at(1), rules: DeadlineRules(policy: self.policy))
        #expect(state.nextDeadline == nil)
        state = self.apply(state, .inbound, .buyer, at: 60).state
        #expect(state.status == .open)
        #expect(state.snoozedUntil == nil)
        #expect(state.nextDeadline == self.at(3600))
        #expect(throws: ValidationError.self) {
            try state.settingStatus(.snoozed, snoozedUntil: self.at(0), now: self.at(100), rules: DeadlineRules(policy: self.policy))
        }
    }
}

@Suite("Channel accounts")
struct ChannelAccountTests {
    @Test("credentials need every field the platform requires and nothing it does not know", arguments: Platform.allCases)
    func requiredFields(platform: Platform) throws {
        let required = platform.credentialFields.required
        let complete = Dictionary(uniqueKeysWithValues: required.map { ($0, "value") })
        try ChannelCredentials(complete).validate(for: platform)
        for field in required {
            var missing = complete
            missing[field] = " "
            #expect(throws: ValidationError.self) { try ChannelCredentials(missing).validate(for: platform) }
        }
        var typo = complete
        typo["app_secert"] = "x"
        #expect(throws: ValidationError.self) { try ChannelCredentials(typo).validate(for: platform) }
        var simulator = complete
        simulator["api_base_url"] = "http://127.0.0.1:9000"
        try ChannelCredentials(simulator).validate(for: platform)
        simulator["api_base_url"] = "ftp://x"
        #expect(throws: ValidationError.self) { try ChannelCredentials(simulator).validate(for: platform) }
    }

    @Test("markets are ISO codes with a default zone; zones must be IANA names")
    func markets() throws {
        #expect(try Market.validated(market: "VN", timeZone: nil).timeZone == "Asia/Ho_Chi_Minh")
        #expect(try Market.validated(market: "MY", timeZone: "Asia/Kuching").timeZone == "Asia/Kuching")
        #expect(throws: ValidationError.self) { try Market.validated(market: "vn", timeZone: nil) }
        #expect(throws: ValidationError.self) { try Market.validated(market: "TH", timeZone: "Mars/Olympus") }
        #expect(throws: ValidationError.self) { try Market.validated(market: "ZZ", timeZone: nil) }
    }

    @Test("market codes, zone names and market zones are checked one way everywhere")
    func marketHelpers() throws {
        #expect(try Market.validatedCode("TH") == "TH")
        for bad in ["th", "THA", "T", "", "*", "T1"] {
            #expect(throws: ValidationError(field: "market", message: "market must be an ISO 3166-1 alpha-2 code such as VN or MY, not '\(bad)'")) {
                try Market.validatedCode(bad)
            }
        }
        #expect(try Market.timeZone(named: "Asia/Bangkok").identifier == "Asia/Bangkok")
        #expect(try Market.timeZone(named: "UTC") == TimeZone(identifier: "UTC"))
        for bad in ["Mars/Olympus", "EST", "GMT+7", ""] {
            #expect(throws: ValidationError(field: "timezone", message: "unknown IANA time zone '\(bad)'")) { try Market.timeZone(named: bad) }
        }
        #expect(Market.zone(for: "TH") == TimeZone(identifier: "Asia/Bangkok"))
        #expect(Market.zone(for: "ZZ") == nil)
    }

    @Test("tags are normalised and bounded")
    func tags() throws {
        #expect(try Conversation.normalizedTags([" VIP", "vip ", "Refund"]) == ["refund", "vip"])
        #expect(throws: ValidationError.self) { try Conversation.normalizedTags([""]) }
        #expect(throws: ValidationError.self) { try Conversation.normalizedTags(["a,b"]) }
        #expect(throws: ValidationError.self) { try Conversation.normalizedTags((0..<51).map { "t\($0)" }) }
    }
}
