import Foundation
import ShopDeskCore
import ShopDeskStore

extension APIHandler {
    func listChannelAccounts(_ input: Operations.ListChannelAccounts.Input) async throws -> Operations.ListChannelAccounts.Output {
        let accounts = try await self.desk.channelAccounts(by: try await self.authenticate())
        return .ok(.init(body: .json(.init(items: accounts.map(Components.Schemas.ChannelAccount.init)))))
    }

    func createChannelAccount(_ input: Operations.CreateChannelAccount.Input) async throws -> Operations.CreateChannelAccount.Output {
        let signedIn = try await self.authenticate()
        guard case .json(let body) = input.body else { throw Self.expectedJSON }
        let new = NewChannelAccount(
            platform: Platform(rawValue: body.platform.rawValue)!, name: body.name, market: body.market, timeZone: body.timezone,
            credentials: ChannelCredentials(body.credentials.additionalProperties)
        )
        return .created(.init(body: .json(.init(try await self.desk.createChannelAccount(new, by: signedIn)))))
    }

    func getChannelAccount(_ input: Operations.GetChannelAccount.Input) async throws -> Operations.GetChannelAccount.Output {
        let signedIn = try await self.authenticate()
        return .ok(.init(body: .json(.init(try await self.desk.channelAccount(ChannelAccount.ID(rawValue: input.path.channelId), by: signedIn)))))
    }

    func updateChannelAccount(_ input: Operations.UpdateChannelAccount.Input) async throws -> Operations.UpdateChannelAccount.Output {
        let signedIn = try await self.authenticate()
        guard case .json(let body) = input.body else { throw Self.expectedJSON }
        let update = ChannelAccountUpdate(
            name: body.name, market: body.market, timeZone: body.timezone,
            credentials: body.credentials.map { ChannelCredentials($0.additionalProperties) }
        )
        let account = try await self.desk.updateChannelAccount(ChannelAccount.ID(rawValue: input.path.channelId), with: update, by: signedIn)
        return .ok(.init(body: .json(.init(account))))
    }

    func deleteChannelAccount(_ input: Operations.DeleteChannelAccount.Input) async throws -> Operations.DeleteChannelAccount.Output {
        try await self.desk.archiveChannelAccount(ChannelAccount.ID(rawValue: input.path.channelId), by: try await self.authenticate())
        return .noContent(.init())
    }

    /// A buyer message from the seller's own site or app, authenticated by its signature alone.
    func postCustomChannelMessage(
        _ input: Operations.PostCustomChannelMessage.Input
    ) async throws -> Operations.PostCustomChannelMessage.Output {
        let outcome = try await self.desk.receiveCustomMessage(
            try Self.customMessage(input.body), rawBody: RequestCredentials.current.rawBody, signature: input.headers.xShopDeskSignature,
            channel: ChannelAccount.ID(rawValue: input.path.channelId)
        )
        return .accepted(
            .init(
                body: .json(
                    .init(
                        messageId: outcome.messageID.rawValue, conversationId: outcome.conversationID.rawValue, duplicate: outcome.duplicate
                    ))))
    }

    private static func customMessage(_ body: Operations.PostCustomChannelMessage.Input.Body) throws -> CustomChannelMessage {
        guard case .json(let body) = body else { throw Self.expectedJSON }
        return CustomChannelMessage(
            messageID: body.messageId, buyerID: body.buyer.id, buyerName: body.buyer.name, buyerLanguage: body.buyer.language,
            threadID: body.conversationId, contentType: body.contentType.flatMap { Message.ContentType(rawValue: $0.rawValue) } ?? .text,
            text: body.text, attachments: (body.attachments ?? []).map(Attachment.init), sentAt: body.sentAt
        )
    }
}
