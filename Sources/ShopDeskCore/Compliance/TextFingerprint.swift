/// A 64-bit SimHash of a message's normalised text, for spotting the same message sent to many buyers
/// with small changes (a name, an order number, an emoji). Texts are compared by the share of equal
/// bits, so a store can keep one integer per sent message.
///
/// Shingles are three consecutive scalars of the words view (lower case, no diacritics, punctuation
/// and emoji as one space) with every digit as "#": character shingles work for Thai and Chinese,
/// which have no spaces, and masking digits makes "order 1234" and "order 5678" the same template.
public struct TextFingerprint: Sendable, Hashable, Codable {
    public var bits: UInt64

    public init(bits: UInt64) {
        self.bits = bits
    }

    public init(_ text: String) {
        let words = ComplianceText(text, folds: [:]).words
        var scalars: [UInt32] = []
        scalars.reserveCapacity(words.count)
        for scalar in words {
            scalars.append(ComplianceText.isDigit(scalar) ? 0x23 : scalar)
        }
        while let last = scalars.last, last == ComplianceText.space || last == ComplianceText.sentenceBreak { scalars.removeLast() }
        var weights = [Int32](repeating: 0, count: 64)
        func add(_ hash: UInt64) {
            for bit in 0..<64 {
                weights[bit] += (hash >> UInt64(bit)) & 1 == 1 ? 1 : -1
            }
        }
        if scalars.count < 3 {
            for scalar in scalars { add(Self.mix(UInt64(scalar))) }
        } else {
            for index in 2..<scalars.count {
                add(Self.mix(UInt64(scalars[index - 2]) << 42 ^ UInt64(scalars[index - 1]) << 21 ^ UInt64(scalars[index])))
            }
        }
        var bits: UInt64 = 0
        for bit in 0..<64 where weights[bit] > 0 {
            bits |= 1 << UInt64(bit)
        }
        self.bits = bits
    }

    /// 1 for the same fingerprint, about 0.5 for unrelated texts.
    public func similarity(to other: TextFingerprint) -> Double {
        1 - Double((self.bits ^ other.bits).nonzeroBitCount) / 64
    }

    /// SplitMix64's finaliser: spreads a shingle over all 64 bits.
    private static func mix(_ value: UInt64) -> UInt64 {
        var mixed = value &+ 0x9E37_79B9_7F4A_7C15
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
