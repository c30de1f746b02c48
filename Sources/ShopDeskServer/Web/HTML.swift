/// A piece of HTML in which everything interpolated is escaped unless it is itself `HTML`.
///
/// Only string literals written in this repository's source become markup; a `String` interpolated
/// into an `HTML` literal (a buyer's message, a name, a search term) is always escaped, in text and in
/// quoted attribute values alike, so buyer content can never become markup or script:
///
///     let page: HTML = "<p class=\"name\">\(buyerName)</p>"   // buyerName is escaped
public struct HTML: Sendable, Hashable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public private(set) var rendered: String

    public init(stringLiteral value: String) {
        self.rendered = value
    }

    public init(stringInterpolation: StringInterpolation) {
        self.rendered = stringInterpolation.rendered
    }

    /// Markup already escaped, or built only from literals.
    private init(rendered: String) {
        self.rendered = rendered
    }

    public var description: String { self.rendered }

    public static let empty: HTML = ""

    /// `text`, escaped.
    public static func text(_ text: String) -> HTML {
        HTML(rendered: Self.escape(text))
    }

    /// The pieces, one after another.
    public static func joined(_ pieces: some Sequence<HTML>, separator: HTML = .empty) -> HTML {
        HTML(rendered: pieces.map(\.rendered).joined(separator: separator.rendered))
    }

    public static func + (lhs: HTML, rhs: HTML) -> HTML {
        HTML(rendered: lhs.rendered + rhs.rendered)
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        fileprivate var rendered = ""

        public init(literalCapacity: Int, interpolationCount: Int) {
            self.rendered.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        /// Source literals are markup.
        public mutating func appendLiteral(_ literal: String) {
            self.rendered += literal
        }

        /// Any string is text: escaped.
        public mutating func appendInterpolation(_ text: String) {
            self.rendered += HTML.escape(text)
        }

        public mutating func appendInterpolation(_ text: Substring) {
            self.rendered += HTML.escape(String(text))
        }

        public mutating func appendInterpolation(_ html: HTML) {
            self.rendered += html.rendered
        }

        public mutating func appendInterpolation(_ number: Int) {
            self.rendered += String(number)
        }

        public mutating func appendInterpolation(_ number: Int64) {
            self.rendered += String(number)
        }
    }

    /// Escapes the five characters that matter in text and in quoted attribute values.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            // Control characters other than tab and line breaks have no business in a page.
            case "\u{0}"..."\u{8}", "\u{B}", "\u{C}", "\u{E}"..."\u{1F}", "\u{7F}": escaped += "\u{FFFD}"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// `url` when it is an http(s) address, for `src` and `href` from platform data; nil otherwise
    /// (`javascript:`, `data:` and the like never reach an attribute).
    static func safeURL(_ url: String?) -> String? {
        guard let url, let scheme = url.split(separator: ":", maxSplits: 1).first?.lowercased(), ["http", "https"].contains(scheme) else {
            return nil
        }
        return url
    }
}
