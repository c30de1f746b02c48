import Foundation
import ShopDeskChannels
import Logging
import ShopDeskCore
import ShopDeskStore

extension APIHandler {
    func listChannelAccounts(_ input: Operations.ListChannelAccounts.Input) async throws -> Operations.ListChannelAccounts.Output {
        let signedIn = try await self.authenticate()
        let accounts = try await self.store.listChannelAccounts(workspace: signedIn.workspaceID)
            .filter { signedIn.agent.canAccess($0.id) }
        return .ok(.init(body: .json(.init(items: accounts.map(Components.Schemas.ChannelAccount.init)))))
    }

    func createChannelAccount(_ input: Operations.CreateChannelAccount.Input) async throws -> Operations.CreateChannelAccount.Output {
        let signedIn = try await self.authenticate()
        try signedIn.require(.admin)
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected a JSON body") }
        let account = try await self.store.createChannelAccount(
            workspace: signedIn.workspaceID, platform: Platform(rawValue: body.platform.rawValue)!, name: body.name,
            market: body.market, timeZone: body.timezone, credentials: ChannelCredentials(body.credentials.additionalProperties),
            now: self.now
        )
        try await self.store.recordAudit(
            .channelCreated, by: .init(signedIn.agent), workspace: signedIn.workspaceID, subject: ("channel_account", account.id.rawValue),
            detail: "\(account.platform.rawValue) \(account.market)", now: self.now
        )
        self.dependencies.logger.info("channel account created", metadata: ["channel": "\(account.id)", "by": "\(signedIn.agent.id)"])
        return .created(.init(body: .json(.init(account))))
    }

    func getChannelAccount(_ input: Operations.GetChannelAccount.Input) async throws -> Operations.GetChannelAccount.Output {
        let signedIn = try await self.authenticate()
        let id = ChannelAccount.ID(rawValue: input.path.channelId)
        guard signedIn.agent.canAccess(id) else { throw APIError.notFound("channel account \(id) not found") }
        let account = try await self.store.channelAccount(id, workspace: signedIn.workspaceID)
        return .ok(.init(body: .json(.init(account))))
    }

    func updateChannelAccount(_ input: Operations.UpdateChannelAccount.Input) async throws -> Operations.UpdateChannelAccount.Output {
        let signedIn = try await self.authenticate()
        try signedIn.require(.admin)
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected a JSON body") }
        let update = ChannelAccountUpdate(
            name: body.name, market: body.market, timeZone: body.timezone,
            credentials: body.credentials.map { ChannelCredentials($0.additionalProperties) }
        )
        let account = try await self.store.updateChannelAccount(
            ChannelAccount.ID(rawValue: input.path.channelId), workspace: signedIn.workspaceID, update: update
        )
        self.dependencies.channelAccounts.invalidate(account.id)
        if let credentials = body.credentials {
            try await self.store.recordAudit(
                .credentialsChanged, by: .init(signedIn.agent), workspace: signedIn.workspaceID,
                subject: ("channel_account", account.id.rawValue),
                detail: "fields: " + credentials.additionalProperties.keys.sorted().joined(separator: ", "), now: self.now
            )
        }
        self.dependencies.logger.info("channel account updated", metadata: ["channel": "\(account.id)", "by": "\(signedIn.agent.id)"])
        return .ok(.init(body: .json(.init(account))))
    }

    func deleteChannelAccount(_ input: Operations.DeleteChannelAccount.Input) async throws -> Operations.DeleteChannelAccount.Output {
        let signedIn = try await self.authenticate()
        try signedIn.require(.admin)
        try await self.store.archiveChannelAccount(ChannelAccount.ID(rawValue: input.path.channelId), workspace: signedIn.workspaceID, now: self.now)
        self.dependencies.channelAccounts.invalidate(ChannelAccount.ID(rawValue: input.path.channelId))
        try await self.store.recordAudit(
            .channelArchived, by: .init(signedIn.agent), workspace: signedIn.workspaceID, subject: ("channel_account", input.path.channelId),
            now: self.now
        )
        return .noContent(.init())
    }

    /// A buyer message from the seller's own site or app. The signature over the raw body is the only
    /// authentication, so it is checked before anything in the body is believed.
    func postCustomChannelMessage(
        _ input: Operations.PostCustomChannelMessage.Input
    ) async throws -> Operations.PostCustomChannelMessage.Output {
        let channelID = ChannelAccount.ID(rawValue: input.path.channelId)
        guard let (account, credentials) = try await self.dependencies.channelAccounts.account(channelID) else {
            throw APIError.notFound("channel account \(channelID) not found")
        }
        guard let rawBody = RequestCredentials.current.rawBody,
            let signature = input.headers.xShopDeskSignature,
            let secret = credentials["signing_secret"],
            PlatformSignature.matches(signature, expected: PlatformSignature.custom(signingSecret: secret, body: rawBody))
        else {
            self.dependencies.logger.notice("custom channel message refused: bad or missing signature", metadata: ["channel": "\(channelID)"])
            throw APIError.unauthorized("missing or wrong X-ShopDesk-Signature")
        }
        guard account.platform == .custom else {
            throw APIError.invalid("channel account \(channelID) is a \(account.platform.rawValue) account, not a custom channel")
        }
        guard case .json(let body) = input.body else { throw APIError.badRequest("expected a JSON body") }
        let messageID = body.messageId.trimmingCharacters(in: .whitespaces)
        let buyerID = body.buyer.id.trimmingCharacters(in: .whitespaces)
        guard !messageID.isEmpty, messageID.count <= 200 else { throw APIError.invalid("message_id must be 1 to 200 characters") }
        guard !buyerID.isEmpty, buyerID.count <= 200 else { throw APIError.invalid("buyer.id must be 1 to 200 characters") }
        let contentType = body.contentType.flatMap { Message.ContentType(rawValue: $0.rawValue) } ?? .text
        let attachments = (body.attachments ?? []).map(Attachment.init)
        let text = body.text?.isEmpty == true ? nil : body.text
        guard text != nil || !attachments.isEmpty else { throw APIError.invalid("a message needs text or an attachment") }
        guard (text?.count ?? 0) <= 20_000 else { throw APIError.invalid("text must be at most 20000 characters") }
        let thread = body.conversationId?.trimmingCharacters(in: .whitespaces)
        let incoming = IncomingMessage(
            channelAccountID: channelID, conversationExternalID: thread.flatMap { $0.isEmpty ? nil : $0 } ?? buyerID,
            conversationKind: .direct,
            buyer: BuyerProfile(platformUserID: buyerID, displayName: body.buyer.name, language: body.buyer.language),
            platformMessageID: messageID, contentType: contentType, text: text, attachments: attachments, platformAt: body.sentAt
        )
        let outcome = try await self.dependencies.ingest.submit([incoming])[0].get()
        return .accepted(.init(body: .json(.init(
            messageId: outcome.messageID.rawValue, conversationId: outcome.conversationID.rawValue, duplicate: outcome.duplicate
        ))))
    }
}
