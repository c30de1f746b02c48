import Foundation
import HTTPTypes
import Hummingbird
import Testing

@testable import ShopDeskServer
@testable import ShopDeskStore

@Suite("Errors over HTTP")
struct HTTPProblemTests {
    @Test("an overloaded ingest queue answers 503 with Retry-After, so that a platform delivers the push again shortly")
    func overloaded() throws {
        let problem = try #require(HTTPProblem(IngestError.overloaded))
        #expect(problem.status == .serviceUnavailable)
        #expect(problem.code == "overloaded")
        let response = APIHandler.response(for: problem)
        #expect(response.status == .serviceUnavailable)
        #expect(response.headers[.retryAfter] == "1")
        #expect(WebPage.errorPage(problem, acceptLanguage: "th").headers[.retryAfter] == "1")
    }
}
