import Foundation

/// Input that is well-formed but not acceptable: which field, and what a person should change.
public struct ValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { self.message }
}

extension ValidationError {
    /// A display name (of an agent, a token, a channel account): trimmed, 1 to 200 characters.
    public static func validatedName(_ name: String, field: String = "name") throws(ValidationError) -> String {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= 200 else {
            throw ValidationError(field: field, message: "\(field) must be 1 to 200 characters")
        }
        return trimmed
    }
}
