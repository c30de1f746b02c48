import Testing

@testable import ShopDeskCore

/// Off-platform contact, one format at a time; the corpus covers whole messages.
@Suite("Compliance: off-platform contact")
struct ComplianceContactTests {
    @Test(
        "phone numbers of every market, however they are written, are found",
        arguments: [
            ("VN", "0909 123 456"), ("VN", "0912.345.678"), ("VN", "+84 909 876 543"), ("VN", "84909876543"), ("VN", "028 3823 4567"),
            ("VN", "1900 6868"),
            ("VN", "O9O9.888.777"), ("VN", "0 9 1 2 3 4 5 6 7 8"), ("VN", "０９０９１２３４５６"), ("VN", "không chín không chín một hai ba bốn năm sáu"),
            ("TH", "081-234-5678"), ("TH", "02 123 4567"), ("TH", "+66 92 345 6789"), ("TH", "๐๘๙๑๒๓๔๕๖๗"), ("TH", "ศูนย์แปดหนึ่งสองสามสี่ห้าหกเจ็ดแปด"),
            ("MY", "012-345 6789"), ("MY", "011-2345 6789"), ("MY", "+60 17 888 9999"), ("MY", "03-2345 6789"),
            ("MY", "kosong satu dua, tiga empat lima, enam tujuh lapan sembilan"),
            ("SG", "9123 4567"), ("SG", "+65 8765 4321"), ("ID", "0812-3456-7890"), ("ID", "+62 813 9876 5432"), ("ID", "021-5550-1234"),
            ("PH", "0917 123 4567"), ("PH", "+63 998 765 4321"), ("PH", "(02) 8123 4567"), ("CN", "138 1234 5678"), ("CN", "13912345678"),
            ("CN", "一三八 一二三四 五六七八"), ("CN", "+86 139 1234 5678"), ("CN", "010-1234 5678"), ("CN", "400-123-4567"), ("US", "(415) 555-0132"),
            ("US", "1-800-555-0199"), ("US", "212.555.0147"), ("US", "+1 917 555 0148"), ("VN", "138 1234 5678"), ("MY", "(415) 555-0132"),
        ])
    func phones(market: String, number: String) throws {
        let text = "Contact: \(number) ok"
        let finding = try #require(ComplianceGuard.standard.check(text, .shopee, market).findings.first { $0.reason == .phoneNumber })
        #expect(finding.excerpt(of: text) == number)
    }

    @Test(
        "commerce numbers are not phone numbers",
        arguments: [
            "Order 2411240QWERTY", "Order 576653688135258178", "#SO-12345", "SPXVN0123456789", "JNT 123456789012", "TH01234567890A",
            "NVSG12345678901",
            "KEX1234567890", "199.000đ", "RM 45.90", "฿1,290", "Rp 150.000", "Rp 1.250.000.000", "₱1,299", "¥88", "$19.99", "28.990.000đ",
            "24/11/2024", "2024-11-24", "10:30", "9h-12h", "size 38-40", "XL", "iPhone 15 Pro Max 256GB", "SM-G991B", "qty 1000", "10000mAh",
            "IMEI 356789012345678", "Serial 1234-5678-9012-3456", "mã vận đơn 841234567890", "tracking 640012345678", "sizes 38, 39, 40, 41, 42",
            "Lot 20241120-B", "năm 2024 shop bán 3 mẫu", "GHN", "J&T Express", "Ninja Van", "Pos Laju EP123456789MY", "91234567890123",
        ])
    func notPhones(text: String) {
        for market in ["VN", "TH", "MY", "SG", "ID", "PH", "CN", "US"] {
            #expect(!ComplianceGuard.standard.rules(text, .shopee, market).contains(.offPlatformContact), "\(text) in \(market)")
        }
    }

    @Test(
        "a bare SG, CN or US number needs its market, phone-like grouping or a phone word",
        arguments: [
            ("91234567", "SG", true), ("91234567", "VN", false), ("9123 4567", "VN", true), ("call 91234567", "VN", true),
            ("13912345678", "CN", true), ("13912345678", "MY", false), ("139 1234 5678", "MY", true),
            ("4155550132", "US", true), ("4155550132", "PH", false), ("415-555-0132", "PH", true), ("order 91234567", "SG", false),
        ])
    func bareNumbers(text: String, market: String, flagged: Bool) {
        #expect(ComplianceGuard.standard.rules(text, .lazada, market).contains(.offPlatformContact) == flagged)
    }

