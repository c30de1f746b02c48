import Foundation
import Testing

@testable import ShopDeskCore

/// Finding positions are Unicode scalar offsets into the text the agent typed, whatever came before:
/// Vietnamese in either normal form, Thai, emoji sequences, full-width digits, invisible characters.
@Suite("Compliance: spans")
struct ComplianceSpanTests {
    func onlyFinding(_ text: String, _ market: String, platform: Platform = .shopee) throws -> ComplianceFinding {
        let findings = ComplianceGuard.standard.check(text, platform, market).findings
        #expect(findings.count == 1, "\(findings)")
        return try #require(findings.first)
    }

    @Test("a phone number after Vietnamese text is found at its scalar offsets")
    func vietnamese() throws {
        let text = "Dạ đây là số 0909 123 456 nhé"
        let finding = try self.onlyFinding(text, "VN")
        #expect(finding.excerpt(of: text) == "0909 123 456")
        #expect(finding.start == 13 && finding.end == 25)
    }

    @Test("decomposed Vietnamese (combining marks) shifts the offsets by its extra scalars")
    func decomposedVietnamese() throws {
        let text = "Dạ đây là số 0909 123 456 nhé".decomposedStringWithCanonicalMapping
        let finding = try self.onlyFinding(text, "VN")
        #expect(finding.excerpt(of: text) == "0909 123 456")
        #expect(finding.start == "Dạ đây là số ".decomposedStringWithCanonicalMapping.unicodeScalars.count)
        #expect(finding.start == 18)
    }

    @Test("a phrase with diacritics covers its combining marks")
    func markedPhrase() throws {
        let text = "Bạn kết bạn Zalo nhé".decomposedStringWithCanonicalMapping
        let finding = try self.onlyFinding(text, "VN")
        #expect(finding.excerpt(of: text) == "kết bạn Zalo".decomposedStringWithCanonicalMapping)
    }

    @Test("Thai text, vowels and tone marks before the finding count one scalar each")
    func thai() throws {
        let prefix = "ติดต่อร้านที่เบอร์ "
        let text = prefix + "081-234-5678 ได้เลยค่ะ"
        let finding = try self.onlyFinding(text, "TH")
        #expect(finding.excerpt(of: text) == "081-234-5678")
        #expect(finding.start == prefix.unicodeScalars.count)
        #expect(finding.start == 19)
    }

    @Test(
        "emoji before the finding, with skin tones and joiners, count their scalars",
        arguments: [
            ("🔥", 1), ("👍🏽", 2), ("👨‍👩‍👧", 5), ("❤️", 2), ("🇻🇳", 2),
        ])
    func emoji(prefix: String, scalars: Int) throws {
        let text = "\(prefix) Phone 9123 4567"
        let finding = try self.onlyFinding(text, "SG")
        #expect(finding.excerpt(of: text) == "9123 4567")
        #expect(finding.start == scalars + 7)
    }

    @Test("full-width digits and an international prefix are part of the span")
    func fullWidthAndPlus() throws {
        let text = "Số ＋８４ ９０９ １２３ ４５６ ạ"
        let finding = try self.onlyFinding(text, "VN", platform: .tiktokShop)
        #expect(finding.excerpt(of: text) == "＋８４ ９０９ １２３ ４５６")
        #expect(finding.reason == .phoneNumber)
    }

    @Test("a zero-width space inside an app name does not hide it, and stays inside the span")
    func zeroWidth() throws {
        let text = "Bạn kết bạn za\u{200B}lo nha"
        let finding = try self.onlyFinding(text, "VN")
        #expect(finding.excerpt(of: text) == "kết bạn za\u{200B}lo")
    }

    @Test("two findings in one message come in text order with their own spans")
    func order() {
        let text = "Email shop@gmail.com hoặc gọi 0912 345 678"
        let findings = ComplianceGuard.standard.check(text, .lazada, "VN").findings
        #expect(findings.map { $0.excerpt(of: text) } == ["shop@gmail.com", "0912 345 678"])
        #expect(findings.map(\.reason) == [.emailAddress, .phoneNumber])
    }

    @Test("the folded view reads full-width, diacritics, Thai digits and Traditional Chinese as their plain forms")
    func folding() throws {
        let rules = try ComplianceRules.bundled()
        var folds: [UInt32: UInt32] = [:]
        let pairs = Array(rules.common.characterFolds.unicodeScalars)
        for index in stride(from: 0, to: pairs.count, by: 2) { folds[pairs[index].value] = pairs[index + 1].value }
        func folded(_ text: String) -> String {
            String(String.UnicodeScalarView(ComplianceText(text, folds: folds).folded.compactMap(Unicode.Scalar.init)))
        }
        #expect(folded("ĐẶT HÀNG Ở ĐÂY") == "dat hang o day")
        #expect(folded("ＡＢＣ１２３＠") == "abc123@")
        #expect(folded("๐๘๑") == "081")
        #expect(folded("評價號碼") == "评价号码")
        #expect(folded("a\u{200B}b\u{FE0F}") == "ab")
    }
}
