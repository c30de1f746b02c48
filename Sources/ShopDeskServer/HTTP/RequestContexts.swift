import Hummingbird
import Logging
import NIOCore

/// The request context of every ShopDesk route; on the web pages, a middleware fills in the agent
/// behind the session cookie.
public struct ShopDeskRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The agent behind the session cookie, once `WebSessionMiddleware` has checked it.
    var signedIn: AuthenticatedAgent?
    /// The connection's peer (a proxy's, behind one).
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }
}

/// The context of the web pages that need a signed-in agent: the agent and their session are not
/// optional here, so a page cannot forget to check them.
struct SignedInContext: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    let signedIn: AuthenticatedAgent
    /// The session token, which the page's CSRF tokens are derived from.
    let session: String

    init(context: ShopDeskRequestContext) throws {
        // `WebSessionMiddleware` answers before this for a request without a valid session.
        guard let signedIn = context.signedIn, let session = signedIn.sessionToken else { throw DeskError.signInRequired }
        self.coreContext = context.coreContext
        self.signedIn = signedIn
        self.session = session
    }
}