    @Test(
        "e-mail addresses, also spelled out, are found",
        arguments: [
            "shopabc@gmail.com", "kefu88@qq.com", "tokoku.official@yahoo.co.id", "lina dot store at gmail dot com",
            "banhang123 a còng gmail chấm com",
            "admin(at)tokobaju(dot)com", "ahmad.store @ gmail . com", "rosa [at] yahoo [dot] com", "name@gmail", "somchai แอท gmail ดอท com",
        ])
    func emails(address: String) {
        let findings = ComplianceGuard.standard.check("mail: \(address)", .shopee, "VN").findings
        #expect(findings.contains { $0.reason == .emailAddress }, "\(address)")
    }

    @Test(
        "links, short links and bare domains are found",
        arguments: [
            "https://tinyurl.com/promo", "http://katalog.net", "www.mybeautystore.com", "shopthoitrang.vn", "bit.ly/sale-99", "s.lazada.vn/s.abc",
            "t.me/dealsgroup", "wa.me/60123456789", "shp.ee/abc123", "kedaibaju.com.my", "tokoku.id/shop", "shop dot vn", "shop chấm com",
            "giaydep . com", "tokoku[.]com", "vt.tiktok.com/ZS123", "linktr.ee/glowup",
        ])
    func links(link: String) {
        let findings = ComplianceGuard.standard.check("xem: \(link)", .shopee, "VN").findings
        #expect(findings.contains { $0.reason == .link }, "\(link)")
    }

    @Test(
        "words that only look like domains are not links",
        arguments: [
            "Thanks.We ship today", "sorry.my bad", "e.g. the blue one", "TP.HCM", "v.v", "No.1 seller", "4.8 stars",
            "Thanks for ordering . Online payment is supported", "giao chậm, shop xin lỗi", "45.90",
        ])
    func notLinks(text: String) {
        #expect(!ComplianceGuard.standard.check(text, .shopee, "SG").findings.contains { $0.reason == .link }, "\(text)")
    }

    @Test(
        "the platform's own product and order pages may be linked on it, not elsewhere",
        arguments: [
            ("https://shopee.vn/Ao-thun-nam-i.123456.789012", Platform.shopee, true), ("shopee.vn/product/123/456", .shopee, true),
            ("https://shopee.vn/user/purchase/order/123", .shopee, true), ("https://shopee.vn/product/123/456", .lazada, false),
            ("https://www.lazada.co.th/products/abc-i123.html", .lazada, true),
            ("https://www.lazada.co.th/products/abc-i123.html", .tiktokShop, false),
            ("https://shop.tiktok.com/view/product/123", .tiktokShop, true), ("shp.ee/abc123", .shopee, false), ("s.lazada.vn/s.abc", .lazada, false),
            ("https://shopee.vn/sellerabc", .shopee, false),
        ])
    func ownPages(link: String, platform: Platform, allowed: Bool) {
        #expect(ComplianceGuard.standard.rules("Link: \(link)", platform, "VN").isEmpty == allowed)
    }

    @Test(
        "handles after an app name are invitations",
        arguments: [
            ("Follow our IG @glowup.store", "PH"), ("LINE: somsak99", "TH"), ("WeChat ID: abc_88", "CN"), ("Tele @dealsgroup", "SG"),
        ])
    func handles(text: String, market: String) {
        #expect(ComplianceGuard.standard.check(text, .shopee, market).findings.contains { $0.reason == .messagingApp })
    }

    @Test("sharing contact details on the seller's own channels is allowed", arguments: [Platform.facebook, .instagram, .whatsapp, .line, .custom])
    func ownChannels(platform: Platform) {
        #expect(ComplianceGuard.standard.rules("Call 0909 123 456 or mail shop@gmail.com, www.shop.vn", platform, "VN").isEmpty)
    }

    @Test(
        "the platform itself is not another app",
        arguments: [
            ("Chat with us here on Lazada anytime", Platform.lazada), ("Follow us on Shopee for more deals!", .shopee),
            ("Our TikTok live is at 8pm, join us!", .tiktokShop),
        ])
    func selfNames(text: String, platform: Platform) {
        #expect(ComplianceGuard.standard.rules(text, platform, "SG").isEmpty)
    }

    @Test("the bundled rules load and cover every platform and the eight markets")
    func bundledData() throws {
        let rules = try ComplianceRules.bundled()
        #expect(Set(rules.markets.map(\.market)).isSuperset(of: ["VN", "TH", "MY", "SG", "ID", "PH", "CN", "US"]))
        #expect(Set(rules.common.platforms.keys) == Set(Platform.allCases.map(\.rawValue)))
        _ = try ComplianceGuard(rules: rules)
        #expect(ComplianceGuard.standard.applies(.smallTalkOnly, on: .tiktokShop))
        #expect(!ComplianceGuard.standard.applies(.smallTalkOnly, on: .shopee))
        #expect(!ComplianceGuard.standard.applies(.offPlatformContact, on: .facebook))
    }
}
