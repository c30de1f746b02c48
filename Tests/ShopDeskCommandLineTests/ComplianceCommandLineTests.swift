import ShopDeskCommandLine
import ShopDeskCore
import Testing

@Suite("shopdesk check-message")
struct ComplianceCommandLineTests {
    @Test("a single check prints one JSON object with the verdict and the findings")
    func single() throws {
        let output = try ComplianceCommandLine.run(.init(platform: "shopee", market: "VN", text: "Gọi 0909 123 456 nhé"), input: "")
        #expect(
            output
                == #"{"verdict":"block","findings":[{"rule":"off_platform_contact","severity":"block","start":4,"end":16,"explanation":"Phone numbers may not be shared in platform chat; keep the conversation here."}]}"#
        )
    }

    @Test("a single check reads the draft from standard input without its final newline, in the chosen language")
    func singleFromInput() throws {
        let output = try ComplianceCommandLine.run(.init(platform: "tiktok-shop", market: "TH", uiLanguage: "th"), input: "สวัสดีค่ะ\n")
        #expect(
            output
                == #"{"verdict":"warn","findings":[{"rule":"small_talk_only","severity":"warn","start":0,"end":9,"explanation":"การทักทายหรือตอบรับอย่างเดียวไม่นับเป็นการตอบกลับบน TikTok Shop กรุณาตอบคำถามของผู้ซื้อ"}]}"#
        )
        #expect(
            try ComplianceCommandLine.run(.init(platform: "lazada", market: "MY", text: "Saiz M ada"), input: "")
                == #"{"verdict":"ok","findings":[]}"#)
    }

    @Test("JSON Lines in, one result line per request out, in order, with its id")
    func jsonl() throws {
        let input = """
            {"id":"m1","platform":"lazada","market":"SG","text":"Your order ships today via Ninja Van."}

            {"id":"m2","platform":"tiktok-shop","market":"US","text":"Are you stupid? Email me: \\"kim@shop.com\\""}
            {"id":"m3","platform":"tiktok-shop","market":"VN","text":"dạ"}
            """
        let output = try ComplianceCommandLine.run(.init(jsonl: true), input: input).split(separator: "\n").map(String.init)
        #expect(output.count == 3)
        #expect(output[0] == #"{"id":"m1","verdict":"ok","findings":[]}"#)
        #expect(output[1].hasPrefix(#"{"id":"m2","verdict":"block","findings":[{"rule":"abusive_language","severity":"block","start":8,"end":14,"#))
        #expect(output[1].contains(#""rule":"off_platform_contact","severity":"block","start":27,"end":39,"#))
        #expect(
            output[2]
                == #"{"id":"m3","verdict":"warn","findings":[{"rule":"small_talk_only","severity":"warn","start":0,"end":2,"explanation":"A greeting or acknowledgement alone does not count as a response on TikTok Shop; answer the buyer's question."}]}"#
        )
    }

    @Test("malformed lines fail the run with every 1-based line number and what is wrong")
    func malformed() {
        let input = """
            {"id":"ok","platform":"shopee","market":"VN","text":"Dạ còn hàng"}
            {"id":"bad json",
            {"id":"x","platform":"shopee","market":"VN"}
            {"id":"y","platform":"tiktok","market":"VN","text":"hi"}

            {"id":"z","platform":"lazada","market":"vn","text":"hi"}
            ["not", "an", "object"]
            """
        #expect(
            throws: ComplianceCommandLine.Failure.malformedInput([
                .init(line: 2, message: "not a JSON object with string fields id, platform, market, text"),
                .init(line: 3, message: "missing text"),
                .init(
                    line: 4, message: "unknown platform 'tiktok'; platforms: tiktok-shop, shopee, lazada, facebook, instagram, whatsapp, line, custom"
                ),
                .init(line: 6, message: "market must be an ISO 3166-1 alpha-2 code such as VN or MY, not 'vn'"),
                .init(line: 7, message: "not a JSON object with string fields id, platform, market, text"),
            ])
        ) {
            try ComplianceCommandLine.run(.init(jsonl: true), input: input)
        }
    }

    @Test("a bad platform or market in single mode is a usage error, printed as one line")
    func usage() throws {
        let failure = try #require(throws: ComplianceCommandLine.Failure.self) {
            try ComplianceCommandLine.run(.init(platform: "shoppee", market: "VN", text: "hi"), input: "")
        }
        #expect(failure.lines == ["unknown platform 'shoppee'; platforms: tiktok-shop, shopee, lazada, facebook, instagram, whatsapp, line, custom"])
        #expect(throws: ComplianceCommandLine.Failure.self) {
            try ComplianceCommandLine.run(.init(platform: "shopee", market: "Viet Nam", text: "hi"), input: "")
        }
        #expect(throws: ComplianceCommandLine.Failure.self) { try ComplianceCommandLine.run(.init(market: "VN", text: "hi"), input: "") }
    }
}
