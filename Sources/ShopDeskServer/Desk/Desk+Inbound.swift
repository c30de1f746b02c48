import Foundation
import Logging
import ShopDeskChannels
import ShopDeskCore
import ShopDeskStore

/// A buyer message from the seller's own site or app, as its API call carries it.
struct CustomChannelMessage: Sendable {
    var messageID: String
    var buyerID: String
    var buyerName: String?
    var buyerLanguage: String?
    /// The site's own thread id; the buyer's id when it has none.
    var threadID: String?
    var contentType: Message.ContentType
    var text: String?
    var attachments: [Attachment]
    var sentAt: Date
}

extension Desk {
    /// A platform push to `/webhooks/{platform}/{channel}`: believed only once its signature checks out
    /// over the exact bytes received, then stored whole (messages, order events, nudges, delivery
    /// receipts, the raw body of what is not used yet) in one transaction, and acknowledged only after.
    /// Anything the platform sent wrong is refused as its mistake; a failure of ours is thrown as it is,
    /// so that the platform gets a 5xx and delivers the push again.
    func receivePush(_ request: WebhookRequest, platform platformName: String, channel: ChannelAccount.ID) async throws {
        // While the writer is behind, refuse before the work of checking and decoding (the platform delivers again).
        guard !self.ingest.isFull else { throw IngestError.overloaded }
        let (account, credentials, decoder) = try await self.webhookAccount(platform: platformName, channel: channel)
        guard decoder.verify(request, credentials: credentials) else {
            self.logger.notice(
                "webhook refused: bad or missing signature", metadata: ["platform": "\(account.platform.rawValue)", "channel": "\(account.id)"]
            )
            throw DeskError.notSignedIn("the push's signature does not match this channel account's secret")
        }
        let events: [InboundEvent]
        do {
            events = try decoder.decode(request.body, account: account)
        } catch {
            throw DeskError.malformed("cannot read the push: \(error.message)")
        }
        for result in try await self.receive(InboundPush(channelAccountID: account.id, events: events, rawBody: request.body)) {
            _ = try result.get()
        }
    }

    /// Meta's subscription check (platforms.md §4.1): the challenge to echo when the verify token matches.
    func verifySubscription(
        platform platformName: String, channel: ChannelAccount.ID, mode: String?, verifyToken: String?, challenge: String?
    ) async throws -> String {
        let (account, credentials, _) = try await self.webhookAccount(platform: platformName, channel: channel)
        guard account.platform.verifiesWebhookSubscription,
            let echoed = MetaWebhook.handshake(mode: mode, verifyToken: verifyToken, challenge: challenge, credentials: credentials)
        else {
            throw DeskError.notAllowed("the verify token does not match")
        }
        return echoed
    }

    /// A buyer message from a custom channel. The signature over the raw body is the only
    /// authentication, so it is checked before anything in the body is believed.
    func receiveCustomMessage(
        _ message: @autoclosure () throws -> CustomChannelMessage, rawBody: [UInt8]?, signature: String?, channel: ChannelAccount.ID
    ) async throws -> IngestOutcome {
        _ = try await self.verifiedCustomChannel(channel, rawBody: rawBody, signature: signature, sending: "message")
        let body = try message()
        let messageID = body.messageID.trimmingCharacters(in: .whitespaces)
        let buyerID = body.buyerID.trimmingCharacters(in: .whitespaces)
        guard !messageID.isEmpty, messageID.count <= 200 else { throw DeskError.invalid("message_id must be 1 to 200 characters") }
        guard !buyerID.isEmpty, buyerID.count <= 200 else { throw DeskError.invalid("buyer.id must be 1 to 200 characters") }
        let text = body.text?.isEmpty == true ? nil : body.text
        guard text != nil || !body.attachments.isEmpty else { throw DeskError.invalid("a message needs text or an attachment") }
        guard (text?.count ?? 0) <= Message.maximumTextLength else {
            throw DeskError.invalid("text must be at most \(Message.maximumTextLength) characters")
        }
        let thread = body.threadID?.trimmingCharacters(in: .whitespaces)
        let incoming = IncomingMessage(
            channelAccountID: channel, conversationExternalID: thread.flatMap { $0.isEmpty ? nil : $0 } ?? buyerID, conversationKind: .direct,
            buyer: BuyerProfile(platformUserID: buyerID, displayName: body.buyerName, language: body.buyerLanguage),
            platformMessageID: messageID, contentType: body.contentType, text: text, attachments: body.attachments, platformAt: body.sentAt
        )
        return try await self.receive(InboundPush(messages: [incoming]))[0].get()
    }

    /// The custom channel a signed request (a message, an order) comes from. The signature over the raw
    /// body is the only authentication, so it is checked before anything in the body is believed.
    func verifiedCustomChannel(
        _ channel: ChannelAccount.ID, rawBody: [UInt8]?, signature: String?, sending what: String
    ) async throws -> ChannelAccount {
        guard let (account, credentials) = try await self.channelAccounts.account(channel) else {
            throw DeskError.notFound("channel account \(channel) not found")
        }
        guard let rawBody, let signature, let secret = credentials["signing_secret"],
            PlatformSignature.matches(signature, expected: PlatformSignature.custom(signingSecret: secret, body: rawBody))
        else {
            self.logger.notice("custom channel \(what) refused: bad or missing signature", metadata: ["channel": "\(channel)"])
            throw DeskError.notSignedIn("missing or wrong X-ShopDesk-Signature")
        }
        guard account.platform == .custom else {
            throw DeskError.invalid("channel account \(channel) is a \(account.platform.rawValue) account, not a custom channel")
        }
        return account
    }

    /// Stores what a push or a read of a platform's API brought, through the group-commit writer.
    /// Returns one result per message: a message the store refused is the sender's mistake.
    func receive(_ push: InboundPush) async throws -> [Result<IngestOutcome, IngestError>] {
        let receipt = try await self.ingest.submit(push)
        return self.finish(receipt.messages, receipt.changes)
    }

    private func webhookAccount(
        platform platformName: String, channel: ChannelAccount.ID
    ) async throws -> (ChannelAccount, ChannelCredentials, any WebhookDecoder) {
        guard let platform = Platform(rawValue: platformName), let decoder = Webhooks.decoder(for: platform),
            let (account, credentials) = try await self.channelAccounts.account(channel),
            account.platform == platform
        else {
            throw DeskError.notFound("no \(platformName) channel account \(channel)")
        }
        return (account, credentials, decoder)
    }
}
