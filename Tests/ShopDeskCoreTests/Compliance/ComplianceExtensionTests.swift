import Foundation
import Testing

@testable import ShopDeskCore

/// A workspace's additions to the bundled rules (`ComplianceRuleExtension`).
@Suite("Compliance: rule extensions")
struct ComplianceExtensionTests {
    func extended(_ addition: ComplianceRuleExtension) throws -> ComplianceGuard {
        try ComplianceGuard.bundled(extension: addition)
    }

    @Test("a phrase added for one market is flagged there, with or without diacritics, and only there")
    func marketPhrase() throws {
        let text = "Bạn đặt qua kênh livestream riêng của shop nha"
        #expect(ComplianceGuard.standard.rules(text, .shopee, "VN").isEmpty)
        let complianceGuard = try self.extended(
            ComplianceRuleExtension(phrases: [
                .init(rule: "off_platform_contact", market: "VN", phrases: ["kênh livestream riêng"])
            ]))
        #expect(complianceGuard.rules(text, .shopee, "VN") == [.offPlatformContact])
        #expect(complianceGuard.rules("ban dat qua kenh livestream rieng nha", .shopee, "VN") == [.offPlatformContact])
        #expect(complianceGuard.rules(text, .shopee, "TH").isEmpty)
    }

    @Test("a phrase added to a named list joins that list's logic: a new app pairs with the contact verbs")
    func namedList() throws {
        let text = "Message us on Threema for the wholesale list"
        #expect(ComplianceGuard.standard.rules(text, .lazada, "SG").isEmpty)
        let complianceGuard = try self.extended(
            ComplianceRuleExtension(phrases: [
                .init(rule: "off_platform_contact", list: "app", phrases: ["Threema"])
            ]))
        #expect(complianceGuard.rules(text, .lazada, "SG") == [.offPlatformContact])
        #expect(complianceGuard.rules("Threema is popular in Switzerland", .lazada, "SG").isEmpty)
    }

    @Test("a phrase added with diacritics matching does not match the same letters without them")
    func diacritics() throws {
        let complianceGuard = try self.extended(
            ComplianceRuleExtension(phrases: [
                .init(rule: "abusive_language", market: "VN", phrases: ["đồ dở hơi"], matchDiacritics: true)
            ]))
        #expect(complianceGuard.rules("Đồ dở hơi, đọc kỹ đi", .shopee, "VN") == [.abusiveLanguage])
        #expect(complianceGuard.rules("Đồ dò hơi", .shopee, "VN").isEmpty)
    }

    @Test("review and abuse phrases, and more small talk, can be added too")
    func otherRules() throws {
        let complianceGuard = try self.extended(
            ComplianceRuleExtension(phrases: [
                .init(rule: "review_manipulation", phrases: ["lucky draw for reviewers"]),
                .init(rule: "abusive_language", phrases: ["numbskull"]),
                .init(rule: "small_talk_only", phrases: ["have a nice day"]),
            ]))
        #expect(complianceGuard.rules("Join our lucky draw for reviewers!", .shopee, "MY") == [.reviewManipulation])
        #expect(complianceGuard.rules("You numbskull", .shopee, "MY") == [.abusiveLanguage])
        #expect(complianceGuard.rules("Thanks, have a nice day!", .tiktokShop, "MY") == [.smallTalkOnly])
        #expect(ComplianceGuard.standard.rules("Thanks, have a nice day!", .tiktokShop, "MY").isEmpty)
    }

    @Test("an allowed host lets its links through on that platform only")
    func allowedLink() throws {
        let text = "Size guide: https://help.glowup.example.com/sizes"
        #expect(ComplianceGuard.standard.rules(text, .lazada, "SG") == [.offPlatformContact])
        let complianceGuard = try self.extended(
            ComplianceRuleExtension(allowedLinks: [
                .init(platform: "lazada", hosts: ["help.glowup.example.com"], pathPrefixes: ["/sizes"])
            ]))
        #expect(complianceGuard.rules(text, .lazada, "SG").isEmpty)
        #expect(complianceGuard.rules("https://help.glowup.example.com/contact", .lazada, "SG") == [.offPlatformContact])
        #expect(complianceGuard.rules(text, .shopee, "SG") == [.offPlatformContact])
    }

    @Test("an extension decodes from the JSON the admin UI stores, lists left out being empty")
    func decoding() throws {
        let json = #"{"phrases":[{"rule":"abusive_language","market":"PH","phrases":["ungas"]}]}"#
        let addition = try JSONDecoder().decode(ComplianceRuleExtension.self, from: Data(json.utf8))
        #expect(addition.allowedLinks.isEmpty)
        #expect(try self.extended(addition).rules("Ungas ka talaga", .shopee, "PH") == [.abusiveLanguage])
    }

    @Test("an invalid extension is rejected with every problem and the field to fix")
    func invalid() throws {
        let addition = ComplianceRuleExtension(
            phrases: [
                .init(rule: "off_platform", phrases: ["x"]),
                .init(rule: "spam_repetition", phrases: ["x"]),
                .init(rule: "abusive_language", market: "vn", phrases: ["x"]),
                .init(rule: "abusive_language", market: "Vietnam", phrases: []),
                .init(rule: "review_manipulation", list: "bonus", phrases: ["  !! "]),
                .init(rule: "small_talk_only", list: "greetings", phrases: ["yo yo"]),
            ],
            allowedLinks: [
                .init(platform: "tiktok", hosts: ["https://shop.example.com/a"], pathPrefixes: ["products"]),
                .init(platform: "custom", hosts: []),
            ]
        )
        let rules = try ComplianceRules.bundled()
        let invalid = try #require(throws: ComplianceRuleExtension.Invalid.self) { try addition.validate(against: rules) }
        #expect(
            invalid.errors.map(\.field) == [
                "phrases[0].rule", "phrases[1].rule", "phrases[2].market", "phrases[3].market", "phrases[3].phrases",
                "phrases[4].list", "phrases[4].phrases[0]", "phrases[5].list",
                "allowedLinks[0].platform", "allowedLinks[0].hosts[0]", "allowedLinks[0].pathPrefixes[0]", "allowedLinks[1].hosts",
            ])
        #expect(invalid.errors[0].message.contains("unknown rule 'off_platform'"))
        #expect(invalid.errors[1].message.contains("takes no phrases"))
        #expect(invalid.errors[5].message.contains("has no list 'bonus'"))
        #expect(throws: ComplianceGuard.BuildError.self) { try ComplianceGuard(rules: rules, extension: addition) }
    }
}
