import ShopDeskCore
import ShopDeskStore

/// Masks buyers' phone numbers, e-mail and postal addresses in what agents are shown, unless the agent
/// asked to reveal them and may. Message text and names go through the masker with the channel
/// account's market; a user id that is a phone number (WhatsApp's) is always masked.
struct PersonalDataFilter: Sendable {
    let masker: PersonalDataMasker
    let markets: [ChannelAccount.ID: String]
    let reveal: Bool

    /// Masking with each of `accounts`' markets.
    init(masker: PersonalDataMasker, accounts: [ChannelAccount], reveal: Bool) {
        self.masker = masker
        self.markets = Dictionary(accounts.map { ($0.id, $0.market) }, uniquingKeysWith: { first, _ in first })
        self.reveal = reveal
    }

    func text(_ text: String?, channel: ChannelAccount.ID) -> String? {
        guard !self.reveal, let text, !text.isEmpty else { return text }
        return self.masker.mask(text, market: self.markets[channel] ?? "")
    }

    func platformID(_ id: String, platform: Platform) -> String {
        guard !self.reveal, platform.userIDIsPhoneNumber else { return id }
        return PersonalDataMasker.maskWholePhoneNumber(id)
    }

    func conversation(_ conversation: Conversation) -> Conversation {
        var shown = conversation
        shown.buyerName = self.text(conversation.buyerName, channel: conversation.channelAccountID)
        shown.state.lastMessagePreview = self.text(conversation.state.lastMessagePreview, channel: conversation.channelAccountID)
        shown.externalID = self.platformID(conversation.externalID, platform: conversation.platform)
        return shown
    }

    func message(_ message: Message, channel: ChannelAccount.ID) -> Message {
        var shown = message
        shown.text = self.text(message.text, channel: channel)
        return shown
    }

    func buyer(_ buyer: Buyer) -> Buyer {
        var shown = buyer
        if let anyChannel = buyer.identities.first?.channelAccountID {
            shown.displayName = self.text(buyer.displayName, channel: anyChannel)
        }
        for (index, identity) in buyer.identities.enumerated() {
            shown.identities[index].platformUserID = self.platformID(identity.platformUserID, platform: identity.platform)
            shown.identities[index].displayName = self.text(identity.displayName, channel: identity.channelAccountID)
        }
        return shown
    }
}

extension Desk {
    /// The filter for what `signedIn` is shown (`given`, when the caller has one already). Revealing
    /// needs the admin role and is written to the audit log with what was revealed.
    func personalDataFilter(
        for signedIn: AuthenticatedAgent, reveal: Bool, subject: (kind: String, id: String), unless given: PersonalDataFilter? = nil
    ) async throws -> PersonalDataFilter {
        if let given { return given }
        if reveal {
            guard signedIn.agent.role >= .admin else {
                throw DeskError.notAllowed(
                    "revealing buyers' personal data needs the admin role or higher; you are \(signedIn.agent.role.rawValue)"
                )
            }
            try await self.store.recordAudit(
                .personalDataRevealed, by: signedIn.actor, workspace: signedIn.workspaceID, subject: subject, now: self.now)
            self.finish((), .audited(.personalDataRevealed))
        }
        let accounts = try await self.store.listChannelAccounts(workspace: signedIn.workspaceID)
        return PersonalDataFilter(masker: self.compliance.masker, accounts: accounts, reveal: reveal)
    }
}
