import Foundation
import ShopDeskCore

// Translations between the API document's generated types and the domain's. Both sides use the same
// raw values, so an enum that fails to translate means the document and the domain drifted apart.

extension Components.Schemas.Agent {
    init(_ agent: Agent) {
        let ids: [String]? =
            switch agent.channelAccess {
            case .all: nil
            case .only(let ids): ids.map(\.rawValue).sorted()
            }
        self.init(
            id: agent.id.rawValue, email: agent.email, name: agent.name, role: .init(rawValue: agent.role.rawValue)!,
            channelAccountIds: ids, createdAt: agent.createdAt, deactivatedAt: agent.deactivatedAt
        )
    }
}

extension Components.Schemas.ApiToken {
    init(_ token: ApiToken) {
        self.init(id: token.id.rawValue, name: token.name, agentId: token.agentID.rawValue, createdAt: token.createdAt, lastUsedAt: token.lastUsedAt)
    }
}

extension Components.Schemas.ChannelAccount {
    init(_ account: ChannelAccount) {
        self.init(
            id: account.id.rawValue, platform: .init(rawValue: account.platform.rawValue)!, name: account.name,
            market: account.market, timezone: account.timeZone, webhookPath: account.webhookPath,
            credentialFields: account.credentialFields, createdAt: account.createdAt
        )
    }
}

extension Components.Schemas.Conversation {
    init(_ conversation: Conversation) {
        let state = conversation.state
        self.init(
            id: conversation.id.rawValue, channelAccountId: conversation.channelAccountID.rawValue,
            platform: .init(rawValue: conversation.platform.rawValue)!, kind: .init(rawValue: conversation.kind.rawValue)!,
            status: .init(rawValue: state.status.rawValue)!, externalId: conversation.externalID,
            buyerId: conversation.buyerID.rawValue, buyerName: conversation.buyerName, subject: conversation.subject,
            assigneeId: conversation.assigneeID?.rawValue, tags: conversation.tags, waitingSince: state.waitingSince,
            firstResponseAt: state.firstResponseAt, firstResponseSeconds: state.firstResponseSeconds,
            nextDeadline: state.nextDeadline, deadlineRule: state.deadlineRule?.description, snoozedUntil: state.snoozedUntil,
            lastMessageAt: state.lastMessageAt,
            lastMessagePreview: state.lastMessagePreview, messageCount: state.messageCount,
            createdAt: conversation.createdAt, updatedAt: conversation.updatedAt
        )
    }
}

extension Components.Schemas.Message {
    init(_ message: Message) {
        self.init(
            id: message.id.rawValue, conversationId: message.conversationID.rawValue,
            direction: .init(rawValue: message.direction.rawValue)!, senderKind: .init(rawValue: message.senderKind.rawValue)!,
            senderAgentId: message.senderAgentID?.rawValue, platformMessageId: message.platformMessageID,
            contentType: .init(rawValue: message.contentType.rawValue)!, text: message.text,
            attachments: message.attachments.map(Components.Schemas.Attachment.init), platformAt: message.platformAt,
            receivedAt: message.receivedAt, deliveryStatus: message.deliveryStatus.flatMap { .init(rawValue: $0.rawValue) },
            deliveryError: message.deliveryError
        )
    }
}

extension Components.Schemas.Attachment {
    init(_ attachment: Attachment) {
        self.init(
            kind: .init(rawValue: attachment.kind.rawValue)!, url: attachment.url, mimeType: attachment.mimeType,
            name: attachment.name, referenceId: attachment.referenceID
        )
    }
}

extension Attachment {
    init(_ attachment: Components.Schemas.Attachment) {
        self.init(
            kind: Kind(rawValue: attachment.kind.rawValue)!, url: attachment.url, mimeType: attachment.mimeType,
            name: attachment.name, referenceID: attachment.referenceId
        )
    }
}

extension Components.Schemas.Buyer {
    init(_ buyer: Buyer) {
        self.init(
            id: buyer.id.rawValue, displayName: buyer.displayName,
            identities: buyer.identities.map { identity in
                .init(
                    id: identity.id.rawValue, channelAccountId: identity.channelAccountID.rawValue,
                    platform: .init(rawValue: identity.platform.rawValue)!, platformUserId: identity.platformUserID,
                    displayName: identity.displayName, language: identity.language, createdAt: identity.createdAt
                )
            },
            createdAt: buyer.createdAt
        )
    }
}
