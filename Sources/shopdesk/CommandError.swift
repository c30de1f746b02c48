import ArgumentParser
import Foundation
import Logging
import ShopDeskServer

/// A command cannot go on; the description is the one line printed on stderr.
struct CommandError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Bad input to an offline command (`sla evaluate`, `check-message`): each line on stderr, exit code 2.
func inputFailure(_ lines: [String]) -> ExitCode {
    FileHandle.standardError.write(Data(lines.map { "shopdesk: \($0)\n" }.joined().utf8))
    return ExitCode(2)
}

/// Runs a command body with logging set up; any error becomes one line on stderr and exit code 1.
func runCommand(_ body: (Logger) async throws -> Void) async throws {
    LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = .trace
        return handler
    }
    var logger = Logger(label: "shopdesk")
    logger.logLevel = .warning
    do {
        try await body(logger)
    } catch {
        FileHandle.standardError.write(Data("shopdesk: \(describeForCommandLine(error))\n".utf8))
        throw ExitCode(1)
    }
}
