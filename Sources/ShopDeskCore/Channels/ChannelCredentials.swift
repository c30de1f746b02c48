import Foundation

/// A channel account's platform credentials: string fields such as `app_secret`. Held encrypted at rest
/// and never returned by the API; only the names of the fields that are set are shown.
public struct ChannelCredentials: Sendable, Hashable, Codable {
    public var fields: [String: String]

    public init(_ fields: [String: String]) {
        self.fields = fields
    }

    public subscript(_ name: String) -> String? {
        self.fields[name]
    }

    /// The stored field names, sorted, for display.
    public var fieldNames: [String] { self.fields.keys.sorted() }

    /// Checks the fields against what `platform` needs: every required field present and non-empty,
    /// and no field the platform does not know (a typo would otherwise be stored and silently ignored).
    public func validate(for platform: Platform) throws(ValidationError) {
        let (required, optional) = platform.credentialFields
        let missing = required.filter { (self.fields[$0] ?? "").trimmingCharacters(in: .whitespaces).isEmpty }
        if !missing.isEmpty {
            throw ValidationError(
                field: "credentials",
                message: "\(platform.rawValue) credentials need \(missing.joined(separator: ", "))"
            )
        }
        let known = Set(required + optional)
        let unknown = self.fields.keys.filter { !known.contains($0) }.sorted()
        if !unknown.isEmpty {
            throw ValidationError(
                field: "credentials",
                message: "unknown \(platform.rawValue) credential field(s) \(unknown.joined(separator: ", ")); "
                    + "expected \((required + optional).joined(separator: ", "))"
            )
        }
        if let base = self.fields["api_base_url"], !(base.hasPrefix("http://") || base.hasPrefix("https://")) {
            throw ValidationError(field: "credentials", message: "api_base_url must start with http:// or https://")
        }
    }
}
