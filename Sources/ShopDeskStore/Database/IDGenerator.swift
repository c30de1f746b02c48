import Foundation
import ShopDeskCore

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
        let random = generator.next() as UInt64
        let more = generator.next() as UInt64
        // 48 bits of time, version 7, 12 random bits, variant 10, 62 random bits; as 8-4-4-4-12 hex.
        let rest =
            [
                0x70 | UInt8(truncatingIfNeeded: random & 0x0F), UInt8(truncatingIfNeeded: random >> 8),
                0x80 | UInt8(truncatingIfNeeded: (random >> 16) & 0x3F),
            ] + (0..<7).map { UInt8(truncatingIfNeeded: more >> (8 * UInt64($0))) }
        return Self.text(Self.bytes(millis: millis, rest: rest))
    }

    /// Sixteen bytes as UUID text (8-4-4-4-12 lowercase hex).
    static func text(_ bytes: [UInt8]) -> String {
        String(unsafeUninitializedCapacity: 36) { text in
            var position = 0
            for (index, byte) in bytes.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    text[position] = UInt8(ascii: "-")
                    position += 1
                }
                text[position] = Self.hexDigits[Int(byte >> 4)]
                text[position + 1] = Self.hexDigits[Int(byte & 0x0F)]
                position += 2
            }
            return position
        }
    }

    /// Sixteen bytes beginning with `millis` as 48 bits, big-endian, then `rest`.
    static func bytes(millis: UInt64, rest: [UInt8]) -> [UInt8] {
        (0..<6).map { UInt8(truncatingIfNeeded: millis >> (8 * (5 - UInt64($0)))) } + rest
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
