/// What the guard says about a draft: the overall verdict and every finding behind it.
public struct ComplianceResult: Sendable, Hashable {
    /// The draft may be sent (`ok`), should be looked at again (`warn`), or must not be sent (`block`).
    public enum Verdict: String, Sendable, Hashable, Codable {
        case ok
        case warn
        case block
    }

    /// Ordered by position in the draft, then by rule.
    public var findings: [ComplianceFinding]
    /// What the messaging window allows, when the context gave the window's inputs; a sender uses it to
    /// add Meta's `HUMAN_AGENT` tag (`.openWithHumanAgentTag`).
    public var window: MessagingWindow.Verdict?

    public init(findings: [ComplianceFinding], window: MessagingWindow.Verdict? = nil) {
        self.findings = findings
        self.window = window
    }

    /// `block` if any finding blocks, else `warn` if any warns, else `ok`.
    public var verdict: Verdict {
        switch self.findings.map(\.severity).max() {
        case .block: .block
        case .warn: .warn
        case nil: .ok
        }
    }
}
