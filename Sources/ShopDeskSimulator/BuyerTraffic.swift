import Foundation
import ShopDeskCore

/// What buyers write, and how often: a scenario (a data file) plus the phrase book it draws from.
public struct Scenario: Sendable, Codable, Hashable {
    public var name: String
    public var description: String
    /// Relative weights of message categories: `pre_sale`, `order_status`, `complaint`,
    /// `livestream_burst`, `sticker`, `product_card`.
    public var mix: [String: Double]
    /// Chance that a message continues one of the account's open conversations instead of starting one.
    public var followUp: Double
    /// Chance that a push is delivered twice (platforms deliver at least once).
    public var duplicate: Double
    /// Chance that a push is held back and delivered after the next one.
    public var outOfOrder: Double
    /// Comments in one livestream burst: at least, at most.
    public var burstSize: [Int]

    enum CodingKeys: String, CodingKey {
        case name, description, mix, duplicate
        case followUp = "follow_up"
        case outOfOrder = "out_of_order"
        case burstSize = "burst_size"
    }

    public static let categories = ["pre_sale", "order_status", "complaint", "livestream_burst", "sticker", "product_card"]

    /// Reads and checks a scenario file's JSON.
    public static func decode(_ data: Data) throws -> Scenario {
        let scenario: Scenario
        do {
            scenario = try JSONDecoder().decode(Scenario.self, from: data)
        } catch {
            throw SimulatorError.invalidScenario("not a scenario: \(error)")
        }
        let unknown = scenario.mix.keys.filter { !Self.categories.contains($0) }.sorted()
        guard unknown.isEmpty else {
            throw SimulatorError.invalidScenario(
                "unknown categories \(unknown.joined(separator: ", ")); known: \(Self.categories.joined(separator: ", "))")
        }
        guard scenario.mix.values.allSatisfy({ $0 >= 0 }), scenario.mix.values.reduce(0, +) > 0 else {
            throw SimulatorError.invalidScenario("mix weights must be zero or more, and not all zero")
        }
        for (name, chance) in [("follow_up", scenario.followUp), ("duplicate", scenario.duplicate), ("out_of_order", scenario.outOfOrder)]
        where !(0...1).contains(chance) {
            throw SimulatorError.invalidScenario("\(name) must be between 0 and 1")
        }
        guard scenario.burstSize.count == 2, scenario.burstSize[0] >= 1, scenario.burstSize[0] <= scenario.burstSize[1] else {
            throw SimulatorError.invalidScenario("burst_size must be [least, most] with 1 <= least <= most")
        }
        return scenario
    }

    /// A scenario bundled with the simulator (`default`, `livestream`, `quiet`).
    public static func bundled(_ name: String) throws -> Scenario {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Scenarios") else {
            throw SimulatorError.invalidScenario("no bundled scenario '\(name)'; bundled: default, livestream, quiet")
        }
        return try Self.decode(try Data(contentsOf: url))
    }
}

/// Buyer phrases per language and category, and buyer names per language.
public struct PhraseBook: Sendable, Codable {
    public var phrases: [String: [String: [String]]]
    public var names: [String: [String]]

    public static let languages = ["vi", "th", "ms", "id", "tl", "zh", "en"]

    public static func bundled() throws -> PhraseBook {
        guard let url = Bundle.module.url(forResource: "phrases", withExtension: "json", subdirectory: "Scenarios") else {
            throw SimulatorError.invalidScenario("the bundled phrase book is missing")
        }
        return try JSONDecoder().decode(PhraseBook.self, from: try Data(contentsOf: url))
    }

    func phrase(_ category: String, language: String, using random: inout some RandomNumberGenerator) -> String {
        let list = self.phrases[language]?[category] ?? self.phrases["en"]?[category] ?? ["Hello, is this available?"]
        let order = "2411" + String(Int.random(in: 10_000_000...99_999_999, using: &random))
        return list.randomElement(using: &random)!.replacingOccurrences(of: "{order}", with: order)
    }

    func name(_ language: String, using random: inout some RandomNumberGenerator) -> String {
        (self.names[language] ?? self.names["en"] ?? ["Buyer"]).randomElement(using: &random)!
    }
}

/// Where on the platform a buyer wrote.
enum Surface: Sendable, Hashable {
    case chat
    /// A comment under a post (Facebook) or a photo or reel (Instagram).
    case comment(postID: String)
    /// A comment during a live video (Instagram `live_comments`).
    case liveComment(mediaID: String)
}

/// One message a simulated buyer sends.
struct BuyerEvent: Sendable {
    var account: SimulatedAccount
    var conversationID: String
    var buyerID: String
    var buyerName: String
    var messageID: String
    var text: String?
    var contentType: Message.ContentType
    var referenceID: String?
    var surface: Surface
    var at: Date
}

/// Makes up buyers and their messages for a set of accounts, following a scenario.
struct BuyerTraffic {
    struct Thread {
        var conversationID: String
        var buyerID: String
        var buyerName: String
        var language: String
        var surface: Surface
    }

    let scenario: Scenario
    let phrases: PhraseBook
    let languages: [String]
    var random: SplitMix64
    private var threads: [String: [Thread]] = [:]
    private var sequence = 0

    init(scenario: Scenario, phrases: PhraseBook, languages: [String], seed: UInt64) {
        self.scenario = scenario
        self.phrases = phrases
        self.languages = languages
        self.random = SplitMix64(seed: seed)
    }

