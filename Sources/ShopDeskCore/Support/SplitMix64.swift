/// A tiny seeded random generator (SplitMix64): the same seed gives the same sequence on every run, so
/// generated workloads, fuzz inputs and simulated traffic can be replayed. Not for secrets.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        self.state = seed
    }

    public mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = self.state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// A number in `0..<bound` (0 when `bound` is not positive); the slight modulo bias is harmless here.
    public mutating func next(_ bound: Int) -> Int {
        Int(self.next() % UInt64(max(bound, 1)))
    }

    /// A number in [0, 1).
    public mutating func nextDouble() -> Double {
        Double(self.next() >> 11) / Double(1 << 53)
    }
}
