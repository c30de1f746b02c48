import Foundation
import ShopDeskCore

/// The message templates Meta has approved for every simulated WhatsApp number, and the Cloud API's
/// checks of a template message: the template must exist in that language (error 132001) and get exactly
/// its number of body parameters (error 132000), each without line breaks or tabs (error 132018).
/// Error codes: developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes.
extension SimulatedWorld {
    public struct ApprovedTemplate: Sendable, Hashable {
        public var name: String
        public var language: String
        public var category: String
        public var body: String

        public var parameterCount: Int { WhatsAppTemplate.parameterCount(of: self.body) }
    }

    /// What a seller would have had approved to follow up after the 24-hour window, in three languages.
    public static let approvedWhatsAppTemplates = [
        ApprovedTemplate(
            name: "order_follow_up", language: "en", category: "UTILITY",
            body: "Hi {{1}}, thank you for your message about {{2}}. Reply here and we will help you right away."),
        ApprovedTemplate(
            name: "order_follow_up", language: "th", category: "UTILITY",
            body: "สวัสดีค่ะคุณ {{1}} ขอบคุณที่สอบถามเรื่อง {{2}} ตอบกลับข้อความนี้ได้เลย ทางร้านยินดีช่วยค่ะ"),
        ApprovedTemplate(
            name: "order_follow_up", language: "vi", category: "UTILITY",
            body: "Chào {{1}}, cảm ơn bạn đã hỏi về {{2}}. Bạn trả lời tin này để shop hỗ trợ ngay nhé."),
    ]

    /// The text of a template message as the buyer reads it, or the Cloud API's refusal.
    func whatsAppTemplateText(_ template: [String: Any]) -> Result<(name: String, text: String), SimulatedRefusal> {
        guard let name = template["name"] as? String, let language = (template["language"] as? [String: Any])?["code"] as? String else {
            return .failure(SimulatedRefusal(code: 100, message: "(#100) Invalid parameter: template needs name and language.code"))
        }
        guard let approved = Self.approvedWhatsAppTemplates.first(where: { $0.name == name && $0.language == language }) else {
            return .failure(SimulatedRefusal(code: 132001, message: "(#132001) Template name does not exist in the translation"))
        }
        let components = template["components"] as? [[String: Any]] ?? []
        let parameters = components.filter { $0["type"] as? String == "body" }.flatMap { $0["parameters"] as? [[String: Any]] ?? [] }
        let texts = parameters.compactMap { $0["type"] as? String == "text" ? $0["text"] as? String : nil }
        guard texts.count == parameters.count, texts.count == approved.parameterCount else {
            return .failure(SimulatedRefusal(code: 132000, message: "(#132000) Number of parameters does not match the expected number of params"))
        }
        guard texts.allSatisfy({ !$0.isEmpty && !$0.contains(where: { $0.isNewline || $0 == "\t" }) }) else {
            return .failure(SimulatedRefusal(code: 132018, message: "(#132018) There was an issue with the parameters in your template"))
        }
        var text = approved.body
        for (index, value) in texts.enumerated() { text = text.replacingOccurrences(of: "{{\(index + 1)}}", with: value) }
        return .success((name, text))
    }
}

/// A refusal in the Graph API's error shape.
struct SimulatedRefusal: Error {
    var code: Int
    var message: String
}
