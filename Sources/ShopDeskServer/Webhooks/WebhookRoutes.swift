import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ShopDeskChannels
import ShopDeskCore
import ShopDeskStore

/// `POST /webhooks/{platform}/{channelAccountID}` for every platform's pushes, and Meta's `GET`
/// verification handshake on the same path.
///
/// A push is believed only after its signature checks out over the exact bytes received; it is
/// acknowledged only after everything it brought is durable. Anything the platform sent wrong is a
/// 4xx, so a platform never sees a 5xx for its own mistake (and never disables the endpoint for it).
struct WebhookRoutes {
    let dependencies: AppDependencies
    /// Platforms' pushes are small; a larger body is refused before it is read into memory.
    let maxBody = 1 << 20

    func register(on router: Router<ShopDeskRequestContext>) {
        router.post("/webhooks/:platform/:channel") { request, context in
            try await self.receive(request, context: context)
        }
        router.get("/webhooks/:platform/:channel") { request, context in
            try await self.handshake(request, context: context)
        }
    }

    private func account(_ context: ShopDeskRequestContext) async throws -> (ChannelAccount, ChannelCredentials, any WebhookDecoder) {
        let platformName = context.parameters.get("platform") ?? ""
        let channelID = ChannelAccount.ID(rawValue: context.parameters.get("channel") ?? "")
        guard let platform = Platform(rawValue: platformName), let decoder = Webhooks.decoder(for: platform),
            let (account, credentials) = try await self.dependencies.channelAccounts.account(channelID),
            account.platform == platform
        else {
            throw APIError.notFound("no \(platformName) channel account \(channelID)")
        }
        return (account, credentials, decoder)
    }

    func receive(_ request: Request, context: ShopDeskRequestContext) async throws -> Response {
        let (account, credentials, decoder) = try await self.account(context)
        let body = Array(buffer: try await request.body.collect(upTo: self.maxBody))
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let webhook = WebhookRequest(headers: headers, body: body)
        guard decoder.verify(webhook, credentials: credentials) else {
            context.logger.notice(
                "webhook refused: bad or missing signature",
                metadata: ["platform": "\(account.platform.rawValue)", "channel": "\(account.id)"]
            )
            throw APIError.unauthorized("the push's signature does not match this channel account's secret")
        }
        let events: [InboundEvent]
        do {
            events = try decoder.decode(body, account: account)
        } catch {
            throw APIError.badRequest("cannot read the push: \(error.message)")
        }
        let messages = events.compactMap { event -> IncomingMessage? in
            if case .message(let message) = event { return message }
            return nil
        }
        if !messages.isEmpty {
            for result in try await self.dependencies.ingest.submit(messages) {
                _ = try result.get()
            }
        }
        if messages.count < events.count {
            let touched = try await self.dependencies.store.recordWebhookEvents(
                events, rawBody: body, channel: account.id, workspace: account.workspaceID, now: self.dependencies.now()
            )
            if events.contains(where: { if case .fetchConversation = $0 { true } else { false } }) {
                self.dependencies.poller.wake()
            }
            for conversation in Set(touched) {
                self.dependencies.events.publish(.conversationChanged(conversation), workspace: account.workspaceID)
            }
        }
        // Shopee wants an empty 2xx body (platforms.md §2.4); the others accept it too.
        return Response(status: .ok)
    }

    /// Meta's subscription check (platforms.md §4.1): echo `hub.challenge` when the verify token matches.
    func handshake(_ request: Request, context: ShopDeskRequestContext) async throws -> Response {
        let (account, credentials, _) = try await self.account(context)
        let query = request.uri.queryParameters
        guard [.facebook, .instagram, .whatsapp].contains(account.platform),
            let challenge = MetaWebhook.handshake(
                mode: query["hub.mode"].map(String.init), verifyToken: query["hub.verify_token"].map(String.init),
                challenge: query["hub.challenge"].map(String.init), credentials: credentials
            )
        else {
            throw APIError.forbidden("the verify token does not match")
        }
        return Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: challenge)))
    }
}
