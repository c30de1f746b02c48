import Foundation

/// A canned reply: one name, one version per language, with variables the conversation fills in
/// (`{buyer_name}`, `{order_id}`, `{tracking_number}`, `{product}`).
public struct ReplyTemplate: Sendable, Hashable {
    public var name: String
    /// BCP 47 tag of this version (`vi`, `th`, `zh-Hans`, `en`).
    public var language: String
    public var body: String
    public var updatedAt: Date

    public init(name: String, language: String, body: String, updatedAt: Date) {
        self.name = name
        self.language = language
        self.body = body
        self.updatedAt = updatedAt
    }

    public static let variables = ["buyer_name", "order_id", "tracking_number", "ship_by", "product"]

    /// `body` with each known variable replaced; a variable the conversation has no value for stays
    /// as written, so the agent sees what is missing before sending.
    public func rendered(_ values: [String: String]) -> String {
        var text = self.body
        for name in Self.variables {
            if let value = values[name], !value.isEmpty {
                text = text.replacingOccurrences(of: "{\(name)}", with: value)
            }
        }
        return text
    }

    /// The version of `versions` (one template's) for a buyer writing `language`: the same tag, else
    /// the same language ("vi-VN" → "vi", "zh-TW" → "zh-Hant" or any "zh"), else English, else the first.
    public static func version(of versions: [ReplyTemplate], for language: String?) -> ReplyTemplate? {
        let sorted = versions.sorted { $0.language < $1.language }
        guard let language = language?.lowercased(), !language.isEmpty else {
            return sorted.first { $0.language.lowercased() == "en" } ?? sorted.first
        }
        let primary = language.split(separator: "-").first.map(String.init) ?? language
        return sorted.first { $0.language.lowercased() == language }
            ?? sorted.first { $0.language.lowercased().split(separator: "-").first.map(String.init) == primary }
            ?? sorted.first { $0.language.lowercased() == "en" }
            ?? sorted.first
    }

    /// Checks a version before it is stored.
    public static func validate(name: String, language: String, body: String) throws(ValidationError) {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty, name.count <= 80 else {
            throw ValidationError(field: "name", message: "a template name must be 1 to 80 characters")
        }
        guard language.range(of: #"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"#, options: .regularExpression) != nil else {
            throw ValidationError(field: "language", message: "language must be a BCP 47 tag such as vi, th or zh-Hans")
        }
        guard !body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, body.count <= 5000 else {
            throw ValidationError(field: "body", message: "a template must be 1 to 5000 characters")
        }
    }
}
