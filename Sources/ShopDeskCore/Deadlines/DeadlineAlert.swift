import Foundation

/// One alert about a service-level deadline: a warning some time before it, or the breach itself.
public enum DeadlineAlert: Sendable, Hashable {
    /// `lead` seconds before the deadline.
    case preBreach(lead: TimeInterval)
    /// At the deadline, with the buyer still waiting.
    case breach

    /// The event type outbound webhooks and the realtime stream name it by.
    public var type: String {
        switch self {
        case .preBreach: "sla.pre_breach"
        case .breach: "sla.breach"
        }
    }

    /// How long before the deadline it fires (0 for the breach).
    public var leadSeconds: Int {
        switch self {
        case .preBreach(let lead): Int(lead)
        case .breach: 0
        }
    }

    /// When it is due for a given deadline.
    public func due(for deadline: Date) -> Date {
        switch self {
        case .preBreach(let lead): deadline.addingTimeInterval(-lead)
        case .breach: deadline
        }
    }

    /// The stored kind (`pre_breach` or `breach`); with `leadSeconds` it names the alert.
    public var kind: String {
        switch self {
        case .preBreach: "pre_breach"
        case .breach: "breach"
        }
    }

    public init?(kind: String, leadSeconds: Int) {
        switch kind {
        case "pre_breach" where leadSeconds > 0: self = .preBreach(lead: TimeInterval(leadSeconds))
        case "breach": self = .breach
        default: return nil
        }
    }
}
