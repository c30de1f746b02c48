import Crypto
import Foundation
import SQLKit
import Testing

@testable import ShopDeskStore

@Suite("PostgreSQL TLS from the database URL")
struct PostgresTLSTests {
    static let caFile = ProcessInfo.processInfo.environment["SHOPDESK_TEST_POSTGRES_CA"].flatMap { $0.isEmpty ? nil : $0 }

    @Test("sslmode is read as libpq reads it: prefer when absent, any of the six modes, anything else refused with its name")
    func modes() throws {
        #expect(try PostgresTLS(url: "postgres://u@db.example.com/shop").mode == .prefer)
        #expect(try PostgresTLS(url: "postgres://u@db.example.com/shop?sslmode=disable").mode == .disable)
        #expect(try PostgresTLS(url: "postgres://u@db.example.com/shop?application_name=x&sslmode=verify-full").mode == .verifyFull)
        #expect(throws: StoreError.self) { try PostgresTLS(url: "postgres://u@db.example.com/shop?sslmode=always") }
        #expect(throws: StoreError.self) {
            try DatabaseLocation.resolve(databaseURL: "postgres://u@db.example.com/shop?sslmode=always", dataDirectory: "/tmp")
        }
        do {
            _ = try PostgresTLS(url: "postgres://u@db.example.com/shop?sslmode=verify-ca&sslrootcert=/nonexistent/ca.pem")
            Issue.record("an unreadable sslrootcert must be refused")
        } catch {
            #expect(error.description.contains("/nonexistent/ca.pem"))
        }
    }

    /// Whether the store's connection to the test server is encrypted.
    static func encrypted(_ url: String) async throws -> Bool {
        let secrets = SecretBox(key: .init(size: .bits256))
        return try await SQLStore.withStore(.postgres(url: url), secrets: secrets, logger: testLogger) { store in
            try await store.engine.read { db in
                try await db.raw("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").first()!.decode(column: "ssl", as: Bool.self)
            }
        }
    }

    @Test(
        "verify-full with the server's certificate authority connects over TLS; disable connects in the clear",
        .enabled(if: TestEngine.postgresURL != nil && Self.caFile != nil, "needs .ci/postgres.sh's TLS cluster")
    )
    func againstTheTestServer() async throws {
        let base = try #require(TestEngine.postgresURL).replacingOccurrences(of: "@127.0.0.1:", with: "@localhost:")
        let ca = try #require(Self.caFile)
        #expect(try await Self.encrypted(base + "?sslmode=verify-full&sslrootcert=" + ca))
        #expect(try await Self.encrypted(base + "?sslmode=require"))
        #expect(try await Self.encrypted(base + "?sslmode=disable") == false)
    }
}
