import Foundation

/// How soon a waiting buyer must be answered: the first answer of a conversation, and each answer after.
///
/// This is the workspace-level target that orders the inbox; platform response-rate rule sets, which
/// grade the shop, build on it.
public struct ResponseTarget: Sendable, Hashable, Codable {
    public var firstResponse: TimeInterval
    public var nextResponse: TimeInterval

    public init(firstResponse: TimeInterval, nextResponse: TimeInterval) {
        self.firstResponse = firstResponse
        self.nextResponse = nextResponse
    }

    /// Buyers on social channels expect an answer within the hour; marketplace chats are graded on
    /// 12 hours (TikTok Shop SEA, Shopee) or the same day (Lazada), see platforms.md §1.1, §2.1, §3.1.
    /// The default keeps every platform's rule comfortably met by aiming at one hour everywhere.
    public static let `default` = ResponseTarget(firstResponse: 3600, nextResponse: 3600)
}
