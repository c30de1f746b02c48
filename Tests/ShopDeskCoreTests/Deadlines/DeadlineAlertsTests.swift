import Foundation
import Testing

@testable import ShopDeskCore

@Suite("Deadline alerts")
struct DeadlineAlertsTests {
    static let start = Date(timeIntervalSince1970: 1_760_000_000)
    static func at(_ seconds: TimeInterval) -> Date { start.addingTimeInterval(seconds) }
    static let hour: TimeInterval = 3600

    @Test("a 3-hour deadline fires the 2-hour and 30-minute warnings and the breach, in order, once each")
    func inOrder() {
        var alerts = DeadlineAlerts(deadline: Self.at(3 * Self.hour), waitingSince: Self.at(0), leadTimes: [7200, 1800])
        #expect(alerts.nextDue == Self.at(Self.hour))
        #expect(alerts.take(at: Self.at(Self.hour - 1)) == nil)
        #expect(alerts.take(at: Self.at(Self.hour + 1)) == .preBreach(lead: 7200))
        #expect(alerts.take(at: Self.at(Self.hour + 2)) == nil)
        #expect(alerts.nextDue == Self.at(2.5 * Self.hour))
        #expect(alerts.take(at: Self.at(2.5 * Self.hour)) == .preBreach(lead: 1800))
        #expect(alerts.take(at: Self.at(3 * Self.hour + 4)) == .breach)
        #expect(alerts.isFinished)
        #expect(alerts.take(at: Self.at(30 * Self.hour)) == nil)
    }

    @Test("a warning longer than the whole target does not apply")
    func leadLongerThanTarget() {
        let alerts = DeadlineAlerts(deadline: Self.at(Self.hour), waitingSince: Self.at(0), leadTimes: [7200, 3600, 1800])
        #expect(alerts.schedule.map(\.alert) == [.preBreach(lead: 1800), .breach])
    }

    @Test("alerts due together fire only the most urgent; the ones it supersedes are dropped")
    func latestWins() {
        var alerts = DeadlineAlerts(deadline: Self.at(3 * Self.hour), waitingSince: Self.at(0), leadTimes: [7200, 1800])
        #expect(alerts.take(at: Self.at(2.9 * Self.hour)) == .preBreach(lead: 1800))
        #expect(alerts.nextDue == Self.at(3 * Self.hour))
        var late = DeadlineAlerts(deadline: Self.at(3 * Self.hour), waitingSince: Self.at(0), leadTimes: [7200, 1800])
        #expect(late.take(at: Self.at(5 * Self.hour)) == .breach)
        #expect(late.isFinished)
    }

    @Test("an alert more than a day overdue is dropped, not sent")
    func stale() {
        var alerts = DeadlineAlerts(deadline: Self.at(0), waitingSince: Self.at(-3600), leadTimes: [1800])
        #expect(alerts.take(at: Self.at(25 * Self.hour)) == nil)
        #expect(alerts.isFinished)
    }

    @Test("an alert fired earlier settles every alert before it, even ones nobody recorded")
    func firedSettlesEarlier() {
        let alerts = DeadlineAlerts(
            deadline: Self.at(3 * Self.hour), waitingSince: Self.at(0), leadTimes: [7200, 1800], done: [.preBreach(lead: 1800)])
        #expect(alerts.nextDue == Self.at(3 * Self.hour))
    }

    @Test("alerts are stored by kind and lead and read back the same", arguments: [DeadlineAlert.breach, .preBreach(lead: 7200)])
    func storedForm(alert: DeadlineAlert) {
        #expect(DeadlineAlert(kind: alert.kind, leadSeconds: alert.leadSeconds) == alert)
    }
}

@Suite("Deadline queue")
struct DeadlineQueueTests {
    static func deadline(
        _ id: String, at seconds: TimeInterval, waiting: TimeInterval = 0, fired: Set<DeadlineAlert> = [], workspace: String = "w1"
    ) -> ConversationDeadline {
        ConversationDeadline(
            conversationID: .init(id), workspaceID: .init(workspace), channelAccountID: .init("ch"),
            deadline: DeadlineAlertsTests.at(seconds), waitingSince: DeadlineAlertsTests.at(waiting), leadTimes: [7200, 1800], fired: fired
        )
    }

