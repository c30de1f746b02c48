import Crypto
import Foundation

/// Encrypts secrets at rest (channel credentials) with AES-256-GCM.
///
/// The key comes from `SHOPDESK_SECRET_KEY` (32 bytes, base64) or, failing that, from `secret.key` in the
/// data directory, created with mode 0600 on first run. Nodes sharing one PostgreSQL must share the key.
public struct SecretBox: Sendable {
    private let key: SymmetricKey

    public init(key: SymmetricKey) {
        self.key = key
    }

    /// Loads the key as described above.
    public static func load(environmentKey: String?, dataDirectory: String) throws(StoreError) -> SecretBox {
        if let encoded = environmentKey?.trimmingCharacters(in: .whitespacesAndNewlines), !encoded.isEmpty {
            guard let data = Data(base64Encoded: encoded), data.count == 32 else {
                throw .secretKey("SHOPDESK_SECRET_KEY must be 32 bytes encoded as base64 (e.g. `openssl rand -base64 32`)")
            }
            return SecretBox(key: SymmetricKey(data: data))
        }
        let path = URL(fileURLWithPath: dataDirectory).appendingPathComponent("secret.key").path
        let manager = FileManager.default
        if manager.fileExists(atPath: path) {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8),
                let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), data.count == 32
            else {
                throw .secretKey("\(path) does not hold a 32-byte base64 key")
            }
            return SecretBox(key: SymmetricKey(data: data))
        }
        do {
            try manager.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
            let key = SymmetricKey(size: .bits256)
            let encoded = key.withUnsafeBytes { Data($0).base64EncodedString() } + "\n"
            guard manager.createFile(atPath: path, contents: Data(encoded.utf8), attributes: [.posixPermissions: 0o600]) else {
                throw StoreError.secretKey("cannot write \(path)")
            }
            return SecretBox(key: key)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .secretKey("cannot create the key file \(path): \(error.localizedDescription)")
        }
    }

    public func seal(_ plaintext: Data) throws -> Data {
        guard let combined = try AES.GCM.seal(plaintext, using: self.key).combined else {
            throw StoreError.secretKey("AES-GCM produced no combined box")
        }
        return combined
    }

    public func open(_ box: Data) throws(StoreError) -> Data {
        do {
            return try AES.GCM.open(AES.GCM.SealedBox(combined: box), using: self.key)
        } catch {
            throw .secretKey("stored credentials cannot be decrypted with this secret key; was SHOPDESK_SECRET_KEY or secret.key changed?")
        }
    }
}

/// Random tokens and their hashes: session cookies and API tokens are stored only as SHA-256.
public enum TokenHasher {
    /// A new random token with a readable prefix, e.g. `sdt_…` for API tokens.
    public static func makeToken(prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let encoded = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return prefix + encoded
    }

    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
