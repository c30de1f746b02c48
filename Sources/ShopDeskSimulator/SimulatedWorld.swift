import Foundation
import ShopDeskChannels
import ShopDeskCore

/// A request as the simulator's HTTP server received it.
public struct SimulatorRequest: Sendable {
    public var method: String
    /// The path after the platform prefix (`/customer_service/202309/conversations`).
    public var path: String
    public var query: [(key: String, value: String)]
    /// Header names lower-cased.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(method: String, path: String, query: [(key: String, value: String)], headers: [String: String], body: [UInt8]) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.body = body
    }

    func queryValue(_ name: String) -> String? {
        self.query.first { $0.key == name }?.value
    }

    var bearer: String? {
        guard let value = self.headers["authorization"], value.hasPrefix("Bearer ") else { return nil }
        return String(value.dropFirst("Bearer ".count))
    }

    /// Query items plus, for a form body, its fields (Lazada posts its parameters as a form).
    var parameters: [(key: String, value: String)] {
        guard (self.headers["content-type"] ?? "").hasPrefix("application/x-www-form-urlencoded") else { return self.query }
        return self.query + SimulatorRequest.formItems(String(decoding: self.body, as: UTF8.self))
    }

    static func formItems(_ text: String) -> [(key: String, value: String)] {
        text.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ") }
            let key = parts[0].removingPercentEncoding ?? parts[0]
            let value = parts.count > 1 ? (parts[1].removingPercentEncoding ?? parts[1]) : ""
            return (key, value)
        }
    }
}

/// An answer from the simulated platform.
public struct SimulatorResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: [UInt8]

    static func json(_ status: Int, _ object: [String: Any], headers: [String: String] = [:]) -> SimulatorResponse {
        let body = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return SimulatorResponse(
            status: status, headers: headers.merging(["content-type": "application/json"]) { first, _ in first }, body: Array(body))
    }
}

/// A reply ShopDesk delivered to the simulated platform, after its signature or token checked out.
public struct ReceivedReply: Sendable, Hashable {
    public var platform: Platform
    public var channelAccountID: String
    /// The thread, recipient or comment it was addressed to.
    public var addressedTo: String
    public var text: String
    public var platformMessageID: String
    /// Meta's `messaging_type` and `tag`, when sent.
    public var messagingType: String?
    public var tag: String?
    /// The approved WhatsApp template it was sent as (its name), when it was one.
    public var template: String?
    public var at: Date
}

/// A buyer message the simulator made up, kept so that the read APIs can return it.
struct StoredMessage: Sendable {
    var id: String
    var conversationID: String
    var fromBuyer: Bool
    var buyerID: String
    var text: String?
    var contentType: Message.ContentType
    var referenceID: String?
    var at: Date
}

struct StoredConversation: Sendable {
    var id: String
    var buyerID: String
    var buyerName: String
    var messages: [StoredMessage] = []
    var lastActivity: Date
}

