import Foundation
import Testing

@testable import ShopDeskCore

/// Live deadlines follow the platform's rules as well as the workspace's policy (issue 15, part 1).
@Suite("Platform deadlines")
struct PlatformDeadlineTests {
    static let bangkok = TimeZone(identifier: "Asia/Bangkok")!
    static let hour: TimeInterval = 3600
    static let dayPolicy = ServiceLevelPolicy(firstResponse: 24 * hour, nextResponse: 24 * hour)

    /// Bangkok local time on a day of December 2026.
    static func local(_ day: Int, _ hour: Int, _ minute: Int = 0) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Self.bangkok
        return calendar.date(from: DateComponents(year: 2026, month: 12, day: day, hour: hour, minute: minute))!
    }

    static func rules(
        _ platform: Platform, market: String = "TH", policy: ServiceLevelPolicy = dayPolicy, holidayMode: [SLAContext.Period] = [],
        publicHolidays: Set<SLADate> = []
    ) -> DeadlineRules {
        let context = SLAContext(timeZone: Self.bangkok, holidayMode: holidayMode, publicHolidays: publicHolidays)
        return DeadlineRules(policy: policy, platform: PlatformClock(platform: platform, market: market, context: context))
    }

    static func buyerWrites(_ state: ConversationState = .empty(at: local(1, 0)), at time: Date, rules: DeadlineRules) -> ConversationState {
        state.applying(.init(direction: .inbound, senderKind: .buyer, platformAt: time, preview: "còn hàng không?"), rules: rules).state
    }

    static func agentWrites(_ state: ConversationState, _ text: String, at time: Date, rules: DeadlineRules) -> ConversationState {
        state.applying(.init(direction: .outbound, senderKind: .agent, platformAt: time, preview: text), rules: rules).state
    }

    @Test("TikTok Shop SEA under a 24-hour workspace policy: the platform's 12 hours come first, and the deadline says so")
    func tiktokShopTwelveHours() throws {
        let rules = Self.rules(.tiktokShop)
        let start = Self.local(7, 9)
        let state = Self.buyerWrites(at: start, rules: rules)
        #expect(state.nextDeadline == start.addingTimeInterval(12 * Self.hour))
        #expect(state.deadlineRule?.description == "tiktok-shop/TH@2025-08-15 response_rate_12h")
        #expect(DeadlineRule("tiktok-shop/TH@2025-08-15 response_rate_12h") == state.deadlineRule)
    }

    @Test("a workspace policy stricter than the platform wins")
    func workspaceStricter() {
        let rules = Self.rules(.tiktokShop, policy: .default)
        let start = Self.local(7, 9)
        let state = Self.buyerWrites(at: start, rules: rules)
        #expect(state.nextDeadline == start.addingTimeInterval(Self.hour))
        #expect(state.deadlineRule == .workspacePolicy)
    }

    @Test("the rule set in force on the chat's local day applies: TikTok Shop's 2024 SEA rules gave 24 hours")
    func versionByDate() throws {
        let rules = Self.rules(.tiktokShop, policy: ServiceLevelPolicy(firstResponse: 30 * Self.hour, nextResponse: 30 * Self.hour))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Self.bangkok
        let start = try #require(calendar.date(from: DateComponents(year: 2025, month: 3, day: 3, hour: 10)))
        let state = Self.buyerWrites(.empty(at: start), at: start, rules: rules)
        #expect(state.nextDeadline == start.addingTimeInterval(24 * Self.hour))
        #expect(state.deadlineRule?.description == "tiktok-shop/TH@2024-01-01 first_response_24h")
    }

    @Test(
        "Lazada's same-day cycle: before 18:00 local the answer is due at 19:00 that day, from 18:00 at 19:00 the next day",
        arguments: [(Self.local(7, 17, 30), Self.local(7, 19)), (Self.local(7, 18, 30), Self.local(8, 19)), (Self.local(7, 0, 5), Self.local(7, 19))]
    )
    func lazadaCycle(written: Date, due: Date) {
        // platforms.md §3.1: a cycle runs from 18:00 one day to 18:00 the next, answered by 19:00 that next day.
        // A two-day workspace policy leaves the cycle as the earliest deadline.
        let twoDays = ServiceLevelPolicy(firstResponse: 48 * Self.hour, nextResponse: 48 * Self.hour)
        let state = Self.buyerWrites(at: written, rules: Self.rules(.lazada, policy: twoDays))
        #expect(state.nextDeadline == due)
        #expect(state.deadlineRule?.description == "lazada/TH@2020-06-25 chat_response_rate")
    }

    @Test("a business calendar pushes the workspace's deadline past closing time; the platform's clock does not stop")
    func calendarDoesNotStopThePlatform() {
        let calendar = BusinessCalendar(
            timeZone: "Asia/Bangkok",
            hours: Dictionary(uniqueKeysWithValues: BusinessCalendar.Weekday.allCases.map { ($0, [BusinessCalendar.Interval("09:00-18:00")!]) })
        )
        let rules = Self.rules(.lazada, policy: ServiceLevelPolicy(firstResponse: Self.hour, nextResponse: Self.hour, calendar: calendar))
        // Written at 18:30, after closing: the workspace's hour runs from 09:00 the next day (10:00), which is
        // before Lazada's 19:00; written at 17:50 the workspace's hour ends at 09:50 the next day, after 19:00 today.
        #expect(Self.buyerWrites(at: Self.local(7, 18, 30), rules: rules).nextDeadline == Self.local(8, 10))
        let early = Self.buyerWrites(at: Self.local(7, 17, 50), rules: rules)
        #expect(early.nextDeadline == Self.local(7, 19))
        #expect(early.deadlineRule?.description == "lazada/TH@2020-06-25 chat_response_rate")
    }

    @Test("chats the platform leaves out get the workspace's deadline: holiday mode, public holidays, the answer to the seller's opener")
    func exclusions() throws {
        let start = Self.local(7, 9)
        let holidayMode = [SLAContext.Period(start: Self.local(6, 0), end: nil)]
        #expect(Self.buyerWrites(at: start, rules: Self.rules(.lazada, holidayMode: holidayMode)).deadlineRule == .workspacePolicy)
        let holiday = try #require(SLADate(year: 2026, month: 12, day: 7))
        #expect(Self.buyerWrites(at: start, rules: Self.rules(.lazada, publicHolidays: [holiday])).deadlineRule == .workspacePolicy)
        // Shopee excludes neither.
        #expect(
            Self.buyerWrites(at: start, rules: Self.rules(.shopee, holidayMode: holidayMode)).deadlineRule?.description
                == "shopee/TH@2024-01-01 chat_response_rate")

        let tiktok = Self.rules(.tiktokShop)
        var opened = ConversationState.empty(at: start)
        opened.sellerInitiated = true
        let answer = Self.buyerWrites(opened, at: start, rules: tiktok)
        #expect(answer.deadlineRule == .workspacePolicy)
        // Once answered, the buyer's next chat counts.
        var next = Self.agentWrites(answer, "Chào bạn, áo còn size M nhé", at: start.addingTimeInterval(60), rules: tiktok)
        next = Self.buyerWrites(next, at: start.addingTimeInterval(120), rules: tiktok)
        #expect(next.nextDeadline == start.addingTimeInterval(120 + 12 * Self.hour))
    }

    @Test("where the platform does not count greetings or thanks alone (TikTok Shop US), the buyer keeps waiting after one")
    func smallTalkDoesNotAnswer() {
        let rules = Self.rules(.tiktokShop, market: "US")
        let start = Self.local(7, 9)
        var state = Self.buyerWrites(at: start, rules: rules)
        state = Self.agentWrites(state, "Thanks!", at: start.addingTimeInterval(60), rules: rules)
        #expect(state.waitingSince == start)
        #expect(state.nextDeadline == start.addingTimeInterval(24 * Self.hour))
        state = Self.agentWrites(state, "Yes, size M ships today.", at: start.addingTimeInterval(120), rules: rules)
        #expect(state.waitingSince == nil)
        #expect(state.nextDeadline == nil)
        // In SEA a greeting is an answer.
        let sea = Self.agentWrites(
            Self.buyerWrites(at: start, rules: Self.rules(.tiktokShop)), "ok", at: start.addingTimeInterval(60), rules: Self.rules(.tiktokShop))
        #expect(sea.waitingSince == nil)
    }

    @Test("social channels have no platform clock: the workspace's target is the catalog's stand-in, not a platform rule")
    func socialChannels() {
        for platform in [Platform.facebook, .instagram, .whatsapp, .line, .custom] {
            #expect(PlatformClock(platform: platform, market: "TH", context: SLAContext(timeZone: Self.bangkok)) == nil)
        }
    }

    @Test("snoozing pauses the workspace's clock, not the platform's; waking brings the workspace's deadline back")
    func snoozeKeepsThePlatformClock() throws {
        let rules = Self.rules(.tiktokShop, policy: .default)
        let start = Self.local(7, 9)
        var state = Self.buyerWrites(at: start, rules: rules)
        #expect(state.deadlineRule == .workspacePolicy)
        state = try state.settingStatus(.snoozed, snoozedUntil: Self.local(7, 15), now: start.addingTimeInterval(60), rules: rules)
        #expect(state.nextDeadline == start.addingTimeInterval(12 * Self.hour))
        #expect(state.deadlineRule?.description == "tiktok-shop/TH@2025-08-15 response_rate_12h")
        let woken = state.woken(rules: rules)
        #expect(woken.status == .open)
        #expect(woken.snoozedUntil == nil)
        #expect(woken.nextDeadline == start.addingTimeInterval(Self.hour))

        // Without a platform clock a snoozed conversation has no deadline until it wakes.
        let custom = DeadlineRules(policy: .default)
        let quiet = try Self.buyerWrites(at: start, rules: custom).settingStatus(.snoozed, snoozedUntil: Self.local(7, 15), now: start, rules: custom)
        #expect(quiet.nextDeadline == nil)
    }
}
