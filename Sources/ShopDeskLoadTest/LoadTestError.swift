/// Why a load test stopped before its report: an option out of range, a server that did not start, or a
/// check it answered wrongly.
public struct LoadTestError: Error, CustomStringConvertible {
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
