import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import ShopDeskServer

/// Sign-in throttling per account and per client address (issue 15, part 3).
@Suite("Sign-in throttling")
struct SignInThrottleTests {
    @Test("five failures lock an account; twenty from one address lock the address for every account; a success clears only the account")
    func limits() {
        let limiter = SignInLimiter()
        let now = Date(timeIntervalSince1970: 1_000_000)
        let lan = SignInAttempt(email: "lan@example.com", clientAddress: "203.0.113.7")
        for _ in 0..<5 { limiter.recordFailure(lan, now: now) }
        #expect(limiter.waitBeforeTrying(lan, now: now) == 900)
        #expect(limiter.waitBeforeTrying(SignInAttempt(email: "lan@example.com", clientAddress: "198.51.100.1"), now: now) != nil)
        #expect(limiter.waitBeforeTrying(lan, now: now.addingTimeInterval(900)) == nil, "the window has passed")

        for index in 0..<20 { limiter.recordFailure(SignInAttempt(email: "guess\(index)@example.com", clientAddress: "198.51.100.9"), now: now) }
        #expect(limiter.waitBeforeTrying(SignInAttempt(email: "someone@example.com", clientAddress: "198.51.100.9"), now: now) != nil)
        #expect(limiter.waitBeforeTrying(SignInAttempt(email: "someone@example.com", clientAddress: "198.51.100.10"), now: now) == nil)
        limiter.succeeded(SignInAttempt(email: "guess1@example.com", clientAddress: "198.51.100.9"))
        #expect(limiter.waitBeforeTrying(SignInAttempt(email: "guess1@example.com", clientAddress: "198.51.100.9"), now: now) != nil)
    }

    @Test("X-Forwarded-For names the client only behind a trusted proxy")
    func clientAddress() {
        #expect(ClientAddress.resolve(peer: "203.0.113.7", forwardedFor: "1.2.3.4", trustedProxies: []) == "203.0.113.7")
        #expect(ClientAddress.resolve(peer: "10.0.0.2", forwardedFor: "1.2.3.4, 198.51.100.3", trustedProxies: ["10.0.0.2"]) == "198.51.100.3")
        #expect(
            ClientAddress.resolve(peer: "10.0.0.2", forwardedFor: "1.2.3.4, 198.51.100.3, 10.0.0.1", trustedProxies: ["10.0.0.2", "10.0.0.1"])
                == "198.51.100.3")
        #expect(ClientAddress.resolve(peer: "10.0.0.2", forwardedFor: nil, trustedProxies: ["10.0.0.2"]) == "10.0.0.2")
        #expect(ClientAddress.resolve(peer: nil, forwardedFor: "1.2.3.4", trustedProxies: []) == nil)
    }

    @Test("over real sockets: twenty failed API sign-ins from one address, each for another account, lock the address")
    func addressOverHTTP() async throws {
        try await TestApp.run(setup: .live) { app, client in
            for index in 0..<20 {
                let wrong = try await client.json(.post, "/api/v1/auth/login", body: ["email": "nobody\(index)@example.com", "password": "wrong"])
                #expect(wrong.status == .unauthorized)
            }
            let owner = try await client.json(.post, "/api/v1/auth/login", body: ["email": app.ownerEmail, "password": app.ownerPassword])
            #expect(owner.status == .tooManyRequests)
            #expect(owner.headers[.retryAfter] != nil)
        }
    }

    @Test("behind a trusted proxy each forwarded client is counted on its own")
    func forwardedClients() async throws {
        try await TestApp.run(setup: .live, trustedProxies: ["127.0.0.1"]) { app, client in
            for index in 0..<20 {
                let wrong = try await client.json(
                    .post, "/api/v1/auth/login", body: ["email": "nobody\(index)@example.com", "password": "wrong"],
                    headers: [HTTPField.Name("X-Forwarded-For")!: "198.51.100.9"])
                #expect(wrong.status == .unauthorized)
            }
            let elsewhere = try await client.json(
                .post, "/api/v1/auth/login", body: ["email": app.ownerEmail, "password": app.ownerPassword],
                headers: [HTTPField.Name("X-Forwarded-For")!: "198.51.100.10"])
            #expect(elsewhere.status == .ok)
            let same = try await client.json(
                .post, "/api/v1/auth/login", body: ["email": app.ownerEmail, "password": app.ownerPassword],
                headers: [HTTPField.Name("X-Forwarded-For")!: "198.51.100.9"])
            #expect(same.status == .tooManyRequests)
        }
    }
}