    /// The next buyer messages for `account` at `now`: one, or a burst of livestream comments.
    mutating func next(for account: SimulatedAccount, at now: Date) -> [BuyerEvent] {
        let category = self.category()
        if category == "livestream_burst" {
            let size = Int.random(in: self.scenario.burstSize[0]...self.scenario.burstSize[1], using: &self.random)
            let live = "1809" + self.digits(14)
            return (0..<size).map { index in
                let thread = self.newThread(for: account, live: account.platform == .instagram ? live : nil)
                return self.event(thread, category: "livestream_burst", account: account, at: now.addingTimeInterval(Double(index) * 0.05))
            }
        }
        var existing = self.threads[account.channelAccountID] ?? []
        existing.removeAll { if case .liveComment = $0.surface { true } else { false } }
        let thread: Thread
        if !existing.isEmpty, Double.random(in: 0..<1, using: &self.random) < self.scenario.followUp {
            thread = existing.randomElement(using: &self.random)!
        } else {
            thread = self.newThread(for: account, live: nil)
        }
        return [self.event(thread, category: category, account: account, at: now)]
    }

    private mutating func category() -> String {
        let weights = Scenario.categories.map { self.scenario.mix[$0] ?? 0 }
        var pick = Double.random(in: 0..<weights.reduce(0, +), using: &self.random)
        for (category, weight) in zip(Scenario.categories, weights) {
            if pick < weight { return category }
            pick -= weight
        }
        return "pre_sale"
    }

    private mutating func newThread(for account: SimulatedAccount, live: String?) -> Thread {
        let choices = account.languages.filter { self.languages.contains($0) }
        let language = (choices.isEmpty ? self.languages : choices).randomElement(using: &self.random) ?? "en"
        let name = self.phrases.name(language, using: &self.random)
        let (buyer, conversation, surface): (String, String, Surface)
        switch account.platform {
        case .tiktokShop:
            (buyer, conversation, surface) = ("7" + self.digits(18), "7" + self.digits(18), .chat)
        case .shopee:
            (buyer, conversation, surface) = (self.digits(9), self.digits(18), .chat)
        case .lazada:
            let id = self.digits(10)
            (buyer, conversation, surface) = (id, "1_\(account.shopID)_\(id)", .chat)
        case .facebook:
            let id = self.digits(16)
            let post = Bool.random(using: &self.random) ? Surface.comment(postID: "\(account.shopID)_1221" + self.digits(14)) : .chat
            (buyer, conversation, surface) = (id, id, post)
        case .instagram:
            let id = "1784" + self.digits(13)
            let where_: Surface =
                live.map { .liveComment(mediaID: $0) }
                ?? (Bool.random(using: &self.random) ? .comment(postID: "1809" + self.digits(14)) : .chat)
            (buyer, conversation, surface) = (id, id, where_)
        case .whatsapp:
            let prefix = ["VN": "84", "TH": "66", "MY": "60", "SG": "65", "ID": "62", "PH": "63"][account.market] ?? "1"
            let id = prefix + self.digits(9)
            (buyer, conversation, surface) = (id, id, .chat)
        case .line:
            let id = "U" + (0..<32).map { _ in String(Int.random(in: 0..<16, using: &self.random), radix: 16) }.joined()
            (buyer, conversation, surface) = (id, id, .chat)
        case .custom:
            let id = "buyer-" + self.digits(8)
            (buyer, conversation, surface) = (id, id, .chat)
        }
        let thread = Thread(conversationID: conversation, buyerID: buyer, buyerName: name, language: language, surface: surface)
        if live == nil { self.threads[account.channelAccountID, default: []].append(thread) }
        return thread
    }

    private mutating func event(_ thread: Thread, category: String, account: SimulatedAccount, at: Date) -> BuyerEvent {
        self.sequence += 1
        var contentType = Message.ContentType.text
        var text: String? = nil
        var reference: String? = nil
        switch category {
        case "sticker" where thread.surface == .chat:
            contentType = .sticker
        case "product_card" where thread.surface == .chat && [.tiktokShop, .shopee, .lazada].contains(account.platform):
            contentType = .productCard
            reference = self.digits(11)
        case "livestream_burst":
            text = self.phrases.phrase("livestream", language: thread.language, using: &self.random)
        case "sticker", "product_card":
            text = self.phrases.phrase("pre_sale", language: thread.language, using: &self.random)
        default:
            text = self.phrases.phrase(category, language: thread.language, using: &self.random)
        }
        return BuyerEvent(
            account: account, conversationID: thread.conversationID, buyerID: thread.buyerID, buyerName: thread.buyerName,
            messageID: self.messageID(for: account.platform), text: text, contentType: contentType, referenceID: reference,
            surface: thread.surface, at: at
        )
    }

    private mutating func messageID(for platform: Platform) -> String {
        switch platform {
        case .facebook, .instagram: "m_" + self.letters(40)
        case .whatsapp: "wamid." + self.letters(44)
        default: self.digits(18)
        }
    }

    private mutating func digits(_ count: Int) -> String {
        String((0..<count).map { index in Character(String(Int.random(in: index == 0 ? 1...9 : 0...9, using: &self.random))) })
    }

    private mutating func letters(_ count: Int) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<count).map { _ in alphabet.randomElement(using: &self.random)! })
    }
}

/// Why the simulator cannot do what it was asked.
public enum SimulatorError: Error, Sendable, CustomStringConvertible {
    case invalidScenario(String)
    case invalidOption(String)
    case shopDesk(String)

    public var description: String {
        switch self {
        case .invalidScenario(let message): "scenario: \(message)"
        case .invalidOption(let message): message
        case .shopDesk(let message): "ShopDesk: \(message)"
        }
    }
}
