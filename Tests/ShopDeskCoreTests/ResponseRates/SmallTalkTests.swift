import Testing

@testable import ShopDeskCore

@Suite("Small talk")
struct SmallTalkTests {
    @Test(
        "greetings, acknowledgements and emoji alone are small talk",
        arguments: [
            "hi", "Hello!", "HEY", "ok", "Okay.", "thanks", "Thank you!!", "hi there 👋", "👍", "🙏🙏", "...", "hello po", "po",
            "dạ", "Vâng ạ", "vang a", "Chào bạn!", "chao ban", "Dạ, cảm ơn chị", "สวัสดีค่ะ", "สวัสดีครับ", "ขอบคุณค่ะ", "hai", "Halo kak",
            "terima kasih", "你好", "您好！", "salamat po", "Hi, good morning!", "Alo", "Chào bạn nha", "Dạ shop chào bạn ạ", "Xin chào quý khách",
            "谢谢亲",
        ])
    func smallTalk(text: String) {
        #expect(SmallTalk.isSmallTalkOnly(text))
    }

    @Test(
        "anything that may answer the buyer is not small talk",
        arguments: [
            "yes", "Hi, it ships tomorrow", "ok, 2 left", "size M", "hello 123", "Chào bạn, còn hàng ạ", "มีค่ะ", "ada kak",
            "你好，有货", "thank you for waiting, refund is done", "", "   ",
        ])
    func notSmallTalk(text: String) {
        #expect(!SmallTalk.isSmallTalkOnly(text))
    }
}
