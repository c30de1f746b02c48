/// Why a load test stopped before its report: the server did not start, or it answered a check wrongly.
public struct LoadTestError: Error, CustomStringConvertible {
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
