import Testing

@testable import ShopDeskCore

@Suite("Compliance: explanations")
struct ComplianceExplanationTests {
    @Test("every reason has a sentence in every UI language")
    func complete() {
        for reason in ComplianceFinding.Reason.allCases {
            for language in ComplianceExplanation.Language.allCases {
                let text = ComplianceExplanation.templates[reason]?[language]
                #expect(text?.isEmpty == false, "\(reason.rawValue) in \(language.rawValue)")
            }
        }
    }

    @Test(
        "the agent's UI language picks the explanation, by its primary subtag",
        arguments: [
            ("en", "Phone numbers may not be shared"), ("vi-VN", "Không được chia sẻ số điện thoại"), ("zh-Hans", "平台聊天中不得分享电话号码"),
            ("zh-Hant-TW", "平台聊天中不得分享电话号码"), ("th", "ห้ามให้เบอร์โทรศัพท์"), ("ms-MY", "Nombor telefon tidak boleh dikongsi"),
            ("id", "Nomor telepon tidak boleh dibagikan"), ("in", "Nomor telepon tidak boleh dibagikan"), ("VI", "Không được chia sẻ số điện thoại"),
            ("fr-FR", "Phone numbers may not be shared"), ("", "Phone numbers may not be shared"), ("tl", "Phone numbers may not be shared"),
        ])
    func language(tag: String, expected: String) throws {
        let context = ComplianceContext(platform: .shopee, market: "VN", uiLanguage: tag)
        let finding = try #require(ComplianceGuard.standard.check("Gọi 0909 123 456 nhé", context: context).findings.first)
        #expect(finding.explanation.hasPrefix(expected))
    }

    @Test("counter explanations carry the counts")
    func counts() {
        let context = ComplianceContext(platform: .lazada, market: "TH", uiLanguage: "th", spam: SpamContext(unansweredMessages: 6))
        let finding = ComplianceGuard.standard.check("ติดตามพัสดุได้ในแอปค่ะ", context: context).findings.first
        #expect(finding?.explanation == "ส่งไปแล้ว 6 ข้อความตั้งแต่ผู้ซื้อตอบครั้งล่าสุด จำกัด 5 ข้อความใน 24 ชั่วโมงจนกว่าผู้ซื้อจะตอบ")
    }
}
