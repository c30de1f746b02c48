import Foundation

/// The words a person sees or hears on a page: text outside `<script>` and `<style>`, the `title`,
/// `placeholder`, `aria-label` and `alt` attributes, the labels of submit buttons, and the words the
/// page hands its script (`data-text-…`). Whitespace is collapsed; empty pieces are dropped.
enum VisibleText {
    static func of(_ html: String) -> [String] {
        var page = html
        for hidden in [#"<script\b[^>]*>.*?</script>"#, #"<style\b[^>]*>.*?</style>"#, #"<!--.*?-->"#] {
            page = page.replacingOccurrences(of: hidden, with: " ", options: [.regularExpression, .caseInsensitive])
        }
        var pieces: [String] = []
        var rest = page[...]
        while let open = rest.firstIndex(of: "<") {
            pieces.append(String(rest[..<open]))
            guard let close = rest[open...].firstIndex(of: ">") else { break }
            pieces += Self.attributes(String(rest[open...close]))
            rest = rest[rest.index(after: close)...]
        }
        pieces.append(String(rest))
        return pieces.map { Self.collapsed(Self.decoded($0)) }.filter { !$0.isEmpty }
    }

    /// The shown attributes of one tag.
    private static func attributes(_ tag: String) -> [String] {
        let name = tag.dropFirst().prefix { $0.isLetter || $0.isNumber }.lowercased()
        var found: [String: String] = [:]
        var shown: [String] = []
        let pattern = try! NSRegularExpression(pattern: #"([A-Za-z][-A-Za-z0-9]*)="([^"]*)""#)
        for match in pattern.matches(in: tag, range: NSRange(tag.startIndex..., in: tag)) {
            let attribute = String(tag[Range(match.range(at: 1), in: tag)!]).lowercased()
            let value = String(tag[Range(match.range(at: 2), in: tag)!])
            found[attribute] = value
            if ["title", "placeholder", "aria-label", "alt"].contains(attribute) || attribute.hasPrefix("data-text-") { shown.append(value) }
        }
        if name == "input", ["submit", "button", "reset"].contains(found["type"] ?? ""), let value = found["value"] { shown.append(value) }
        return shown
    }

    private static func decoded(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
    }

    static func collapsed(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
