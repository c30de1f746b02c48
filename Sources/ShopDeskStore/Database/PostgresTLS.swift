import Foundation
import NIOSSL
import PostgresKit

/// How a PostgreSQL URL asks for TLS, read the way libpq reads it: `sslmode` (`disable`, `allow`,
/// `prefer`, `require`, `verify-ca`, `verify-full`; `prefer` when absent, as in libpq) and `sslrootcert`
/// (a PEM file of the certificate authorities to trust; the system's when absent).
struct PostgresTLS: Equatable {
    enum Mode: String, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    var mode: Mode
    var rootCertificate: String?

    init(url: String) throws(StoreError) {
        let items = URLComponents(string: url)?.queryItems ?? []
        let text = items.last { $0.name.lowercased() == "sslmode" }?.value?.lowercased() ?? Mode.prefer.rawValue
        guard let mode = Mode(rawValue: text) else {
            throw .configuration("sslmode '\(text)' in the database URL is not one of \(Mode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self.mode = mode
        self.rootCertificate = items.last { $0.name.lowercased() == "sslrootcert" }?.value.flatMap { $0.isEmpty ? nil : $0 }
        if let path = self.rootCertificate, !FileManager.default.isReadableFile(atPath: path) {
            throw .configuration("sslrootcert '\(path)' in the database URL is not a readable file")
        }
    }

    /// The client's TLS setting. `allow`, `prefer` and `require` encrypt without checking the server's
    /// certificate (as libpq does without a root certificate); `verify-ca` checks it against the trusted
    /// authorities, `verify-full` also checks that it names the host.
    var clientTLS: PostgresClient.Configuration.TLS {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let path = self.rootCertificate { configuration.trustRoots = .file(path) }
        switch self.mode {
        case .disable:
            return .disable
        case .allow, .prefer:
            configuration.certificateVerification = .none
            return .prefer(configuration)
        case .require:
            configuration.certificateVerification = self.rootCertificate == nil ? .none : .noHostnameVerification
            return .require(configuration)
        case .verifyCA:
            configuration.certificateVerification = .noHostnameVerification
            return .require(configuration)
        case .verifyFull:
            configuration.certificateVerification = .fullVerification
            return .require(configuration)
        }
    }
}
