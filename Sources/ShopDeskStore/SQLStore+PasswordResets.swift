import Foundation
import SQLKit
import ShopDeskCore

extension SQLStore {
    /// How long a reset code works.
    public static let passwordResetLifetime: TimeInterval = 3600

    /// Issues a one-time reset code for an active agent of the workspace, replacing any earlier one, and
    /// returns it with when it expires. Only its hash is stored; the code is shown once.
    public func issuePasswordReset(for id: Agent.ID, workspace: Workspace.ID, now: Date) async throws -> (code: String, expiresAt: Date) {
        let agent = try await self.agent(id, workspace: workspace)
        guard agent.deactivatedAt == nil else {
            throw StoreError.invalid(field: "agent_id", message: "the agent is deactivated; reactivate them first")
        }
        let code = Self.makeResetCode()
        let expires = now.addingTimeInterval(Self.passwordResetLifetime)
        try await self.engine.transaction { db in
            try await db.raw(
                """
                INSERT INTO password_resets (agent_id, workspace_id, code_hash, expires_at, created_at)
                VALUES (\(bind: id.rawValue), \(bind: workspace.rawValue), \(bind: TokenHasher.hash(Self.normalizedResetCode(code))),
                    \(bind: expires.storeMillis), \(bind: now.storeMillis))
                ON CONFLICT (agent_id) DO UPDATE SET code_hash = excluded.code_hash, expires_at = excluded.expires_at,
                    created_at = excluded.created_at
                """
            ).run()
        }
        return (code, expires)
    }

    /// Sets a new password with a reset code: the agent's code must match and be unexpired and the agent
    /// active. The code is used up, and every session of the agent ends. Returns the agent, or nil when
    /// the e-mail, the code or its time is wrong (which of them is not told).
    public func redeemPasswordReset(email: String, code: String, newPasswordHash: String, now: Date) async throws -> Agent? {
        let hash = TokenHasher.hash(Self.normalizedResetCode(code))
        return try await self.engine.transaction { db in
            guard
                let row = try await db.raw(
                    """
                    SELECT a.* FROM agents a JOIN password_resets r ON r.agent_id = a.id
                    WHERE a.email = \(bind: Agent.normalizedEmail(email)) AND r.code_hash = \(bind: hash)
                    AND r.expires_at > \(bind: now.storeMillis) AND a.deactivated_at IS NULL
                    """
                ).first()
            else { return nil }
            let agent = try Self.agent(from: row)
            try await db.raw("DELETE FROM password_resets WHERE agent_id = \(bind: agent.id.rawValue)").run()
            try await db.raw("UPDATE agents SET password_hash = \(bind: newPasswordHash) WHERE id = \(bind: agent.id.rawValue)").run()
            try await db.raw("DELETE FROM sessions WHERE agent_id = \(bind: agent.id.rawValue)").run()
            return agent
        }
    }

    /// Twelve characters from an alphabet without look-alikes (no 0/O, 1/I/L), in three groups of four
    /// for reading aloud or typing from a phone: about 60 bits, and a code lives an hour behind the
    /// sign-in throttle.
    static func makeResetCode() -> String {
        let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        let characters = (0..<12).map { _ in alphabet.randomElement(using: &generator)! }
        return stride(from: 0, to: 12, by: 4).map { String(characters[$0..<$0 + 4]) }.joined(separator: "-")
    }

    /// The code as typed: case, spaces and dashes do not matter.
    static func normalizedResetCode(_ code: String) -> String {
        code.uppercased().filter { $0.isLetter || $0.isNumber }
    }
}
