import Foundation

/// Why the store refused or failed an operation. Each case carries what a caller needs to act on it.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The thing does not exist in the caller's workspace (which is indistinguishable from not existing).
    case notFound(String)
    /// A unique value is taken (an e-mail address, for example).
    case conflict(String)
    /// The input is well-formed but not acceptable.
    case invalid(field: String, message: String)
    /// The database or the data directory is unusable as configured.
    case configuration(String)
    /// Stored secrets cannot be decrypted with the configured key.
    case secretKey(String)

    public var description: String {
        switch self {
        case .notFound(let what): "\(what) not found"
        case .conflict(let what): what
        case .invalid(_, let message): message
        case .configuration(let message): message
        case .secretKey(let message): message
        }
    }
}
