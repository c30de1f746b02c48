import Testing

@testable import ShopDeskCore

@Suite("Search text")
struct SearchTextTests {
    /// Whether a message with `text` matches `query` the way the index matches: every phrase's tokens
    /// appear one after another (a prefix phrase's last token may be longer).
    func matches(_ text: String, _ query: String) -> Bool {
        let tokens = SearchText.documentTokens(text)
        let phrases = SearchText.queryPhrases(query)
        guard !phrases.isEmpty else { return false }
        return phrases.allSatisfy { phrase in
            let count = phrase.tokens.count
            guard tokens.count >= count else { return false }
            return (0...(tokens.count - count)).contains { start in
                phrase.tokens.indices.allSatisfy { index in
                    let token = tokens[start + index]
                    let wanted = phrase.tokens[index]
                    return phrase.isPrefix && index == count - 1 ? token.hasPrefix(wanted) : token == wanted
                }
            }
        }
    }

    @Test("a Chinese run becomes overlapping bigrams and its last character")
    func chineseTokens() {
        #expect(SearchText.documentTokens("我的手机壳") == ["我的", "的手", "手机", "机壳", "壳"])
        #expect(SearchText.queryPhrases("手机") == [SearchText.Phrase(tokens: ["手机"], isPrefix: false)])
    }

    @Test("a two-character Chinese word is found inside a longer run, and not when absent")
    func chineseWords() {
        #expect(self.matches("请问这个手机壳有货吗？", "手机"))
        #expect(self.matches("请问这个手机壳有货吗？", "手机壳"))
        #expect(self.matches("请问这个手机壳有货吗？", "吗"))
        #expect(self.matches("请问这个手机壳有货吗？", "壳"))
        #expect(!self.matches("请问这个手表有货吗？", "手机"))
        #expect(!self.matches("手 机", "手机"))
    }

    @Test("Thai words are found in text written without spaces, tone marks and all")
    func thai() {
        let text = "สวัสดีค่ะ ส้มโอยังมีของไหมคะ ทุเรียนหมอนทองด้วย"
        #expect(self.matches(text, "ส้ม"))
        #expect(self.matches(text, "ทุเรียน"))
        #expect(self.matches(text, "หมอนทอง"))
        #expect(!self.matches(text, "มะม่วง"))
        // The tone mark is part of the character: ส้ม is not สม.
        #expect(!self.matches(text, "สม"))
    }

    @Test("Vietnamese is folded to letters without accents, đ included, and in any case")
    func vietnamese() {
        #expect(SearchText.documentTokens("Điện thoại ĐÃ giao") == ["dien", "thoai", "da", "giao"])
        #expect(self.matches("Điện thoại đã giao chưa?", "dien thoai"))
        #expect(self.matches("Điện thoại đã giao chưa?", "ĐIỆN"))
        #expect(!self.matches("Điện thoại đã giao chưa?", "máy tính"))
    }

    @Test("Malay, Indonesian and English words match by their beginning, in any case")
    func latin() {
        #expect(self.matches("Bila pesanan saya akan dihantar?", "PESANAN"))
        #expect(self.matches("Kapan barangnya dikirim, kak?", "barang"))
        #expect(self.matches("Where is my ORDER #A-1234?", "order a-1234"))
        #expect(self.matches("Crème brûlée flavour", "creme brulee"))
        #expect(!self.matches("Where is my parcel?", "order"))
        #expect(!self.matches("reorder please", "order"))
    }

    @Test("mixed scripts split where the script changes; full-width letters are ordinary ones")
    func mixed() {
        #expect(SearchText.documentTokens("iPhone15手机") == ["iphone15", "手机", "机"])
        #expect(self.matches("ＡＢＣ店的iPhone手机", "abc iphone 手机"))
    }

    @Test("a query of Thai or Chinese runs only is also given as typed, for checking text directly")
    func runs() {
        #expect(SearchText.runs(in: "手机 ทุเรียน 手机") == ["手机", "ทุเรียน"])
        #expect(SearchText.runs(in: "น้ำ") == ["น้ำ"])
        #expect(SearchText.runs(in: "手机 case") == nil)
        #expect(SearchText.runs(in: "?") == nil)
    }

    @Test("a query of punctuation only has nothing to search for")
    func nothing() {
        #expect(SearchText.queryPhrases("?!  … ").isEmpty)
        #expect(SearchText.queryPhrases("ship ship SHIP").count == 1)
    }
}
