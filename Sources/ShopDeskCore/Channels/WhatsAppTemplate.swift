import Foundation

/// A message template Meta has approved for a WhatsApp number: after the 24-hour customer-service
/// window closes only these may be sent (platforms.md §4.4). The seller registers each approved
/// template (name, language and body as approved in WhatsApp Manager) so agents can pick and fill one.
///
/// The body's parameters are `{{1}}`, `{{2}}`, … in order, as the Cloud API numbers a template's body
/// parameters (developers.facebook.com/docs/whatsapp/cloud-api/guides/send-message-templates).
public struct WhatsAppTemplate: Sendable, Hashable, Identifiable {
    public typealias ID = Identifier<WhatsAppTemplate>

    /// Meta's template categories.
    public enum Category: String, Sendable, Hashable, CaseIterable {
        case marketing = "MARKETING"
        case utility = "UTILITY"
        case authentication = "AUTHENTICATION"
    }

    public var id: ID
    public var channelAccountID: ChannelAccount.ID
    /// Lower-case letters, digits and underscores, as Meta names templates.
    public var name: String
    /// Meta's language code of this translation (`en`, `en_US`, `th`, `vi`, `zh_CN`, `ms`, `id`).
    public var language: String
    public var category: Category
    public var body: String
    public var createdAt: Date

    public init(
        id: ID, channelAccountID: ChannelAccount.ID, name: String, language: String, category: Category, body: String, createdAt: Date
    ) {
        self.id = id
        self.channelAccountID = channelAccountID
        self.name = name
        self.language = language
        self.category = category
        self.body = body
        self.createdAt = createdAt
    }

    /// Meta's limits: a name of at most 512 characters, a body of at most 1,024.
    public static let maximumNameLength = 512
    public static let maximumBodyLength = 1024

    /// How many parameters the body takes (the highest `{{n}}`).
    public var parameterCount: Int { Self.parameterCount(of: self.body) }

    /// How many parameters a template body takes (the highest `{{n}}`).
    public static func parameterCount(of body: String) -> Int { Self.parameterNumbers(in: body).max() ?? 0 }

    /// The template's fields checked as Meta checks them, or the first problem found.
    public static func validated(
        name: String, language: String, body: String
    ) throws(ValidationError) -> (name: String, language: String, body: String) {
        let name = name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= Self.maximumNameLength,
            name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" })
        else {
            throw ValidationError(field: "name", message: "name must be 1 to 512 lower-case letters, digits or underscores, as approved by Meta")
        }
        let language = language.trimmingCharacters(in: .whitespaces)
        let parts = language.split(separator: "_", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), (2...3).contains(parts[0].count), parts[0].allSatisfy({ $0.isASCII && $0.isLowercase }),
            parts.count == 1 || (parts[1].count == 2 && parts[1].allSatisfy { $0.isASCII && $0.isUppercase })
        else {
            throw ValidationError(field: "language", message: "language must be a Meta language code such as en, en_US, th, vi or zh_CN")
        }
        let body = body.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !body.isEmpty, body.count <= Self.maximumBodyLength else {
            throw ValidationError(field: "body", message: "body must be 1 to \(Self.maximumBodyLength) characters")
        }
        let numbers = Self.parameterNumbers(in: body)
        guard Set(numbers) == Set(1...max(numbers.max() ?? 0, 1)) || numbers.isEmpty else {
            throw ValidationError(field: "body", message: "body parameters must be numbered {{1}}, {{2}}, … without gaps")
        }
        return (name, language, body)
    }

    /// The template filled with `parameters` (in order), ready to send: what the Cloud API is told and the
    /// text the conversation shows. A parameter may not be empty, hold a line break or tab, or more than
    /// four spaces in a row (the Cloud API refuses such parameters, error 132018).
    public func filled(with parameters: [String]) throws(ValidationError) -> TemplateMessage {
        guard parameters.count == self.parameterCount else {
            throw ValidationError(
                field: "parameters", message: "template \(self.name) takes \(self.parameterCount) parameters, \(parameters.count) given")
        }
        var text = self.body
        for (index, value) in parameters.enumerated() {
            let value = value.trimmingCharacters(in: .whitespaces)
            guard !value.isEmpty, value.count <= Self.maximumBodyLength, !value.contains(where: { $0.isNewline || $0 == "\t" }),
                !value.contains("     ")
            else {
                throw ValidationError(
                    field: "parameters",
                    message: "parameter \(index + 1) must be 1 to 1024 characters without line breaks, tabs or more than four spaces in a row")
            }
            text = text.replacingOccurrences(of: "{{\(index + 1)}}", with: value)
        }
        return TemplateMessage(
            name: self.name, language: self.language, parameters: parameters.map { $0.trimmingCharacters(in: .whitespaces) }, text: text)
    }

    /// The `n` of every `{{n}}` in `text`.
    static func parameterNumbers(in text: String) -> [Int] {
        var numbers: [Int] = []
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            if let number = Int(rest[open.upperBound..<close.lowerBound]), number > 0 { numbers.append(number) }
            rest = rest[close.upperBound...]
        }
        return numbers
    }
}

/// A filled template as it goes out: the Cloud API's template message names it by name and language and
/// carries the body parameters; `text` is what the buyer reads, shown in the conversation.
public struct TemplateMessage: Sendable, Hashable, Codable {
    public var name: String
    public var language: String
    public var parameters: [String]
    public var text: String

    public init(name: String, language: String, parameters: [String], text: String) {
        self.name = name
        self.language = language
        self.parameters = parameters
        self.text = text
    }
}
