import Foundation

/// The data directory of the server under load.
public struct LoadTestDirectory: Sendable {
    public var path: String
    public var isTemporary: Bool

    /// The requested directory (created if missing), or a fresh temporary one.
    public init(_ requested: String?) throws {
        if let requested {
            try FileManager.default.createDirectory(atPath: requested, withIntermediateDirectories: true)
            self.path = URL(fileURLWithPath: requested).path
            self.isTemporary = false
        } else {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("shopdesk-load-\(UUID().uuidString.prefix(8).lowercased())")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            self.path = url.path
            self.isTemporary = true
        }
    }

    public func removeIfTemporary() {
        if self.isTemporary { try? FileManager.default.removeItem(atPath: self.path) }
    }
}
