import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import ShopDeskCommandLine

/// `shopdesk serve` as a child process, for a load test that measures the server alone.
final class ServerProcess: Sendable {
    let process: Process
    let started: ContinuousClock.Instant

    private init(process: Process, started: ContinuousClock.Instant) {
        self.process = process
        self.started = started
    }

    /// Runs this executable again as `serve`: the load test is a subcommand of `shopdesk` itself.
    static func start(port: Int, dataDirectory: String, databaseURL: String?) throws -> ServerProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments =
            ["serve", "--port", String(port), "--data-dir", dataDirectory]
            + (databaseURL.map { ["--database-url", $0] } ?? [])
        var environment = ProcessInfo.processInfo.environment
        environment["SHOPDESK_POLL_INTERVAL"] = "off"
        environment["SHOPDESK_LOG_LEVEL"] = "warning"
        process.environment = environment
        let log = URL(fileURLWithPath: dataDirectory).appendingPathComponent("loadtest-server.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        let started = ContinuousClock.now
        try process.run()
        return ServerProcess(process: process, started: started)
    }

    /// Seconds from launch until `/healthz` answers.
    func waitUntilHealthy(client: HTTPClient, base: String) async throws -> Double {
        while ContinuousClock.now - self.started < .seconds(30) {
            guard self.process.isRunning else { throw LoadTestError("the server exited at start (see loadtest-server.log in the data directory)") }
            if let response = try? await client.execute(HTTPClientRequest(url: base + "/healthz"), timeout: .seconds(1)),
                response.status == .ok
            {
                return ProgressBar.seconds(ContinuousClock.now - self.started)
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw LoadTestError("the server did not answer /healthz within 30 seconds")
    }

    /// The server's peak resident memory (`VmHWM`), in megabytes.
    func peakRSSMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/\(self.process.processIdentifier)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Double(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        else { return 0 }
        return kilobytes / 1024
    }

    /// Stops the server gracefully (SIGTERM: it drains what it accepted) and waits.
    func stop() {
        guard self.process.isRunning else { return }
        self.process.terminate()
        self.process.waitUntilExit()
    }
}
