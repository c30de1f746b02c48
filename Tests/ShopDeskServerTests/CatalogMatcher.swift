import Foundation

@testable import ShopDeskServer

/// Decides whether a piece of visible text comes from one language's catalog (whole, or the part of a
/// value between its placeholders, with catalog words or data in the placeholders) or is data the test
/// itself put there; and finds English catalog words left on a page in another language.
struct CatalogMatcher: CustomStringConvertible {
    let language: String
    /// Data shown as it is (names, message text, brand names), normalised.
    let data: [String]
    private let values: Set<String>
    private let patterns: [NSRegularExpression]
    private let englishLeftovers: [String]

    init(language: String, data: [String]) {
        self.language = language
        self.data = data.map(Self.normalized).filter { !$0.isEmpty }.sorted { $0.count > $1.count }
        let catalog = WebText.catalogs[language] ?? [:]
        self.values = Set(catalog.values.map(Self.normalized))
        self.patterns = catalog.values.flatMap(Self.patterns(of:))
        guard language != "en" else {
            self.englishLeftovers = []
            return
        }
        // English words that differ from this language's value for the same key.
        var leftovers: Set<String> = []
        for (key, english) in WebCatalog.english where catalog[key] != english {
            for case .literal(let piece) in WebText.segments(of: english) {
                let words = Self.normalized(piece)
                if words.filter(\.isLetter).count >= 3, catalog[key]?.contains(words) != true { leftovers.insert(words) }
            }
        }
        self.englishLeftovers = leftovers.sorted()
    }

    var description: String { "CatalogMatcher(\(self.language))" }

    /// Whether `text` is this language's catalog text or data.
    func allows(_ text: String) -> Bool {
        // Pages separate independent pieces with a middle dot ("Shopee · Lan · Resolved").
        let parts = text.components(separatedBy: " · ")
        if parts.count > 1 { return parts.allSatisfy(self.allows) }
        let text = Self.normalized(text)
        if !text.contains(where: \.isLetter) || self.data.contains(text) || self.values.contains(text) { return true }
        let range = NSRange(text.startIndex..., in: text)
        for pattern in self.patterns {
            guard let match = pattern.firstMatch(in: text, range: range) else { continue }
            let filled = (1..<match.numberOfRanges).map { String(text[Range(match.range(at: $0), in: text)!]) }
            if filled.allSatisfy({ $0.count < text.count && self.allows($0) }) { return true }
        }
        return false
    }

    /// The English catalog words in `text` (data taken out first) where this language has its own.
    func english(in text: String) -> [String] {
        // Single letters (keyboard keys) and language codes are data only as whole texts.
        let removed = self.data.filter { $0.count >= 3 }
        let text = " " + removed.reduce(VisibleText.collapsed(text)) { $0.replacingOccurrences(of: $1, with: " ") } + " "
        return self.englishLeftovers.filter { words in
            var searched = text[...]
            while let found = searched.range(of: words) {
                let before = text[..<found.lowerBound].last, after = text[found.upperBound...].first
                if !(before?.isLetter ?? false) && !(after?.isLetter ?? false) { return true }
                searched = text[found.upperBound...]
            }
            return false
        }
    }

    /// Whitespace collapsed, and punctuation at either end taken off (separators, colons, full stops).
    static func normalized(_ text: String) -> String {
        let edges = CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: "·:：/—–-()（）|,，.。…?!<>%+[]"))
        return VisibleText.collapsed(text).trimmingCharacters(in: edges)
    }

    /// Expressions for a catalog value and for each run of it that starts or ends at a placeholder (a
    /// page may put markup around a value's placeholder, cutting the value into several text pieces).
    private static func patterns(of value: String) -> [NSRegularExpression] {
        let segments = WebText.segments(of: value)
        guard segments.contains(where: { if case .placeholder = $0 { true } else { false } }) else {
            return []
        }
        var patterns: [NSRegularExpression] = []
        for start in segments.indices {
            for end in start..<segments.count {
                let run = segments[start...end]
                // A run needs words of its own; placeholders alone would match anything.
                let marked = run.map { segment in
                    switch segment {
                    case .literal(let text): text
                    case .placeholder: "\u{1}"
                    }
                }.joined()
                let trimmed = Self.normalized(marked)
                let literals = trimmed.split(separator: "\u{1}", omittingEmptySubsequences: false)
                guard literals.contains(where: { $0.contains(where: \.isLetter) }) else { continue }
                let pattern = literals.map { NSRegularExpression.escapedPattern(for: String($0)) }.joined(separator: "(.+?)")
                if let expression = try? NSRegularExpression(pattern: "^" + pattern + "$") { patterns.append(expression) }
            }
        }
        return patterns
    }
}
