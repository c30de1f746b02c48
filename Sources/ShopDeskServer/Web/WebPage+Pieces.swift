import Foundation
import ShopDeskCore

/// Small pieces several pages show: countdowns, status names, times, attachments.
extension WebPage {
    /// A count capped at 100 reads "99+".
    static func countLabel(_ count: Int) -> String {
        count >= 100 ? "99+" : String(count)
    }

    /// The time left before a conversation's deadline; the page's script counts it down and colours it,
    /// with the words the page's `<body>` carries (`wordsForScript`).
    static func deadline(
        _ deadline: Date?, now: Date, soonWithin: TimeInterval = ConversationDeadline.atRiskWithin, text: WebText
    ) -> HTML {
        guard let deadline else { return "<span class=\"deadline none\">\(text[.noDeadline])</span>" }
        let seconds = Int(deadline.timeIntervalSince(now))
        let level = seconds < 0 ? "late" : deadline.timeIntervalSince(now) < soonWithin ? "soon" : "ok"
        let shown =
            seconds < 0
            ? text[.overdue]
            : seconds >= 3600
                ? text.format(.hoursMinutes, ["hours": String(seconds / 3600), "minutes": String(seconds % 3600 / 60)])
                : text.format(.minutesSeconds, ["minutes": String(seconds / 60), "seconds": String(seconds % 60)])
        let millis = Int64((deadline.timeIntervalSince1970 * 1000).rounded())
        return
            "<time class=\"deadline \(level)\" data-deadline=\"\(millis)\" data-soon=\"\(Int(soonWithin))\" datetime=\"\(ISO8601DateFormatter().string(from: deadline))\">\(shown)</time>"
    }

    /// The words the page's script writes into the page, as `data-text-…` attributes of `<body>`.
    static func wordsForScript(_ text: WebText) -> HTML {
        "data-text-overdue=\"\(text[.overdue])\" data-text-hours-minutes=\"\(text[.hoursMinutes])\" data-text-minutes-seconds=\"\(text[.minutesSeconds])\""
    }

    static func statusLabel(_ status: Conversation.Status, text: WebText) -> String {
        switch status {
        case .open: text[.open]
        case .pending: text[.pending]
        case .snoozed: text[.snoozed]
        case .resolved: text[.resolved]
        }
    }

    /// A platform's name: the brand as its owner writes it; the seller's own site in the page's language.
    static func platformName(_ platform: Platform, text: WebText) -> String {
        switch platform {
        case .tiktokShop: "TikTok Shop"
        case .shopee: "Shopee"
        case .lazada: "Lazada"
        case .facebook: "Facebook"
        case .instagram: "Instagram"
        case .whatsapp: "WhatsApp"
        case .line: "LINE"
        case .custom: text[.platformCustom]
        }
    }

    static func kindLabel(_ kind: Conversation.Kind, text: WebText) -> String {
        switch kind {
        case .direct: text[.kindDirect]
        case .commentThread: text[.kindCommentThread]
        case .livestream: text[.kindLivestream]
        case .review: text[.kindReview]
        }
    }

    /// The buyer languages the inbox filters by, with their names.
    static let buyerLanguages: [(code: String, key: WebText.Key)] = [
        ("vi", .languageVietnamese), ("th", .languageThai), ("ms", .languageMalay), ("id", .languageIndonesian), ("tl", .languageFilipino),
        ("zh", .languageChinese), ("en", .languageEnglish),
    ]

    /// A buyer's language by its BCP 47 tag's first part; the tag itself for a language not listed.
    static func buyerLanguageName(_ tag: String, text: WebText) -> String {
        let primary = tag.split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map { $0.lowercased() } ?? ""
        return Self.buyerLanguages.first { $0.code == primary }.map { text[$0.key] } ?? tag
    }

    static func senderLabel(_ message: Message, text: WebText) -> String {
        if message.direction == .note { return text[.internalNote] }
        switch message.senderKind {
        case .buyer: return text[.buyer]
        case .agent: return text[.senderAgent]
        case .autoReply: return text[.senderAutoReply]
        case .chatbot: return text[.senderChatbot]
        case .system: return text[.senderSystem]
        }
    }

    static func deliveryLabel(_ status: Message.DeliveryStatus, text: WebText) -> String {
        switch status {
        case .queued: text[.deliveryQueued]
        case .sending: text[.deliverySending]
        case .sent: text[.deliverySent]
        case .delivered: text[.deliveryDelivered]
        case .read: text[.deliveryRead]
        case .failed: text[.deliveryFailed]
        }
    }

    static func attachmentLabel(_ kind: Attachment.Kind, text: WebText) -> String {
        switch kind {
        case .image: text[.attachmentImage]
        case .sticker: text[.attachmentSticker]
        case .video: text[.attachmentVideo]
        case .file: text[.attachmentFile]
        case .product: text[.attachmentProduct]
        case .order: text[.attachmentOrder]
        }
    }

    static func clock(_ date: Date, zone: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone) ?? .gmt
        let parts = calendar.dateComponents([.month, .day, .hour, .minute], from: date)
        return String(format: "%02d/%02d %02d:%02d", parts.day ?? 0, parts.month ?? 0, parts.hour ?? 0, parts.minute ?? 0)
    }

    static func attachment(_ attachment: Attachment, text: WebText) -> HTML {
        let label = Self.attachmentLabel(attachment.kind, text: text)
        switch attachment.kind {
        case .image, .sticker:
            guard let url = HTML.safeURL(attachment.url) else { return "<p class=\"attachment\">[\(label)]</p>" }
            return
                "<img class=\"attachment \(attachment.kind.rawValue)\" src=\"\(url)\" alt=\"\(attachment.name ?? label)\" loading=\"lazy\" referrerpolicy=\"no-referrer\">"
        case .product, .order:
            return "<p class=\"card \(attachment.kind.rawValue)\">\(label) <code>\(attachment.referenceID ?? "")</code></p>"
        default:
            return "<p class=\"attachment\">[\(label)]</p>"
        }
    }
}
