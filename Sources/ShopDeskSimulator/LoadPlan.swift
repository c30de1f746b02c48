import Foundation
import ShopDeskCore

/// One signed platform push of a load test, built before the clock starts so that the load generator
/// spends its time sending, not signing.
public struct LoadPush: Sendable {
    public var url: String
    public var headers: [String: String]
    public var body: [UInt8]
    /// A second delivery of a push already in the plan (platforms redeliver): it must store nothing.
    public var isDuplicate: Bool
    /// The message the push carries, as ShopDesk stores it: its channel account and platform message id.
    public var channelAccountID: String
    public var platformMessageID: String
}

/// The pushes of a load test: buyer messages on every given account in turn, some opening new
/// conversations and the rest following up in earlier ones, in the buyers' languages, with a share
/// delivered twice. Only platforms whose pushes carry the message itself take part (Shopee, Facebook,
/// Instagram, WhatsApp, LINE, custom channels): TikTok Shop and Lazada push a notice and ShopDesk
/// reads the message back through their APIs, which is the poller's load, not the webhook's.
public struct LoadPlan: Sendable {
    public var pushes: [LoadPush]
    /// Distinct buyer messages in the plan (pushes that are not duplicates).
    public var uniqueMessages: Int

    public static let platforms: [Platform] = [.shopee, .facebook, .instagram, .whatsapp, .line, .custom]

    /// - Parameters:
    ///   - messages: distinct buyer messages.
    ///   - newConversationShare: the share of messages that open a new conversation (with a new buyer).
    ///   - duplicateShare: the share of messages pushed a second time, right after the first.
    public static func make(
        accounts: [SimulatedAccount], messages: Int, newConversationShare: Double, duplicateShare: Double, seed: UInt64
    ) throws -> LoadPlan {
        let usable = accounts.filter { Self.platforms.contains($0.platform) }
        guard !usable.isEmpty else { throw SimulatorError.invalidOption("a load test needs an account on one of \(Self.platforms.map(\.rawValue))") }
        guard messages > 0 else { throw SimulatorError.invalidOption("a load test needs at least one message") }
        guard (0...1).contains(newConversationShare), (0...1).contains(duplicateShare) else {
            throw SimulatorError.invalidOption("shares must be between 0 and 1")
        }
        let phrases = try PhraseBook.bundled()
        var random = SplitMix64(seed: seed)
        var threads: [[(conversation: String, buyer: String, name: String, language: String)]] = Array(repeating: [], count: usable.count)
        var pushes: [LoadPush] = []
        pushes.reserveCapacity(Int(Double(messages) * (1 + duplicateShare)) + 1)
        let categories = ["pre_sale", "order_status", "complaint", "pre_sale", "order_status"]
        let now = Date()
        for index in 0..<messages {
            let slot = index % usable.count
            let account = usable[slot]
            let thread: (conversation: String, buyer: String, name: String, language: String)
            if threads[slot].isEmpty || Double.random(in: 0..<1, using: &random) < newConversationShare {
                let language = (account.languages.isEmpty ? PhraseBook.languages : account.languages).randomElement(using: &random) ?? "en"
                let buyer = Self.buyerID(for: account, number: index, random: &random)
                // On Meta, WhatsApp and LINE a buyer's direct chat is the buyer; on Shopee it has its own id.
                let conversation = account.platform == .shopee ? "9\(index)\(UInt32.random(in: 100_000...999_999, using: &random))" : buyer
                thread = (conversation, buyer, phrases.name(language, using: &random), language)
                threads[slot].append(thread)
            } else {
                thread = threads[slot].randomElement(using: &random)!
            }
            let category = categories[index % categories.count]
            let messageID = Self.messageID(for: account.platform, number: index, run: seed % 1_000_000)
            let event = BuyerEvent(
                account: account, conversationID: thread.conversation, buyerID: thread.buyer, buyerName: thread.name,
                messageID: messageID,
                text: phrases.phrase(category, language: thread.language, using: &random),
                contentType: .text, referenceID: nil, surface: .chat, at: now.addingTimeInterval(Double(index) / 1_000_000)
            )
            let push = PushBuilder.push(for: event, pushID: "load-\(index)")
            let load = LoadPush(
                url: push.url, headers: push.headers, body: push.body, isDuplicate: false, channelAccountID: account.channelAccountID,
                platformMessageID: messageID
            )
            pushes.append(load)
            if Double.random(in: 0..<1, using: &random) < duplicateShare {
                var again = load
                again.isDuplicate = true
                pushes.append(again)
            }
        }
        return LoadPlan(pushes: pushes, uniqueMessages: messages)
    }

    private static func buyerID(for account: SimulatedAccount, number: Int, random: inout SplitMix64) -> String {
        let tail = String(UInt64.random(in: 100_000_000...999_999_999, using: &random))
        switch account.platform {
        case .shopee: return "\(number + 1)\(tail.prefix(4))"
        case .facebook: return "25\(number)\(tail)"
        case .instagram: return "1784\(number)\(tail)"
        case .whatsapp: return "65\(8_000_000 + number)"
        case .line: return "U" + String(format: "%032x", UInt64(number) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(tail)!)
        default: return "buyer-\(number)-\(tail)"
        }
    }

    /// Unique within a run and across runs with different seeds (a load test may reuse a database).
    private static func messageID(for platform: Platform, number: Int, run: UInt64) -> String {
        switch platform {
        case .facebook, .instagram: "m_load\(run)_\(number)"
        case .whatsapp: "wamid.load\(run)_\(number)"
        default: "\(run + 1)\(String(format: "%010d", number))"
        }
    }
}
