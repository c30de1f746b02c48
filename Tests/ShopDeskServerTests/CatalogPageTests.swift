import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import ShopDeskServer

/// The catalog page's CSV import and export (issue 16, part 8).
@Suite("Catalog page: CSV import with its errors, export")
struct CatalogPageTests {
    @Test("a file with a bad row is refused whole with its line numbers; a good one is taken and the export gives it back")
    func csvImport() async throws {
        try await TestApp.run { app, client in
            let session = try await WebPageTests.signIn(client, app: app)
            let page = String(buffer: try await WebPageTests.get(client, "/catalog", cookies: [session]).body)
            let csrf = try WebPageTests.csrf(in: page)
            let header = "sku,title:vi,price:VN:VND,on_hand"
            let bad = [header, "AO-1,Áo đỏ,199000,10", "AO-2,,abc,-3"].joined(separator: "\n")
            let refused = try await WebPageTests.post(client, "/catalog/csv", form: ["csrf": csrf, "csv": bad], cookies: [session])
            #expect(refused.status == .unprocessableContent)
            let shown = String(buffer: refused.body)
            #expect(shown.contains("Line 3:"))
            #expect(!shown.contains("data-sku=\"AO-1\""), "nothing of the file was written")

            let good = [header, "AO-1,Áo đỏ,199000,10", "AO-2,Áo xanh,209000,4"].joined(separator: "\n") + "\n"
            let taken = try await WebPageTests.post(client, "/catalog/csv", form: ["csrf": csrf, "csv": good], cookies: [session])
            #expect(taken.status == .seeOther)
            #expect(taken.headers[.location] == "/catalog?imported=2")
            let after = String(buffer: try await WebPageTests.get(client, "/catalog?imported=2", cookies: [session]).body)
            #expect(after.contains("2 SKUs imported."))
            #expect(after.contains("data-sku=\"AO-2\" data-level=\"low\""), "4 available is low against the default threshold of 5")
            let export = try await WebPageTests.get(client, "/catalog.csv", cookies: [session])
            #expect(export.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(String(buffer: export.body) == good)
            let noToken = try await WebPageTests.post(client, "/catalog/csv", form: ["csv": good], cookies: [session])
            #expect(noToken.status == .forbidden)
        }
    }
}
