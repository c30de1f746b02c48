import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import ShopDeskCore
@testable import ShopDeskServer

@Suite("Translations: every page in every language, from that language's catalog")
struct TranslationTests {
    static func placeholders(_ value: String) -> [String] {
        WebText.segments(of: value).compactMap { segment in
            if case .placeholder(let name) = segment { name } else { nil }
        }.sorted()
    }

    @Test("every language's catalog has every key, none empty, each with the placeholders of the English text")
    func catalogsAreComplete() throws {
        #expect(Set(WebText.catalogs.keys) == Set(WebText.languages))
        for language in WebText.languages {
            let catalog = try #require(WebText.catalogs[language])
            for key in WebText.Key.allCases {
                guard let value = catalog[key] else {
                    Issue.record("\(language) has no text for \(key)")
                    continue
                }
                #expect(!value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(language) \(key) is empty")
                #expect(Self.placeholders(value) == Self.placeholders(WebCatalog.english[key] ?? ""), "\(language) \(key): \(value)")
            }
        }
    }

    @Test(
        "the Thai and Chinese catalogs hold no Latin words but key names, codes, the product's name and platform brands",
        arguments: ["th", "zh-Hans"])
    func noLatinLeftIn(language: String) throws {
        let allowed: Set = ["ShopDesk", "Enter", "vi", "th", "zh", "Hans", "WhatsApp", "CSV"]
        for (key, value) in try #require(WebText.catalogs[language]) {
            let words = WebText.segments(of: value).compactMap { segment in
                if case .literal(let text) = segment { text } else { nil }
            }.joined(separator: " ")
            let latin = words.split { !($0.isASCII && $0.isLetter) }.map(String.init).filter { !allowed.contains($0) }
            #expect(latin.isEmpty, "\(language) \(key): \(latin)")
        }
    }

    @Test("a value is filled in where its language puts the placeholders; markup values stay markup, the catalog's text is escaped")
    func formatting() {
        let thai = WebText(preferred: "th", acceptLanguage: nil)
        #expect(thai.format(.hoursMinutes, ["hours": "2", "minutes": "5"]) == "2 ชม. 5 นาที")
        let chinese = WebText(preferred: "zh-Hans", acceptLanguage: nil)
        #expect(chinese.format(.answeredInTime, ["inTime": "3", "eligible": "4", "pending": "1"]) == "4 个聊天中 3 个按时回复，1 个待回复")
        let markup = thai.format(.atRiskCount, ["count": "<span id=\"at-risk\">3</span>" as HTML])
        #expect(markup.rendered == "ใกล้ครบกำหนด: <span id=\"at-risk\">3</span>")
        #expect(WebText.segments(of: "a {b} {c d} {") == [.literal("a "), .placeholder("b"), .literal(" {c d} {")])
    }

    @Test("the matcher refuses English left on a Thai page and accepts Thai catalog text with data in its placeholders")
    func matcherCatchesEnglish() {
        let matcher = CatalogMatcher(language: "th", data: ["Kedai Lan"])
        #expect(matcher.allows("ใกล้ครบกำหนด: 3"))
        #expect(matcher.allows("Kedai Lan · ความคิดเห็น"))
        #expect(matcher.allows("ความคิดเห็น"))
        #expect(matcher.allows("อัตราการตอบแชท, Kedai Lan: อัตรารายวันในช่วง 14 วันล่าสุด"))
        #expect(!matcher.allows("Unread: 3"))
        #expect(!matcher.allows("Kind"))
        #expect(matcher.english(in: "ส่งแล้ว · Sign out") == ["Sign out"])
        #expect(matcher.english(in: "Kedai Lan") == [])
    }

    @Test("every page shows only its language's catalog text and the test's own data", arguments: WebText.languages)
    func pages(language: String) async throws {
        try await TestApp.run { app, client in
            let shown = try await TranslatedPages.render(in: language, client: client, app: app)
            let matcher = CatalogMatcher(language: language, data: shown.data)
            #expect(shown.pages.count >= 14)
            for (name, html) in shown.pages {
                #expect(html.contains("<html lang=\"\(language)\">") || !html.contains("<html"), "\(language) \(name)")
                for text in VisibleText.of(html) {
                    let allowed = matcher.allows(text)
                    #expect(allowed, "\(language) \(name): not in the catalog: \(text)")
                    let english = matcher.english(in: text)
                    #expect(english.isEmpty, "\(language) \(name): English left: \(english) in \(text)")
                }
            }
        }
    }
}
