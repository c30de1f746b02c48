import Foundation
import ShopDeskCore

/// Small pieces several pages show: countdowns, status names, times, attachments.
extension WebPage {
    /// A count capped at 100 reads "99+".
    static func countLabel(_ count: Int) -> String {
        count >= 100 ? "99+" : String(count)
    }

    /// The time left before a conversation's deadline; the page's script counts it down and colours it.
    static func deadline(_ deadline: Date?, now: Date, text: WebText) -> HTML {
        guard let deadline else { return "<span class=\"deadline none\">\(text[.noDeadline])</span>" }
        let seconds = Int(deadline.timeIntervalSince(now))
        let level = seconds < 0 ? "late" : ConversationDeadline.isAtRisk(deadline, now: now) ? "soon" : "ok"
        let shown =
            seconds < 0 ? text[.overdue] : seconds >= 3600 ? "\(seconds / 3600)h \(seconds % 3600 / 60)m" : "\(seconds / 60)m \(seconds % 60)s"
        let millis = Int64((deadline.timeIntervalSince1970 * 1000).rounded())
        return
            "<time class=\"deadline \(level)\" data-deadline=\"\(millis)\" data-overdue=\"\(text[.overdue])\" data-soon=\"\(Int(ConversationDeadline.atRiskWithin))\" datetime=\"\(ISO8601DateFormatter().string(from: deadline))\">\(shown)</time>"
    }

    static func statusLabel(_ status: Conversation.Status, text: WebText) -> String {
        switch status {
        case .open: text[.open]
        case .pending: text[.pending]
        case .snoozed: text[.snoozed]
        case .resolved: text[.resolved]
        }
    }

    static func clock(_ date: Date, zone: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone) ?? .gmt
        let parts = calendar.dateComponents([.month, .day, .hour, .minute], from: date)
        return String(format: "%02d/%02d %02d:%02d", parts.day ?? 0, parts.month ?? 0, parts.hour ?? 0, parts.minute ?? 0)
    }

    static func attachment(_ attachment: Attachment) -> HTML {
        switch attachment.kind {
        case .image, .sticker:
            guard let url = HTML.safeURL(attachment.url) else { return "<p class=\"attachment\">[\(attachment.kind.rawValue)]</p>" }
            return
                "<img class=\"attachment \(attachment.kind.rawValue)\" src=\"\(url)\" alt=\"\(attachment.name ?? attachment.kind.rawValue)\" loading=\"lazy\" referrerpolicy=\"no-referrer\">"
        case .product, .order:
            return "<p class=\"card \(attachment.kind.rawValue)\">\(attachment.kind.rawValue) \(attachment.referenceID ?? "")</p>"
        default:
            return "<p class=\"attachment\">[\(attachment.kind.rawValue)]</p>"
        }
    }
}
