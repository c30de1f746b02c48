import Foundation

/// Recognises replies that are only a greeting or an acknowledgement ("hi", "ok ạ", "สวัสดีค่ะ", 👍),
/// which TikTok Shop US does not accept as a response (platforms.md §1.1: "Small-talk replies ('Hi',
/// 'Hello') are not valid responses").
///
/// The test is deliberately narrow: the whole text must be made of the phrases below (in any case,
/// with or without diacritics and punctuation) and emoji. Anything else, however short ("yes", "2 left",
/// "size M"), may answer the buyer and counts.
public enum SmallTalk {
    /// Greetings, acknowledgements, thanks and polite particles in English and the SEA markets'
    /// languages. Matched after normalisation, so "Chào bạn!" and "chao ban" are the same.
    static let phrases: [String] = [
        // English
        "hi", "hii", "hiii", "hello", "helo", "hey", "heya", "hiya", "yo", "ok", "okay", "okie", "oki", "k", "kk",
        "noted", "thanks", "thank you", "thank u", "thanks a lot", "thx", "ty", "tks", "welcome", "you're welcome",
        "good morning", "good afternoon", "good evening", "dear", "sir", "ma'am", "madam", "customer", "there",
        // Vietnamese
        "dạ", "vâng", "ạ", "vâng ạ", "dạ vâng", "chào", "xin chào", "chào bạn", "chào anh", "chào chị", "chào em",
        "chào shop", "shop", "bạn", "anh", "chị", "em", "cảm ơn", "cám ơn", "cảm ơn bạn", "cảm ơn anh", "cảm ơn chị",
        "ok ạ", "dạ ok", "oke", "okela", "alo", "nha", "nhé", "nhe", "quý khách",
        // Thai
        "สวัสดี", "สวัสดีค่ะ", "สวัสดีครับ", "สวัสดีคะ", "ค่ะ", "คะ", "ครับ", "ขอบคุณ", "ขอบคุณค่ะ", "ขอบคุณครับ",
        "ได้ค่ะ", "ได้ครับ", "โอเค",
        // Malay, Indonesian
        "hai", "halo", "hallo", "helo kak", "kak", "terima kasih", "makasih", "baik", "selamat pagi", "selamat siang",
        "selamat petang", "selamat malam", "sis", "bos", "gan",
        // Filipino
        "po", "opo", "salamat", "salamat po", "magandang araw", "kumusta",
        // Chinese
        "你好", "您好", "谢谢", "好的", "嗨", "哈喽", "亲", "谢谢亲", "好的亲", "你好亲", "亲你好", "您好亲",
    ]

    /// Stands in for a seller message whose text was removed (erasure, retention) and which was small
    /// talk only, so the rates come out the same as before the text went.
    public static let redactedStandIn = "hi"

    /// The phrases as normalised word sequences, longest first so "thank you" wins over "thank".
    static let normalisedPhrases: [[Substring]] = Self.normalisedPhrases(Self.phrases)

    /// `phrases` as normalised word sequences, longest first; the compliance guard builds its list
    /// this way from these phrases plus a workspace's own, so both features share one definition.
    static func normalisedPhrases(_ phrases: [String]) -> [[Substring]] {
        let words = phrases.map { Self.words(in: Self.normalise($0)) }.filter { !$0.isEmpty }
        return words.sorted { $0.count > $1.count }
    }

    /// True when `text` is nothing but greetings, acknowledgements, punctuation and emoji. Empty text
    /// is false: a message without text (an image, a product card) is not small talk.
    public static func isSmallTalkOnly(_ text: String) -> Bool {
        Self.isSmallTalkOnly(text, phrases: Self.normalisedPhrases)
    }

    /// The same test against `phrases` (from `normalisedPhrases(_:)`).
    static func isSmallTalkOnly(_ text: String, phrases: [[Substring]]) -> Bool {
        guard !text.allSatisfy(\.isWhitespace) else { return false }
        let words = Self.words(in: Self.normalise(text))
        var index = 0
        next: while index < words.count {
            for phrase in phrases where phrase.count <= words.count - index {
                if words[index..<(index + phrase.count)].elementsEqual(phrase) {
                    index += phrase.count
                    continue next
                }
            }
            return false
        }
        return true
    }

    /// Lower case, without combining marks (so "dạ" is "da" and Thai tone marks go), with "đ" as "d".
    static func normalise(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark:
                continue
            default:
                scalars.append(scalar == "đ" ? "d" : scalar)
            }
        }
        return String(scalars)
    }

    /// Runs of letters and digits; everything else (spaces, punctuation, symbols, emoji) separates.
    static func words(in text: String) -> [Substring] {
        text.split { character in
            !character.unicodeScalars.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil }
        }
    }
}