    @Test("alerts of many conversations come out in due order")
    func dueOrder() {
        var queue = DeadlineQueue()
        queue.update([Self.deadline("a", at: 5 * 3600), Self.deadline("b", at: 3 * 3600)], scope: .everything)
        #expect(queue.nextDue() == DeadlineAlertsTests.at(3600))
        let first = queue.takeDue(at: DeadlineAlertsTests.at(3600))
        #expect(first.map(\.conversationID) == [.init("b")])
        #expect(first.first?.alert == .preBreach(lead: 7200))
        #expect(first.first?.firedAt == DeadlineAlertsTests.at(3600))
        #expect(queue.nextDue() == DeadlineAlertsTests.at(2.5 * 3600))
        #expect(queue.takeDue(at: DeadlineAlertsTests.at(2.5 * 3600)).map(\.alert) == [.preBreach(lead: 1800)])
        let next = queue.takeDue(at: DeadlineAlertsTests.at(3 * 3600))
        #expect(next.map(\.conversationID) == [.init("a"), .init("b")])
        #expect(next.map(\.alert) == [.preBreach(lead: 7200), .breach])
    }

    @Test("a conversation answered before its deadline leaves the queue; a changed deadline starts afresh")
    func changes() {
        var queue = DeadlineQueue()
        queue.update([Self.deadline("a", at: 3 * 3600), Self.deadline("b", at: 3 * 3600)], scope: .everything)
        #expect(queue.takeDue(at: DeadlineAlertsTests.at(3600)).count == 2)
        queue.update([Self.deadline("b", at: 6 * 3600, waiting: 3 * 3600)], scope: .conversations([.init("a"), .init("b")]))
        #expect(queue.count == 1)
        #expect(queue.deadline(of: .init("b")) == DeadlineAlertsTests.at(6 * 3600))
        #expect(queue.takeDue(at: DeadlineAlertsTests.at(3 * 3600)).isEmpty)
        #expect(queue.takeDue(at: DeadlineAlertsTests.at(4 * 3600)).map(\.alert) == [.preBreach(lead: 7200)])
    }

    @Test("an unchanged deadline read again keeps what was already fired")
    func unchangedKeepsState() {
        var queue = DeadlineQueue()
        queue.update([Self.deadline("a", at: 3 * 3600)], scope: .everything)
        #expect(queue.takeDue(at: DeadlineAlertsTests.at(3600)).count == 1)
        queue.update([Self.deadline("a", at: 3 * 3600)], scope: .conversations([.init("a")]))
        #expect(queue.nextDue() == DeadlineAlertsTests.at(2.5 * 3600))
        // Read back from the store after a restart: the fired warning is remembered there.
        var restarted = DeadlineQueue()
        restarted.update([Self.deadline("a", at: 3 * 3600, fired: [.preBreach(lead: 7200)])], scope: .everything)
        #expect(restarted.takeDue(at: DeadlineAlertsTests.at(3600 + 60)).isEmpty)
    }

    @Test("reloading a workspace drops its conversations that no longer have a deadline, and no others")
    func workspaceScope() {
        var queue = DeadlineQueue()
        queue.update([Self.deadline("a", at: 3 * 3600), Self.deadline("b", at: 3 * 3600, workspace: "w2")], scope: .everything)
        queue.update([], scope: .workspace(.init("w1")))
        #expect(queue.count == 1)
        #expect(queue.deadline(of: .init("b")) != nil)
    }

    @Test("an alert whose claim failed is tried again later, unless its deadline changed")
    func retry() throws {
        var queue = DeadlineQueue()
        queue.update([Self.deadline("a", at: 3 * 3600)], scope: .everything)
        let fired = try #require(queue.takeDue(at: DeadlineAlertsTests.at(3600)).first)
        queue.retry(fired, at: DeadlineAlertsTests.at(3600 + 5))
        #expect(queue.nextDue() == DeadlineAlertsTests.at(3600 + 5))
        let again = queue.takeDue(at: DeadlineAlertsTests.at(3600 + 5))
        #expect(again.map(\.alert) == [.preBreach(lead: 7200)])
        #expect(again.first?.firedAt == DeadlineAlertsTests.at(3600 + 5))
        queue.retry(fired, at: DeadlineAlertsTests.at(3600 + 10))
        queue.update([Self.deadline("a", at: 9 * 3600, waiting: 3600)], scope: .conversations([.init("a")]))
        #expect(queue.takeDue(at: DeadlineAlertsTests.at(3600 + 10)).isEmpty)
    }
}
