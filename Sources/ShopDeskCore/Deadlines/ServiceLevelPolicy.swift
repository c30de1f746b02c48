import Foundation

/// How soon a waiting buyer must be answered on one channel account: the first answer of a conversation
/// and each answer after it, counted in the account's business hours when it has a calendar.
///
/// This is the workspace's own target that orders the inbox and drives the deadline alerts; platform
/// response-rate rule sets, which grade the shop, are separate and stricter only where a platform is.
public struct ServiceLevelPolicy: Sendable, Hashable, Codable {
    /// Seconds (of business time) from the buyer's first message to the first answer.
    public var firstResponse: TimeInterval
    /// Seconds (of business time) from a later unanswered buyer message to the next answer.
    public var nextResponse: TimeInterval
    /// Opening hours and holidays; nil is open around the clock.
    public var calendar: BusinessCalendar?

    enum CodingKeys: String, CodingKey {
        case firstResponse = "first_response_seconds"
        case nextResponse = "next_response_seconds"
        case calendar
    }

    public init(firstResponse: TimeInterval, nextResponse: TimeInterval, calendar: BusinessCalendar? = nil) {
        self.firstResponse = firstResponse
        self.nextResponse = nextResponse
        self.calendar = calendar
    }

    /// Buyers on social channels expect an answer within the hour; marketplace chats are graded on
    /// 12 hours (TikTok Shop SEA, Shopee) or the same day (Lazada), see platforms.md §1.1, §2.1, §3.1.
    /// The default keeps every platform's rule comfortably met by aiming at one hour, around the clock.
    public static let `default` = ServiceLevelPolicy(firstResponse: 3600, nextResponse: 3600)

    /// The longest target a policy may set.
    public static let maximumTarget: TimeInterval = 30 * 24 * 3600

    /// The deadline for a buyer waiting since `waitingSince`: the first-response target until the
    /// conversation has had its first answer, the next-response target after.
    public func deadline(waitingSince: Date, answeredBefore: Bool) -> Date {
        let target = answeredBefore ? self.nextResponse : self.firstResponse
        guard let calendar = self.calendar else { return waitingSince.addingTimeInterval(target) }
        return calendar.deadline(after: waitingSince, businessSeconds: target)
    }

    /// The policy with its calendar normalised, or the first problem found.
    public func validated() throws(ValidationError) -> ServiceLevelPolicy {
        for (field, value) in [("first_response_seconds", self.firstResponse), ("next_response_seconds", self.nextResponse)] {
            guard value.isFinite, value >= 60, value <= Self.maximumTarget, value == value.rounded() else {
                throw ValidationError(field: field, message: "\(field) must be a whole number of seconds from 60 to \(Int(Self.maximumTarget))")
            }
        }
        return ServiceLevelPolicy(firstResponse: self.firstResponse, nextResponse: self.nextResponse, calendar: try self.calendar?.validated())
    }
}
