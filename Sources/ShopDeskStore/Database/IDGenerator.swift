import Foundation

/// Makes new row ids: UUID version 7 text, so ids sort by creation time and index inserts stay local.
public struct IDGenerator: Sendable {
    private let now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date = { Date() }) {
        self.now = now
    }

    public func make<Owner>(_: Owner.Type = Owner.self) -> ShopDeskCore.Identifier<Owner> {
        ShopDeskCore.Identifier(self.uuidV7())
    }

    func uuidV7() -> String {
        let millis = UInt64(max(0, self.now().timeIntervalSince1970 * 1000))
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 {
            bytes[index] = UInt8(truncatingIfNeeded: millis >> (8 * (5 - UInt64(index))))
        }
        for index in 6..<16 {
            bytes[index] = UInt8.random(in: 0...255, using: &generator)
        }
        bytes[6] = (bytes[6] & 0x0F) | 0x70
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return parts.joined(separator: "-")
    }
}

import ShopDeskCore
