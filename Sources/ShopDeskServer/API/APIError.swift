import HTTPTypes
import Hummingbird
import ShopDeskCore
import ShopDeskStore

/// An error the API answers with: its HTTP status, a stable machine-readable code and a message a
/// person can act on. Internals are never put in the message.
struct APIError: Error, Sendable {
    var status: HTTPResponse.Status
    var code: String
    var message: String
    /// The findings, when the compliance guard stopped a reply.
    var compliance: Components.Schemas.ComplianceResult?

    init(status: HTTPResponse.Status, code: String, message: String, compliance: Components.Schemas.ComplianceResult? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.compliance = compliance
    }

    static func badRequest(_ message: String) -> APIError { APIError(status: .badRequest, code: "bad_request", message: message) }
    static func unauthorized(_ message: String = "sign in or send a valid API token") -> APIError {
        APIError(status: .unauthorized, code: "unauthorized", message: message)
    }
    static func forbidden(_ message: String) -> APIError { APIError(status: .forbidden, code: "forbidden", message: message) }
    static func notFound(_ message: String) -> APIError { APIError(status: .notFound, code: "not_found", message: message) }
    static func conflict(_ message: String) -> APIError { APIError(status: .conflict, code: "conflict", message: message) }
    static func invalid(_ message: String) -> APIError {
        APIError(status: .unprocessableContent, code: "invalid", message: message)
    }
    static let unavailable = APIError(status: .serviceUnavailable, code: "unavailable", message: "the server is shutting down; try again")
    static let internalError = APIError(status: .internalServerError, code: "internal", message: "internal error; see the server log")
}

extension APIError {
    /// Translates the domain's and the store's errors; nil for errors nobody anticipated.
    init?(_ error: any Error) {
        switch error {
        case let error as APIError:
            self = error
        case let error as ValidationError:
            self = .invalid(error.message)
        case let error as StoreError:
            switch error {
            case .notFound(let what): self = .notFound("\(what) not found")
            case .conflict(let message): self = .conflict(message)
            case .invalid(_, let message): self = .invalid(message)
            case .configuration, .secretKey: return nil
            }
        case let error as IngestError:
            switch error {
            case .shuttingDown: self = .unavailable
            case .unknownChannelAccount: self = .notFound(error.description)
            case .invalid(let message): self = .invalid(message)
            }
        case let error as HTTPError:
            switch error.status {
            case .notFound: self = .notFound("no such route")
            case .methodNotAllowed: self = APIError(status: .methodNotAllowed, code: "method_not_allowed", message: "method not allowed")
            case .unauthorized: self = .unauthorized()
            case .contentTooLarge: self = APIError(status: .contentTooLarge, code: "too_large", message: "request body too large")
            default:
                guard error.status.code < 500 else { return nil }
                self = APIError(status: error.status, code: "bad_request", message: error.body ?? error.status.reasonPhrase)
            }
        default:
            return nil
        }
    }
}
