import Foundation

/// A workspace's deadline alerts: how long before a deadline to warn, and where to send them besides
/// the app (an HTTPS endpoint of the seller's, signed with HMAC-SHA256 over the body with the secret).
public struct AlertSettings: Sendable, Hashable {
    public var webhookURL: URL?
    /// The HMAC key for `X-ShopDesk-Signature`; shown to the seller once, stored sealed.
    public var webhookSecret: String?
    /// Seconds before a deadline at which to warn, longest first. Empty: only breaches are announced.
    public var leadTimes: [TimeInterval]

    public init(webhookURL: URL? = nil, webhookSecret: String? = nil, leadTimes: [TimeInterval] = AlertSettings.defaultLeadTimes) {
        self.webhookURL = webhookURL
        self.webhookSecret = webhookSecret
        self.leadTimes = leadTimes
    }

    /// Two hours and thirty minutes before: time to reassign, then time to answer.
    public static let defaultLeadTimes: [TimeInterval] = [7200, 1800]

    public static let `default` = AlertSettings()

    /// The settings with lead times de-duplicated and sorted longest first, or the first problem found.
    public func validated() throws(ValidationError) -> AlertSettings {
        if let url = self.webhookURL {
            guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
                let host = url.host, !host.isEmpty
            else {
                throw ValidationError(field: "webhook_url", message: "the webhook URL must be an http:// or https:// URL with a host")
            }
            guard url.absoluteString.count <= 2000 else {
                throw ValidationError(field: "webhook_url", message: "the webhook URL must be at most 2000 characters")
            }
        }
        if let secret = self.webhookSecret {
            guard (16...200).contains(secret.count) else {
                throw ValidationError(field: "webhook_secret", message: "the webhook secret must be 16 to 200 characters")
            }
        }
        let leads = Array(Set(self.leadTimes)).sorted(by: >)
        for lead in leads {
            guard lead.isFinite, lead >= 60, lead <= 7 * 24 * 3600, lead == lead.rounded() else {
                throw ValidationError(field: "lead_times", message: "lead times must be whole seconds from 60 to 604800")
            }
        }
        guard leads.count <= 5 else { throw ValidationError(field: "lead_times", message: "at most 5 lead times") }
        return AlertSettings(webhookURL: self.webhookURL, webhookSecret: self.webhookSecret, leadTimes: leads)
    }
}
