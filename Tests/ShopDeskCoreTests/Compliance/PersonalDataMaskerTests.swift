import Foundation
import Testing

@testable import ShopDeskCore

@Suite("Masking buyers' personal data")
struct PersonalDataMaskerTests {
    static let masker = PersonalDataMasker()

    @Test(
        "phone numbers keep their last two digits, e-mails their first letter and domain",
        arguments: [
            ("VN", "Gọi em số 0912 345 678 nha", "Gọi em số •••• ••• •78 nha"),
            ("VN", "zalo 0912.345.678", "zalo ••••.•••.•78"),
            ("TH", "โทร 081-234-5678 ค่ะ", "โทร •••-•••-••78 ค่ะ"),
            ("MY", "WhatsApp saya +60 12-345 6789", "WhatsApp saya +•• ••-••• ••89"),
            ("SG", "email me at lan.tran@gmail.com thanks", "email me at l••.••••@gmail.com thanks"),
        ])
    func contacts(market: String, text: String, masked: String) {
        #expect(Self.masker.mask(text, market: market) == masked)
    }

    @Test(
        "addresses are masked from their first part to the end of the line",
        arguments: [
            (
                "VN", "Giao giúp em tới 12 đường Lê Lợi, phường Bến Nghé\ncảm ơn shop",
                "Giao giúp em tới •• ••••• •• •••, •••••• ••• ••••\ncảm ơn shop"
            ),
            ("MY", "Alamat: No 5, Jalan Ampang 3, Kuala Lumpur", "Alamat: No •, ••••• •••••• •, ••••• ••••••"),
            ("TH", "ส่งที่ 99/1 ซอย 5 ถนนสุขุมวิท", "ส่งที่ ••/• ••• • •••••••••••"),
            ("CN", "地址：北京市朝阳区建国路88号", "地址：北京••••••••••"),
        ])
    func addresses(market: String, text: String, masked: String) {
        let result = Self.masker.mask(text, market: market)
        #expect(result == masked)
        #expect(result.unicodeScalars.count == text.unicodeScalars.count)
    }

    @Test(
        "ordinary commerce text is left alone",
        arguments: [
            ("VN", "Đơn hàng 240915ABCD123 đã giao cho GHN, mã vận đơn GHN123456789"),
            ("VN", "Quần size 30 còn 2 cái, giá 199.000đ"),
            ("MY", "Harga RM 45.90, beli 2 unit dapat diskaun"),
            ("TH", "ราคา ฿1,290 ส่งภายใน 2 วัน ขนาด 5 ม."),
            ("SG", "Order no. 2409150012 ships on 12/10 via J&T"),
            ("CN", "订单号 3021 已发货，3号前到"),
            ("ID", "Kak, stok warna merah tinggal 3 pcs ya"),
        ])
    func commerce(market: String, text: String) {
        #expect(Self.masker.mask(text, market: market) == text)
        #expect(Self.masker.spans(in: text, market: market).isEmpty)
    }

    @Test("a WhatsApp id is masked as a whole phone number")
    func wholePhoneNumber() {
        #expect(PersonalDataMasker.maskWholePhoneNumber("6591234567") == "••••••••67")
    }

    @Test("the compliance corpus: every phone and e-mail the guard blocks is masked, and legitimate commerce text stays readable")
    func corpus() throws {
        let entries = try ComplianceCorpusTests.load()
        var maskedLegitimate: [String] = []
        var legitimate = 0
        for entry in entries {
            let spans = Self.masker.spans(in: entry.text, market: entry.market)
            // What the guard would stop on a marketplace (a phone is fine to send on Facebook, but it is
            // still a phone to mask).
            let contacts = ComplianceGuard.standard.check(
                entry.text, context: ComplianceContext(platform: .shopee, market: entry.market)
            ).findings.filter { $0.reason == .phoneNumber || $0.reason == .emailAddress }
            for finding in contacts {
                #expect(spans.contains { $0.start <= finding.start && $0.end >= finding.end }, "\(entry.id): \(entry.text)")
            }
            if entry.expected.isEmpty, contacts.isEmpty {
                legitimate += 1
                if !spans.isEmpty { maskedLegitimate.append("\(entry.id): \(Self.masker.mask(entry.text, market: entry.market))") }
            }
        }
        print("masked legitimate messages: \(maskedLegitimate.count) of \(legitimate)")
        for line in maskedLegitimate { print("  \(line)") }
        #expect(Double(maskedLegitimate.count) / Double(legitimate) <= 0.01)
    }
}
