import Foundation

/// One message in a conversation: from the buyer, from the seller's side, or an internal note.
public struct Message: Sendable, Hashable, Codable {
    public typealias ID = Identifier<Message>

    public enum Direction: String, Sendable, Hashable, Codable, CaseIterable {
        case inbound
        case outbound
        /// Visible to agents only; never sent to a platform.
        case note
    }

    /// Who wrote it. Platforms count only some of these as a response (auto-replies rarely count).
    public enum SenderKind: String, Sendable, Hashable, Codable, CaseIterable {
        case buyer
        case agent
        case autoReply = "auto_reply"
        case chatbot
        case system
    }

    public enum ContentType: String, Sendable, Hashable, Codable, CaseIterable {
        case text
        case image
        case sticker
        case video
        case productCard = "product_card"
        case orderCard = "order_card"
        case other
    }

    /// Where an outbound message is on its way to the platform.
    public enum DeliveryStatus: String, Sendable, Hashable, Codable, CaseIterable {
        case queued
        case sending
        case sent
        case delivered
        case read
        case failed

        /// Whether a report of this status moves a message on from `current`. Platforms report
        /// statuses late, twice and out of order, so they only move forward (queued, sending, sent,
        /// delivered, read); a failure is the last word; a message without a status takes any.
        public func advances(from current: Message.DeliveryStatus?) -> Bool {
            guard let current else { return true }
            return current.rank < self.rank
        }

        private var rank: Int {
            switch self {
            case .queued: 0
            case .sending: 1
            case .sent: 2
            case .delivered: 3
            case .read: 4
            case .failed: 5
            }
        }
    }

    /// The longest text a message may carry, in characters: replies, notes and custom-channel messages.
    public static let maximumTextLength = 20_000

    public var id: ID
    public var workspaceID: Workspace.ID
    public var conversationID: Conversation.ID
    public var direction: Direction
    public var senderKind: SenderKind
    public var senderAgentID: Agent.ID?
    /// The platform's own id; unique per channel account, which is what makes redelivery harmless.
    public var platformMessageID: String?
    public var contentType: ContentType
    public var text: String?
    public var attachments: [Attachment]
    /// When the platform says the message was sent: the order of a thread.
    public var platformAt: Date
    /// When ShopDesk stored it.
    public var receivedAt: Date
    public var deliveryStatus: DeliveryStatus?
    public var deliveryError: String?

    public init(
        id: ID, workspaceID: Workspace.ID, conversationID: Conversation.ID, direction: Direction, senderKind: SenderKind,
        senderAgentID: Agent.ID?, platformMessageID: String?, contentType: ContentType, text: String?,
        attachments: [Attachment], platformAt: Date, receivedAt: Date, deliveryStatus: DeliveryStatus?,
        deliveryError: String?
    ) {
        self.id = id
        self.workspaceID = workspaceID
        self.conversationID = conversationID
        self.direction = direction
        self.senderKind = senderKind
        self.senderAgentID = senderAgentID
        self.platformMessageID = platformMessageID
        self.contentType = contentType
        self.text = text
        self.attachments = attachments
        self.platformAt = platformAt
        self.receivedAt = receivedAt
        self.deliveryStatus = deliveryStatus
        self.deliveryError = deliveryError
    }
}

/// Metadata of an image, sticker, video, file, product card or order card. Media stay on the platform.
public struct Attachment: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case image
        case sticker
        case video
        case file
        case product
        case order
    }

    public var kind: Kind
    public var url: String?
    public var mimeType: String?
    public var name: String?
    /// The product id or order id a card refers to.
    public var referenceID: String?

    public init(kind: Kind, url: String? = nil, mimeType: String? = nil, name: String? = nil, referenceID: String? = nil) {
        self.kind = kind
        self.url = url
        self.mimeType = mimeType
        self.name = name
        self.referenceID = referenceID
    }

    enum CodingKeys: String, CodingKey {
        case kind, url, name
        case mimeType = "mime_type"
        case referenceID = "reference_id"
    }
}

extension Attachment {
    /// What a message of `contentType` carries: media by URL, a card by the id it refers to, nothing
    /// for text. Platforms name these fields differently; the adapters find them, this makes them one shape.
    public static func forMessage(_ contentType: Message.ContentType, url: String?, reference: String?) -> [Attachment] {
        switch contentType {
        case .image: [Attachment(kind: .image, url: url)]
        case .sticker: [Attachment(kind: .sticker, url: url)]
        case .video: [Attachment(kind: .video, url: url)]
        case .productCard: [Attachment(kind: .product, referenceID: reference)]
        case .orderCard: [Attachment(kind: .order, referenceID: reference)]
        case .text, .other: []
        }
    }
}
