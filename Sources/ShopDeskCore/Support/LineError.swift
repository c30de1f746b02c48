/// A problem on one line of a file a person gave (JSON Lines, CSV), by its 1-based number, so that they
/// can find and fix it.
public struct LineError: Error, Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "line \(self.line): \(self.message)" }
}
