/// How long to wait before trying again after a failed delivery: exponential, capped, with jitter,
/// and a bounded number of attempts.
public struct BackoffPolicy: Sendable, Hashable {
    public var initialDelay: Duration
    public var multiplier: Double
    public var maximumDelay: Duration
    /// Attempts in all, the first included.
    public var maximumAttempts: Int

    public init(initialDelay: Duration, multiplier: Double = 2, maximumDelay: Duration, maximumAttempts: Int) {
        self.initialDelay = initialDelay
        self.multiplier = multiplier
        self.maximumDelay = maximumDelay
        self.maximumAttempts = maximumAttempts
    }

    /// Outbound webhooks: 2 s, 4 s, 8 s … capped at 5 minutes, 8 attempts (about 10 minutes in all).
    public static let webhook = BackoffPolicy(initialDelay: .seconds(2), maximumDelay: .seconds(300), maximumAttempts: 8)

    /// Replies to platforms: 1 s, 2 s, 4 s … capped at 60 s, 6 attempts, as TikTok Shop asks of throttled
    /// callers (platforms.md §1.7: `min(base·2^n + jitter, 60 s)`, about 5 retries).
    public static let platformSend = BackoffPolicy(initialDelay: .seconds(1), maximumDelay: .seconds(60), maximumAttempts: 6)

    /// Stock pushes: 1 s, 2 s, 4 s … capped at 5 minutes, never giving up, because a platform left
    /// showing stale stock is what oversells.
    public static let stockPush = BackoffPolicy(initialDelay: .seconds(1), maximumDelay: .seconds(300), maximumAttempts: .max)

    /// The wait after attempt `attempt` (1-based) failed, or nil when that was the last one.
    /// `jitter` (0...1, drawn by the caller) scales the delay to 50–100 %, so that receivers recovering
    /// from an outage are not hit by every retry at once.
    public func delay(afterAttempt attempt: Int, jitter: Double) -> Duration? {
        guard attempt < self.maximumAttempts else { return nil }
        // Past 30 doublings every delay is capped anyway; stopping there keeps the product finite.
        let base = self.initialDelay * pow(self.multiplier, Double(min(max(0, attempt - 1), 30)))
        let capped = min(base, self.maximumDelay)
        return capped * (0.5 + 0.5 * min(1, max(0, jitter)))
    }

    private func pow(_ base: Double, _ exponent: Double) -> Double {
        var result = 1.0
        for _ in 0..<Int(exponent) { result *= base }
        return result
    }
}