/// The simulated platforms' state: accounts, conversations, what ShopDesk sent, and the failures to
/// inject. The API handlers (SimulatedWorld+API, +MarketplaceAPIs, +MessagingAPIs) read and change it.
public actor SimulatedWorld {
    var accounts: [String: SimulatedAccount] = [:]
    var conversations: [String: [String: StoredConversation]] = [:]
    public private(set) var received: [ReceivedReply] = []
    /// Requests refused for a bad signature or token.
    public private(set) var refusedSignatures = 0
    /// Sends answered with an injected 429 or 5xx.
    public private(set) var injectedFailures = 0
    var lineRetryKeys: [String: String] = [:]
    /// Each marketplace account's listings by the platform's SKU id, with the stock it sells from.
    var listings: [String: [String: SimulatedListing]] = [:]
    /// Every stock update ShopDesk made, in order.
    public internal(set) var stockUpdates: [ReceivedStockUpdate] = []
    /// Stock calls answered 429 because the shop went over the platform's rate.
    public internal(set) var throttledStockCalls = 0
    var stockCallWindow: [String: (second: Int64, calls: Int)] = [:]
    /// Every change of a listing's count (ShopDesk's updates, sales, cancellations), in order.
    public internal(set) var listingCounts: [ListingCount] = []
    /// Orders buyers placed, by account and order id.
    var orders: [String: [String: SimulatedOrder]] = [:]
    /// What the order side keeps besides the orders (SimulatedWorld+OrderLifecycle).
    var orderState = OrderState()
    /// Buyers' after-sale requests and the seller's decisions (SimulatedWorld+AfterSales).
    var afterSaleState = AfterSaleState()
    private var failNext: [String: [Int]] = [:]
    private var failureRate: Double
    private var sequence: UInt64 = 0
    let now: @Sendable () -> Date

    public init(failureRate: Double = 0, now: @escaping @Sendable () -> Date = { Date() }) {
        self.failureRate = min(max(failureRate, 0), 1)
        self.now = now
    }

    public func add(_ account: SimulatedAccount) {
        self.accounts[account.channelAccountID] = account
    }

    func remove(_ channelAccountID: String) {
        self.accounts[channelAccountID] = nil
    }

    public func allAccounts() -> [SimulatedAccount] {
        self.accounts.values.sorted { $0.channelAccountID < $1.channelAccountID }
    }

    /// The account's next sends are answered with these statuses, in order, before one is accepted.
    public func failNextSends(_ statuses: [Int], account channelAccountID: String) {
        self.failNext[channelAccountID, default: []] += statuses
    }

    public func setFailureRate(_ rate: Double) {
        self.failureRate = min(max(rate, 0), 1)
    }

    /// Replies received for one channel account.
    public func replies(to channelAccountID: String) -> [ReceivedReply] {
        self.received.filter { $0.channelAccountID == channelAccountID }
    }

    /// A fresh platform-style id (numeric, or with the platform's prefix).
    func nextID(_ prefix: String = "") -> String {
        self.sequence += 1
        let base = UInt64(self.now().timeIntervalSince1970 * 1000) * 1000 + self.sequence % 1000
        return prefix + String(base) + String(format: "%04d", self.sequence % 10000)
    }

    /// Records a buyer message so that the read APIs return it.
    func store(_ message: StoredMessage, buyerName: String, account: String) {
        var threads = self.conversations[account] ?? [:]
        var thread =
            threads[message.conversationID]
            ?? StoredConversation(id: message.conversationID, buyerID: message.buyerID, buyerName: buyerName, lastActivity: message.at)
        thread.messages.append(message)
        thread.lastActivity = max(thread.lastActivity, message.at)
        threads[message.conversationID] = thread
        self.conversations[account] = threads
    }

    /// The buyer of a conversation and when they last wrote (for the messaging windows).
    func lastBuyerMessage(account: String, buyer: String) -> Date? {
        self.conversations[account]?.values.filter { $0.buyerID == buyer }
            .flatMap(\.messages).filter(\.fromBuyer).map(\.at).max()
    }

    func conversation(account: String, id: String) -> StoredConversation? {
        self.conversations[account]?[id]
    }

    func conversation(account: String, buyer: String) -> StoredConversation? {
        self.conversations[account]?.values.first { $0.buyerID == buyer }
    }

    func threads(of account: String) -> [StoredConversation] {
        (self.conversations[account] ?? [:]).values.sorted { ($0.lastActivity, $0.id) > ($1.lastActivity, $1.id) }
    }

    /// Records a reply and, for platforms whose read API returns it, puts it in the thread too.
    func accept(_ reply: ReceivedReply, conversationID: String?, buyerID: String?) {
        self.received.append(reply)
        if let conversationID, let buyerID {
            self.store(
                StoredMessage(
                    id: reply.platformMessageID, conversationID: conversationID, fromBuyer: false, buyerID: buyerID, text: reply.text,
                    contentType: .text, referenceID: nil, at: reply.at
                ),
                buyerName: "", account: reply.channelAccountID
            )
        }
    }

    func refuseSignature() {
        self.refusedSignatures += 1
    }

    /// An injected failure for this send to `account`, if one is due.
    func injectedFailure(_ account: SimulatedAccount) -> Int? {
        if let next = self.failNext[account.channelAccountID]?.first {
            self.failNext[account.channelAccountID]?.removeFirst()
            self.injectedFailures += 1
            return next
        }
        if self.failureRate > 0, Double.random(in: 0..<1) < self.failureRate {
            self.injectedFailures += 1
            return Bool.random() ? 429 : 503
        }
        return nil
    }
}
