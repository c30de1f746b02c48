import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ShopDeskChannels
import ShopDeskCore

/// `POST /webhooks/{platform}/{channelAccountID}` for every platform's pushes, and Meta's `GET`
/// verification handshake on the same path: the request's bytes and headers go to the desk, which
/// checks, decodes and stores the push whole.
///
/// A push is acknowledged only after everything it brought is durable. Anything the platform sent
/// wrong is a 4xx, so a platform never sees a 5xx for its own mistake (and never disables the endpoint
/// for it); a failure of ours is a 5xx, so that the platform delivers the push again.
struct WebhookRoutes {
    let desk: Desk
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

    func receive(_ request: Request, context: ShopDeskRequestContext) async throws -> Response {
        let body = Array(buffer: try await request.body.collect(upTo: self.maxBody))
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        try await self.desk.receivePush(
            WebhookRequest(headers: headers, body: body), platform: context.parameters.get("platform") ?? "",
            channel: ChannelAccount.ID(rawValue: context.parameters.get("channel") ?? "")
        )
        // Shopee wants an empty 2xx body (platforms.md §2.4); the others accept it too.
        return Response(status: .ok)
    }

    /// Meta's subscription check (platforms.md §4.1): echo `hub.challenge` when the verify token matches.
    func handshake(_ request: Request, context: ShopDeskRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        let challenge = try await self.desk.verifySubscription(
            platform: context.parameters.get("platform") ?? "", channel: ChannelAccount.ID(rawValue: context.parameters.get("channel") ?? ""),
            mode: query["hub.mode"].map(String.init), verifyToken: query["hub.verify_token"].map(String.init),
            challenge: query["hub.challenge"].map(String.init)
        )
        return Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: challenge)))
    }
}
