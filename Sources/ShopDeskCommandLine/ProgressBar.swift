import Foundation
import Synchronization

/// A one-line progress bar on standard error, redrawn in place: done and total, rate and time left.
/// Silent when standard error is not a terminal, so logs and CI output stay clean.
public final class ProgressBar: Sendable {
    private let label: String
    private let total: Int
    private let unit: String
    private let started = ContinuousClock.now
    private let lastDrawn = Mutex<ContinuousClock.Instant?>(nil)
    let isTerminal: Bool

    public init(_ label: String, total: Int, unit: String) {
        self.label = label
        self.total = max(1, total)
        self.unit = unit
        self.isTerminal = isatty(STDERR_FILENO) == 1
    }

    /// Redraws at most ten times a second (always for the last step).
    public func update(_ done: Int, note: String = "") {
        guard self.isTerminal else { return }
        let now = ContinuousClock.now
        let due = self.lastDrawn.withLock { last -> Bool in
            if done < self.total, let last, now - last < .milliseconds(100) { return false }
            last = now
            return true
        }
        guard due else { return }
        let elapsed = Self.seconds(now - self.started)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let left = rate > 0 ? Double(self.total - done) / rate : 0
        let width = 28
        let filled = min(width, Int(Double(width) * Double(done) / Double(self.total)))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        var line = "\r\(self.label) \(bar) \(Self.grouped(done))/\(Self.grouped(self.total)) \(self.unit)"
        line += "  \(Self.grouped(Int(rate)))/s  \(Self.duration(left)) left"
        if !note.isEmpty { line += "  \(note)" }
        FileHandle.standardError.write(Data((line + "\u{1B}[K").utf8))
    }

    /// Ends the line.
    public func finish() {
        guard self.isTerminal else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }

    public static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func grouped(_ value: Int) -> String {
        let digits = String(value)
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return result
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return total >= 60 ? "\(total / 60)m\(String(format: "%02d", total % 60))s" : "\(total)s"
    }
}
