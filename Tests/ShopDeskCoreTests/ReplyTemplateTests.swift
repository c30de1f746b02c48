import Foundation
import Testing

@testable import ShopDeskCore

@Suite("Reply templates")
struct ReplyTemplateTests {
    static let versions = [
        ReplyTemplate(name: "shipped", language: "en", body: "Hi {buyer_name}, order {order_id} has shipped ({tracking_number}).", updatedAt: Date()),
        ReplyTemplate(name: "shipped", language: "vi", body: "Chào {buyer_name}, đơn {order_id} đã được gửi.", updatedAt: Date()),
        ReplyTemplate(name: "shipped", language: "zh-Hans", body: "{buyer_name}您好，订单{order_id}已发货。", updatedAt: Date()),
    ]

    @Test(
        "the buyer's language picks the version: exact, then the same language, then English",
        arguments: [
            ("vi", "vi"), ("vi-VN", "vi"), ("zh-Hans", "zh-Hans"), ("zh-TW", "zh-Hans"), ("th", "en"), (nil, "en"),
        ] as [(String?, String)])
    func pick(buyer: String?, expected: String) {
        #expect(ReplyTemplate.version(of: Self.versions, for: buyer)?.language == expected)
    }

    @Test("known variables are filled in; one without a value stays visible")
    func render() {
        let text = Self.versions[0].rendered(["buyer_name": "Lan", "order_id": "2411ABC"])
        #expect(text == "Hi Lan, order 2411ABC has shipped ({tracking_number}).")
    }

    @Test("names, languages and texts are checked")
    func validation() {
        #expect(throws: ValidationError.self) { try ReplyTemplate.validate(name: "", language: "en", body: "x") }
        #expect(throws: ValidationError.self) { try ReplyTemplate.validate(name: "a", language: "english!", body: "x") }
        #expect(throws: ValidationError.self) { try ReplyTemplate.validate(name: "a", language: "en", body: "  ") }
        #expect(throws: Never.self) { try ReplyTemplate.validate(name: "a", language: "zh-Hans", body: "x") }
    }
}
