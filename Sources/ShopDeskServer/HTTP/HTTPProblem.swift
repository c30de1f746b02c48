import HTTPTypes
import Hummingbird
import NIOCore
import ShopDeskChannels
import ShopDeskCore
import ShopDeskStore

/// What an error means over HTTP: its status, a stable machine-readable code and a message a person
/// can act on. The one translation of the desk's, the store's and Core's errors; the API renders it as
/// `{"error":{"code","message"}}`, the web pages as a page. Internals are never put in the message.
struct HTTPProblem: Error, Sendable {
    var status: HTTPResponse.Status
    var code: String
    var message: String
    /// The findings, when the compliance guard stopped a reply.
    var compliance: ComplianceResult?
    /// Seconds after which the same request is worth sending again (`Retry-After`).
    var retryAfter: Int?

    init(status: HTTPResponse.Status, code: String, message: String, compliance: ComplianceResult? = nil, retryAfter: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.compliance = compliance
        self.retryAfter = retryAfter
    }

    static func badRequest(_ message: String) -> HTTPProblem { HTTPProblem(status: .badRequest, code: "bad_request", message: message) }
    /// The response headers the problem asks for.
    var headers: HTTPFields {
        var headers = HTTPFields()
        if let retryAfter = self.retryAfter { headers[.retryAfter] = String(retryAfter) }
        return headers
    }

    static let internalError = HTTPProblem(status: .internalServerError, code: "internal", message: "internal error; see the server log")

    /// Translates an anticipated error; nil for one nobody anticipated (a 500, logged).
    init?(_ error: any Error) {
        switch error {
        case let problems as CatalogCSV.Problems:
            self.init(status: .unprocessableContent, code: "invalid_catalog", message: problems.description)
        case let error as PlatformAPIError:
            // The platform refused or could not be reached: its own words, for the agent to act on.
            self.init(status: .badGateway, code: "platform_error", message: error.message)
        case let error as StockError:
            self.init(status: .conflict, code: "insufficient_stock", message: error.description)
        case let problem as HTTPProblem:
            self = problem
        case let error as DeskError:
            self.init(error)
        case let error as ValidationError:
            self.init(status: .unprocessableContent, code: "invalid", message: error.message)
        case let error as StoreError:
            switch error {
            case .notFound(let what): self.init(status: .notFound, code: "not_found", message: "\(what) not found")
            case .conflict(let message): self.init(status: .conflict, code: "conflict", message: message)
            case .invalid(_, let message): self.init(status: .unprocessableContent, code: "invalid", message: message)
            case .configuration, .secretKey: return nil
            }
        case let error as IngestError:
            switch error {
            case .shuttingDown: self.init(DeskError.unavailable)
            case .overloaded: self.init(status: .serviceUnavailable, code: "overloaded", message: error.description, retryAfter: 1)
            case .unknownChannelAccount: self.init(status: .notFound, code: "not_found", message: error.description)
            case .invalid(let message): self.init(status: .unprocessableContent, code: "invalid", message: message)
            }
        case is NIOTooManyBytesError:
            // A body over a route's limit is the sender's mistake, never a reason to deliver it again.
            self.init(status: .contentTooLarge, code: "too_large", message: "request body too large")
        case let error as HTTPError:
            switch error.status {
            case .notFound: self.init(status: .notFound, code: "not_found", message: "no such route")
            case .methodNotAllowed: self.init(status: .methodNotAllowed, code: "method_not_allowed", message: "method not allowed")
            case .unauthorized: self.init(DeskError.signInRequired)
            case .contentTooLarge: self.init(status: .contentTooLarge, code: "too_large", message: "request body too large")
            default:
                guard error.status.code < 500 else { return nil }
                self.init(status: error.status, code: "bad_request", message: error.body ?? error.status.reasonPhrase)
            }
        default:
            return nil
        }
    }

    private init(_ error: DeskError) {
        switch error {
        case .notSignedIn(let message): self.init(status: .unauthorized, code: "unauthorized", message: message)
        case .notAllowed(let message): self.init(status: .forbidden, code: "forbidden", message: message)
        case .notFound(let message): self.init(status: .notFound, code: "not_found", message: message)
        case .malformed(let message): self.init(status: .badRequest, code: "bad_request", message: message)
        case .invalid(let message): self.init(status: .unprocessableContent, code: "invalid", message: message)
        case .complianceBlocked(let result, let message):
            self.init(status: .unprocessableContent, code: "compliance_blocked", message: message, compliance: result)
        case .complianceWarning(let result, let message):
            self.init(status: .unprocessableContent, code: "compliance_warning", message: message, compliance: result)
        case .tooManyAttempts(let retryAfter):
            self.init(
                status: .tooManyRequests, code: "too_many_attempts", message: "too many failed sign-ins for this e-mail address; try again later",
                retryAfter: retryAfter
            )
        case .unavailable:
            self.init(status: .serviceUnavailable, code: "unavailable", message: "the server is shutting down; try again", retryAfter: 5)
        }
    }
}
