import Foundation
import HTTPTypes
import Hummingbird
import Logging
import OpenAPIRuntime
import Prometheus

/// Turns every error into the JSON shape `{"error":{"code","message"}}` with the right status.
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
            let apiError = self.translate(error, context: context)
            return Self.response(for: apiError)
        }
    }

    private func translate(_ error: any Error, context: Context) -> APIError {
        let serverError = error as? ServerError
        let underlying = serverError?.underlyingError ?? error
        if let known = APIError(underlying) { return known }
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

    static func response(for error: APIError) -> Response {
        let envelope = Components.Schemas.ErrorResponse(error: .init(code: error.code, message: error.message, compliance: error.compliance))
        let data = (try? JSONEncoder().encode(envelope)) ?? Data()
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: error.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
