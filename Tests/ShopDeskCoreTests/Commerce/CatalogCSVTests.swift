import Foundation
import Testing

@testable import ShopDeskCore

@Suite("Catalog CSV")
struct CatalogCSVTests {
    static let good = #"""
        sku,title:th,title:vi,price:TH:THB,price:VN:VND,on_hand
        MUG-01,"แก้ว ""ลายแมว""",Cốc mèo,159.00,89000,12
        TEE-RED-M,เสื้อยืดสีแดง,"Áo thun đỏ, size M",259.50,199000,5

        """#

    @Test("a good file reads row by row and writes back exactly as it was")
    func roundTrip() throws {
        let rows = try CatalogCSV.read(Self.good)
        #expect(rows.map(\.sku) == ["MUG-01", "TEE-RED-M"])
        #expect(rows[0].title["th"] == "แก้ว \"ลายแมว\"")
        #expect(rows[1].title["vi"] == "Áo thun đỏ, size M")
        #expect(rows[1].prices.map(\.amountMinor) == [25950, 199000])
        #expect(CatalogCSV.write(rows) == Self.good)
    }

    @Test("a file with bad rows is refused whole, each problem by its line")
    func badRows() {
        let bad = """
            sku,title:vi,price:VN:VND,on_hand
            A1,Áo,100000,3
            A 2,Quần,100000,1
            A3,Mũ,99.5,1
            A1,Áo lại,100000,-1
            A4,"chưa đóng
            """
        #expect(throws: CatalogCSV.Problems.self) { try CatalogCSV.read(bad) }
        do {
            _ = try CatalogCSV.read(bad)
        } catch {
            #expect(error.all.map(\.line) == [6], "an unclosed quote stops the reading")
        }
        let rows = """
            sku,title:vi,price:VN:VND,on_hand
            A1,Áo,100000,3
            A 2,Quần,100000,1
            A3,Mũ,99.5,1
            A1,Áo lại,100000,-1
            A5,,100000,1
            """
        do {
            _ = try CatalogCSV.read(rows)
            Issue.record("a bad file was read")
        } catch {
            #expect(error.all.map(\.line) == [3, 4, 5, 5, 6])
        }
        do {
            _ = try CatalogCSV.read("sku,colour\nA,red\n")
            Issue.record("an unknown column was read")
        } catch {
            #expect(error.all.first?.line == 1)
        }
    }
}
