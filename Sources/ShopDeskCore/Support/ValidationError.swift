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
