import Foundation

/// The web UI's words in its six languages: English, Vietnamese, Simplified Chinese, Thai, Malay and
/// Indonesian, one catalog per language (`Catalog/`). The translation tests check that every catalog has
/// every key; a value missing all the same falls back to English rather than to nothing.
struct WebText: Sendable {
    static let languages = ["en", "vi", "zh-Hans", "th", "ms", "id"]

    /// Each language's name in that language, for the language chooser.
    static let names = ["en": "English", "vi": "Tiếng Việt", "zh-Hans": "简体中文", "th": "ไทย", "ms": "Bahasa Melayu", "id": "Bahasa Indonesia"]

    static let catalogs: [String: [Key: String]] = [
        "en": WebCatalog.english, "vi": WebCatalog.vietnamese, "zh-Hans": WebCatalog.simplifiedChinese, "th": WebCatalog.thai,
        "ms": WebCatalog.malay, "id": WebCatalog.indonesian,
    ]

    let language: String

    /// The best of the six for an `Accept-Language` header (or an agent's preference).
    init(acceptLanguage: String?) {
        var chosen = "en"
        for part in (acceptLanguage ?? "").split(separator: ",") {
            let tag = part.split(separator: ";").first.map { String($0).trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            if tag.hasPrefix("zh") {
                chosen = "zh-Hans"
                break
            }
            if let match = Self.languages.first(where: { tag == $0.lowercased() || tag.hasPrefix($0.lowercased() + "-") }) {
                chosen = match
                break
            }
        }
        self.language = chosen
    }

    /// The agent's chosen language when it is one of the six, else the browser's.
    init(preferred: String?, acceptLanguage: String?) {
        if let preferred, Self.languages.contains(preferred) {
            self.language = preferred
        } else {
            self = WebText(acceptLanguage: acceptLanguage)
        }
    }

    subscript(_ key: Key) -> String {
        Self.catalogs[self.language]?[key] ?? WebCatalog.english[key] ?? key.rawValue
    }

    /// The text of `key` with each `{name}` replaced by `values[name]`: each language places the values
    /// where its grammar wants them.
    func format(_ key: Key, _ values: [String: String]) -> String {
        Self.segments(of: self[key]).map { segment in
            switch segment {
            case .literal(let text): text
            case .placeholder(let name): values[name] ?? "{\(name)}"
            }
        }.joined()
    }

    /// `format` for markup: the catalog's text escaped, the values (already markup) put in as they are.
    func format(_ key: Key, _ values: [String: HTML]) -> HTML {
        HTML.joined(
            Self.segments(of: self[key]).map { segment in
                switch segment {
                case .literal(let text): HTML.text(text)
                case .placeholder(let name): values[name] ?? HTML.text("{\(name)}")
                }
            })
    }

    /// A piece of a catalog value: text as it is, or a `{name}` to fill in.
    enum Segment: Hashable, Sendable {
        case literal(String)
        case placeholder(String)
    }

    /// A catalog value cut into its text and its placeholders (`{`, a name of ASCII letters, digits and `_`, `}`).
    static func segments(of template: String) -> [Segment] {
        var segments: [Segment] = []
        var literal = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "}"),
                case let name = rest[afterOpen..<close], !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
            else {
                literal += rest[...open]
                rest = rest[afterOpen...]
                continue
            }
            literal += rest[..<open]
            if !literal.isEmpty { segments.append(.literal(literal)) }
            literal = ""
            segments.append(.placeholder(String(name)))
            rest = rest[rest.index(after: close)...]
        }
        literal += rest
        if !literal.isEmpty { segments.append(.literal(literal)) }
        return segments
    }
}

/// The catalogs themselves, one file a language.
enum WebCatalog {}
