import Foundation
import NIOCore

extension CommandError {
    /// Runs a server and turns a taken port into one line that says what to do. NIO's bind fails with an
    /// `IOError` carrying `EADDRINUSE`, and Hummingbird and the service groups pass it up unchanged, so the
    /// error's type and code say what happened; its message text is for people and may change.
    static func reportingPortInUse(host: String, port: Int, _ run: () async throws -> Void) async throws {
        do {
            try await run()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw CommandError("cannot listen on \(host):\(port): the port is in use (choose another with --port)")
        }
    }
}
