import Foundation
import HTTPTypes
import Hummingbird
import Logging
import OpenAPIRuntime
import Prometheus

/// Turns every error into a response, in one place: `HTTPProblem` says what it means, and it is
/// rendered as `{"error":{"code","message"}}` for the API and the webhooks, and as a page for
/// everything a browser opens.
///
/// A request the generated OpenAPI layer could not even parse (bad JSON, a missing field, a value
/// outside an enum) is the client's mistake: 400. Anything unanticipated is logged at `.error` with the
/// request id and answered with a bare 500 that reveals nothing.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let problem = self.translate(error, context: context)
            let path = request.uri.path
            if path.hasPrefix("/api/") || path.hasPrefix("/webhooks/") {
                return APIHandler.response(for: problem)
            }
            return WebPage.errorPage(problem, acceptLanguage: request.headers[.acceptLanguage])
        }
    }

    private func translate(_ error: any Error, context: Context) -> HTTPProblem {
        let serverError = error as? ServerError
        let underlying = serverError?.underlyingError ?? error
        if let known = HTTPProblem(underlying) { return known }
        if let serverError, serverError.operationInput == nil {
            return .badRequest(Self.describeParseFailure(underlying))
        }
        context.logger.error(
            "unhandled error\(serverError.map { " in \($0.operationID)" } ?? "")",
            metadata: ["error": "\(String(reflecting: underlying))"]
        )
        self.metrics.storeErrors.increment()
        return .internalError
    }

    /// A short, safe description of why a request did not parse.
    static func describeParseFailure(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _):
            return "missing field '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "wrong type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        case DecodingError.dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? "body is not valid JSON" : "invalid value at '\(path)'"
        default:
            return "the request does not match the API document"
        }
    }
}
