import Foundation

/// Everything ShopDesk holds about one buyer, as one document for a data-subject access request
/// (GDPR art. 15, CCPA "right to know", LGPD art. 18): the buyer, each platform identity, every
/// conversation with its messages, internal notes included, and every order with its address. Encoded with `jsonData()`.
public struct BuyerExport: Sendable, Hashable, Codable {
    public static let formatName = "shopdesk.buyer-export.v1"

    public struct BuyerRecord: Sendable, Hashable, Codable {
        public var id: String
        public var displayName: String?
        public var createdAt: Date
        public var erasedAt: Date?

        public init(id: String, displayName: String?, createdAt: Date, erasedAt: Date?) {
            self.id = id
            self.displayName = displayName
            self.createdAt = createdAt
            self.erasedAt = erasedAt
        }
    }

    public struct IdentityRecord: Sendable, Hashable, Codable {
        public var id: String
        public var channelAccountId: String
        public var channelAccountName: String
        public var platform: Platform
        public var platformUserId: String
        public var displayName: String?
        public var language: String?
        public var blockedAt: Date?
        public var createdAt: Date
    }

    public struct MessageRecord: Sendable, Hashable, Codable {
        public var id: String
        public var direction: Message.Direction
        public var senderKind: Message.SenderKind
        public var contentType: Message.ContentType
        public var text: String?
        public var attachments: [Attachment]
        public var platformAt: Date
        public var receivedAt: Date
        public var deliveryStatus: Message.DeliveryStatus?
        /// Why the text is gone, when it is: `erasure` or `retention`.
        public var redacted: String?
    }

    public struct ConversationRecord: Sendable, Hashable, Codable {
        public var id: String
        public var channelAccountId: String
        public var platform: Platform
        public var kind: Conversation.Kind
        public var subject: String?
        public var status: Conversation.Status
        public var tags: [String]
        public var createdAt: Date
        public var messages: [MessageRecord]
    }

    /// An order the buyer placed on one of their identities' channels, with where it was shipped.
    public struct OrderLineRecord: Sendable, Hashable, Codable {
        public var sku: String
        public var quantity: Int64
        public var title: String?
    }

    public struct OrderRecord: Sendable, Hashable, Codable {
        public var id: String
        public var channelAccountId: String
        public var platform: Platform
        public var externalId: String
        /// ShopDesk's lifecycle status (`awaiting_shipment`, `shipped`, …).
        public var status: String
        public var currency: String?
        public var totalMinor: Int64?
        public var lines: [OrderLineRecord]
        public var shippingAddress: String?
        public var paymentMethod: String?
        public var trackingNumber: String?
        public var placedAt: Date?
        public var shippedAt: Date?

        public init(_ order: Order) {
            self.id = order.id.rawValue
            self.channelAccountId = order.channelAccountID.rawValue
            self.platform = order.platform
            self.externalId = order.externalID
            self.status = order.status.rawValue
            self.currency = order.currency
            self.totalMinor = order.totalMinor
            self.lines = order.lines.map { OrderLineRecord(sku: $0.sku, quantity: $0.quantity, title: $0.line.title) }
            self.shippingAddress = order.shippingAddress
            self.paymentMethod = order.paymentMethod
            self.trackingNumber = order.trackingNumber
            self.placedAt = order.placedAt
            self.shippedAt = order.shippedAt
        }
    }

    public var format: String
    public var exportedAt: Date
    public var buyer: BuyerRecord
    public var identities: [IdentityRecord]
    public var conversations: [ConversationRecord]
    public var orders: [OrderRecord]

    public init(
        exportedAt: Date, buyer: BuyerRecord, identities: [IdentityRecord], conversations: [ConversationRecord], orders: [OrderRecord] = []
    ) {
        self.format = Self.formatName
        self.exportedAt = exportedAt
        self.buyer = buyer
        self.identities = identities
        self.conversations = conversations
        self.orders = orders
    }

    /// The document as JSON: snake_case keys, ISO 8601 times in UTC, keys sorted so that two exports
    /// of the same data are byte for byte the same.
    public func jsonData(pretty: Bool = true) throws -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

extension BuyerExport.IdentityRecord {
    public init(_ identity: BuyerIdentity, channelAccountName: String, blockedAt: Date?) {
        self.id = identity.id.rawValue
        self.channelAccountId = identity.channelAccountID.rawValue
        self.channelAccountName = channelAccountName
        self.platform = identity.platform
        self.platformUserId = identity.platformUserID
        self.displayName = identity.displayName
        self.language = identity.language
        self.blockedAt = blockedAt
        self.createdAt = identity.createdAt
    }
}

extension BuyerExport.MessageRecord {
    public init(_ message: Message, redacted: String?) {
        self.id = message.id.rawValue
        self.direction = message.direction
        self.senderKind = message.senderKind
        self.contentType = message.contentType
        self.text = message.text
        self.attachments = message.attachments
        self.platformAt = message.platformAt
        self.receivedAt = message.receivedAt
        self.deliveryStatus = message.deliveryStatus
        self.redacted = redacted
    }
}

extension BuyerExport.ConversationRecord {
    public init(_ conversation: Conversation, messages: [BuyerExport.MessageRecord]) {
        self.id = conversation.id.rawValue
        self.channelAccountId = conversation.channelAccountID.rawValue
        self.platform = conversation.platform
        self.kind = conversation.kind
        self.subject = conversation.subject
        self.status = conversation.state.status
        self.tags = conversation.tags
        self.createdAt = conversation.createdAt
        self.messages = messages
    }
}
