import Foundation
import ShopDeskCore

/// A reply on its way to a platform, with what each platform's send API needs to address it.
public struct OutboundReply: Sendable, Hashable {
    /// ShopDesk's id for the message; it doubles as the idempotency key where a platform takes one.
    public var messageID: Message.ID
    public var text: String
    public var conversationKind: Conversation.Kind
    /// The platform's thread id (conversation id, session id, LINE user or group id…).
    public var conversationExternalID: String
    /// The buyer's id on the platform (PSID, wa_id, Shopee user id…).
    public var buyerPlatformUserID: String
    /// The buyer's latest message or comment; comments are answered under it.
    public var replyToPlatformMessageID: String?
    /// Send with Meta's `HUMAN_AGENT` tag (a person answering 24 hours to 7 days after the buyer).
    public var humanAgentTag: Bool
    /// Send as this approved WhatsApp template rather than as free text.
    public var template: TemplateMessage?

    public init(
        messageID: Message.ID, text: String, conversationKind: Conversation.Kind, conversationExternalID: String,
        buyerPlatformUserID: String, replyToPlatformMessageID: String? = nil, humanAgentTag: Bool = false, template: TemplateMessage? = nil
    ) {
        self.messageID = messageID
        self.text = text
        self.conversationKind = conversationKind
        self.conversationExternalID = conversationExternalID
        self.buyerPlatformUserID = buyerPlatformUserID
        self.replyToPlatformMessageID = replyToPlatformMessageID
        self.humanAgentTag = humanAgentTag
        self.template = template
    }
}

/// What became of one attempt to send a reply.
public enum SendResult: Sendable, Hashable {
    /// The platform took it; its message id when it gave one (LINE does not on an idempotent repeat).
    case sent(platformMessageID: String?)
    /// Throttled or a fault on the platform's side (429, 5xx): try again later,
    /// not before `after` when the platform said so.
    case retry(reason: String, after: Duration?)
    /// No answer came (refused connection, reset, timeout): the platform may or may not have acted on
    /// it, so it must be checked before being sent again.
    case uncertain(reason: String)
    /// The platform refused it for good; `reason` is the platform's own error, for the agent.
    case rejected(reason: String)
}

/// Why a request to a platform cannot even be built: the channel account lacks what it needs.
public struct PlatformAPIError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { self.message }
}
