import ShopDeskCore
import ShopDeskStore

/// Masks buyers' phone numbers, e-mail and postal addresses in what the API returns, unless the
/// agent asked to reveal them and may. Message text and names go through the masker with the
/// channel account's market; a user id that is a phone number (WhatsApp's) is always masked.
struct PersonalDataFilter {
    let masker: PersonalDataMasker
    let markets: [ChannelAccount.ID: String]
    let reveal: Bool

    init(masker: PersonalDataMasker, markets: [ChannelAccount.ID: String], reveal: Bool) {
        self.masker = masker
        self.markets = markets
        self.reveal = reveal
    }

    /// Masking with each of `accounts`' markets.
    init(masker: PersonalDataMasker, accounts: [ChannelAccount], reveal: Bool) {
        self.init(masker: masker, markets: Dictionary(accounts.map { ($0.id, $0.market) }, uniquingKeysWith: { first, _ in first }), reveal: reveal)
    }

    func text(_ text: String?, channel: ChannelAccount.ID) -> String? {
        guard !self.reveal, let text, !text.isEmpty else { return text }
        return self.masker.mask(text, market: self.markets[channel] ?? "")
    }

    func platformID(_ id: String, platform: Platform) -> String {
        guard !self.reveal, platform.userIDIsPhoneNumber else { return id }
        return PersonalDataMasker.maskWholePhoneNumber(id)
    }

    func conversation(_ conversation: Conversation) -> Components.Schemas.Conversation {
        var schema = Components.Schemas.Conversation(conversation)
        let channel = conversation.channelAccountID
        schema.buyerName = self.text(schema.buyerName, channel: channel)
        schema.lastMessagePreview = self.text(schema.lastMessagePreview, channel: channel)
        schema.externalId = self.platformID(schema.externalId, platform: conversation.platform)
        return schema
    }

    func message(_ message: Message, channel: ChannelAccount.ID) -> Components.Schemas.Message {
        var schema = Components.Schemas.Message(message)
        schema.text = self.text(schema.text, channel: channel)
        return schema
    }

    func buyer(_ buyer: Buyer) -> Components.Schemas.Buyer {
        var schema = Components.Schemas.Buyer(buyer)
        let anyChannel = buyer.identities.first?.channelAccountID
        schema.displayName = anyChannel.map { self.text(schema.displayName, channel: $0) } ?? schema.displayName
        for (index, identity) in buyer.identities.enumerated() {
            schema.identities[index].platformUserId = self.platformID(identity.platformUserID, platform: identity.platform)
            schema.identities[index].displayName = self.text(identity.displayName, channel: identity.channelAccountID)
        }
        return schema
    }
}

extension APIHandler {
    /// The filter for this request. Revealing needs the admin role and is written to the audit log
    /// with what was revealed.
    func personalDataFilter(
        for signedIn: AuthenticatedAgent, reveal: Bool, subject: (kind: String, id: String)
    ) async throws -> PersonalDataFilter {
        if reveal {
            guard signedIn.agent.role >= .admin else {
                throw APIError.forbidden("revealing buyers' personal data needs the admin role or higher; you are \(signedIn.agent.role.rawValue)")
            }
            try await self.store.recordAudit(
                .personalDataRevealed, by: .init(signedIn.agent), workspace: signedIn.workspaceID, subject: subject, now: self.now
            )
        }
        let accounts = try await self.store.listChannelAccounts(workspace: signedIn.workspaceID)
        return PersonalDataFilter(masker: self.dependencies.compliance.masker, accounts: accounts, reveal: reveal)
    }
}
