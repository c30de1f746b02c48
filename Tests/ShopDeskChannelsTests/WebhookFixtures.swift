import Foundation
import ShopDeskCore
import Testing

@testable import ShopDeskChannels

/// The sample pushes in `Fixtures/`, the channel accounts they are decoded for, and odd bodies derived
/// from them to show that no push, however broken, can crash a decoder.
enum WebhookFixtures {
    static func bytes(_ name: String) throws -> [UInt8] {
        let url = try #require(
            Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"),
            "no fixture \(name).json"
        )
        return Array(try Data(contentsOf: url))
    }

    static func account(_ platform: Platform) -> ChannelAccount {
        ChannelAccount(
            id: ChannelAccount.ID("acct-\(platform.rawValue)"), workspaceID: Workspace.ID("ws-ami"), platform: platform,
            name: "Ami Fashion", market: "VN", timeZone: "Asia/Ho_Chi_Minh", credentialFields: platform.credentialFields.required,
            createdAt: Date(timeIntervalSince1970: 1_767_225_600)
        )
    }

    static func decode(_ decoder: any WebhookDecoder, _ body: [UInt8], account: ChannelAccount) -> Result<[InboundEvent], WebhookDecodingError> {
        Result { () throws(WebhookDecodingError) in try decoder.decode(body, account: account) }
    }

    /// What any decoded event must satisfy, whatever the body: it belongs to the account it was decoded
    /// for and carries the ids the ingest pipeline keys on.
    static func expectWellFormed(_ events: [InboundEvent], account: ChannelAccount, sourceLocation: SourceLocation = #_sourceLocation) {
        for event in events {
            switch event {
            case .message(let message):
                #expect(message.channelAccountID == account.id, sourceLocation: sourceLocation)
                #expect(!message.conversationExternalID.isEmpty, sourceLocation: sourceLocation)
                #expect(!message.platformMessageID.isEmpty, sourceLocation: sourceLocation)
                #expect(!message.buyer.platformUserID.isEmpty, sourceLocation: sourceLocation)
            case .delivery(let update):
                #expect(update.channelAccountID == account.id, sourceLocation: sourceLocation)
                #expect(!update.platformMessageID.isEmpty, sourceLocation: sourceLocation)
            case .unrecognized(let kind):
                #expect(!kind.isEmpty, sourceLocation: sourceLocation)
            case .order, .fetchConversation:
                break
            }
        }
    }

    // MARK: Odd bodies

    /// Every 7th-byte prefix of a body: what a dropped connection or a size limit leaves behind.
    static func truncations(of body: [UInt8]) -> [[UInt8]] {
        stride(from: 0, to: body.count, by: 7).map { Array(body[..<$0]) }
    }

    /// Byte strings from a fixed seed, in three kinds: uniform noise; a soup of JSON punctuation and the
    /// platforms' field names; and well-formed JSON built from those names with values of every type, so
    /// that many reach the decoders' field reading instead of failing in the JSON parser.
    static func randomBodies(count: Int, seed: UInt64) -> [[UInt8]] {
        var random = Generator(seed: seed)
        return (0..<count).map { index in
            switch index % 3 {
            case 0:
                return (0..<Int.random(in: 0...300, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            case 1:
                let tokens = ["{", "}", "[", "]", ",", ":", " ", "null", "true", "-0", "1e999", "\"", "\\u00"] + Self.keys.map { "\"\($0)\"" }
                return Array((0..<Int.random(in: 0...60, using: &random)).map { _ in tokens.randomElement(using: &random) ?? "" }.joined().utf8)
            default:
                // Most in an envelope the decoders accept, so that the random part reaches their field reading.
                var object = Self.randomObject(depth: 0, using: &random)
                let items = (0..<Int.random(in: 0...3, using: &random)).map { _ in Self.randomObject(depth: 1, using: &random) }
                switch Int.random(in: 0..<3, using: &random) {
                case 0:
                    object["object"] = Self.strings.randomElement(using: &random)
                    object["entry"] = items
                case 1: object["events"] = items
                default: break
                }
                return Self.serialise(object)
            }
        }
    }

    /// The fixture with values swapped for values of other types and keys dropped, at random from a fixed
    /// seed: a platform renaming or retyping a field must cost that field, never the process.
    static func mutations(of body: [UInt8], count: Int, seed: UInt64) -> [[UInt8]] {
        guard let parsed = try? JSONSerialization.jsonObject(with: Data(body)) else { return [] }
        var random = Generator(seed: seed)
        return (0..<count).map { _ in Self.serialise(Self.mutate(parsed, using: &random)) }
    }

    private static let keys = [
        "object", "entry", "id", "time", "messaging", "standby", "changes", "field", "value", "sender", "recipient",
        "timestamp", "message", "mid", "text", "is_echo", "attachments", "type", "payload", "url", "sticker_id", "delivery",
        "mids", "watermark", "read", "item", "verb", "comment_id", "post_id", "from", "name", "created_time", "media",
        "username", "messages", "statuses", "contacts", "wa_id", "profile", "status", "errors", "body", "image", "events",
        "source", "userId", "groupId", "roomId", "packageId", "stickerId", "contentProvider", "title",
    ]

    private static let strings = [
        "page", "instagram", "whatsapp_business_account", "message", "comment", "add", "feed", "comments", "live_comments",
        "messages", "text", "image", "video", "sticker", "document", "failed", "read", "external", "follow", "", "0",
        "104857362910473", "1767225600", "ทดสอบ", "\u{0}",
    ]

    private static func randomValue(depth: Int, using random: inout Generator) -> Any {
        switch Int.random(in: 0..<(depth < 4 ? 9 : 6), using: &random) {
        case 0: return NSNull()
        case 1: return Bool.random(using: &random)
        case 2: return [0, -1, 1_767_225_600, 1_767_225_600_123, Int64.max, Int64.min].randomElement(using: &random) ?? 0
        case 3: return [0.5, -1e300, 1e300, 1e-300].randomElement(using: &random) ?? 0.5
        case 4, 5: return Self.strings.randomElement(using: &random) ?? ""
        case 6: return (0..<Int.random(in: 0...3, using: &random)).map { _ in Self.randomValue(depth: depth + 1, using: &random) }
        default: return Self.randomObject(depth: depth + 1, using: &random)
        }
    }

    private static func randomObject(depth: Int, using random: inout Generator) -> [String: Any] {
        var object: [String: Any] = [:]
        for _ in 0..<Int.random(in: 0...5, using: &random) {
            object[Self.keys.randomElement(using: &random) ?? "id"] = Self.randomValue(depth: depth, using: &random)
        }
        return object
    }

    private static func mutate(_ value: Any, using random: inout Generator) -> Any {
        if Int.random(in: 0..<8, using: &random) == 0 { return Self.randomValue(depth: 3, using: &random) }
        switch value {
        case let object as [String: Any]:
            var mutated: [String: Any] = [:]
            // Sorted, because dictionary order changes from run to run and the seed must replay exactly.
            for key in object.keys.sorted() where Int.random(in: 0..<10, using: &random) != 0 {
                mutated[key] = Self.mutate(object[key] as Any, using: &random)
            }
            return mutated
        case let array as [Any]:
            return array.map { Self.mutate($0, using: &random) }
        default:
            return value
        }
    }

    private static func serialise(_ value: Any) -> [UInt8] {
        (try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys])).map(Array.init) ?? []
    }

    /// Seeded, so a failing body can be replayed.
    typealias Generator = SplitMix64
}
