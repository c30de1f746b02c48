import Foundation

/// The catalog as a spreadsheet: one row per SKU with its titles, prices and stock, the way sellers
/// keep it. The header names the columns: `sku`, `title:LANG` per language, `price:MARKET:CURRENCY`
/// per market (amounts as written, `199000`, `19.90`), and `on_hand`. Reading checks the whole file and
/// reports every bad row by its line number, so that nothing is half-imported.
public enum CatalogCSV {
    /// One SKU as a row says it.
    public struct Row: Sendable, Hashable {
        public var sku: String
        public var title: [String: String]
        public var prices: [Price]
        public var onHand: Int64
        /// Where it was read (0 for a row that was not read from a file).
        public var line: Int

        public init(sku: String, title: [String: String], prices: [Price], onHand: Int64, line: Int = 0) {
            self.sku = sku
            self.title = title
            self.prices = prices
            self.onHand = onHand
            self.line = line
        }
    }

    /// A problem on one line (1 is the header).
    public typealias Problem = LineError

    /// Every problem of a file that was refused.
    public struct Problems: Error, Sendable, Hashable, CustomStringConvertible {
        public var all: [Problem]

        public init(all: [Problem]) {
            self.all = all
        }

        public var description: String { self.all.map(\.description).joined(separator: "\n") }
    }

    /// The rows of a file, or every problem found in it (the file is taken whole or not at all).
    public static func read(_ text: String) throws(Problems) -> [Row] {
        let records: [[String]]
        do {
            records = try Self.records(text)
        } catch {
            throw Problems(all: [error])
        }
        guard let header = records.first else { throw Problems(all: [Problem(line: 1, message: "the file is empty")]) }
        enum Column { case sku, title(String), price(market: String, currency: String), onHand }
        var columns: [Column] = []
        var problems: [Problem] = []
        for name in header.map({ $0.trimmingCharacters(in: .whitespaces) }) {
            let parts = name.split(separator: ":").map(String.init)
            switch (parts.first, parts.count) {
            case ("sku", 1): columns.append(.sku)
            case ("on_hand", 1): columns.append(.onHand)
            case ("title", 2): columns.append(.title(parts[1]))
            case ("price", 3): columns.append(.price(market: parts[1].uppercased(), currency: parts[2].uppercased()))
            default:
                problems.append(Problem(line: 1, message: "unknown column '\(name)': expected sku, title:LANG, price:MARKET:CURRENCY or on_hand"))
            }
        }
        if !header.contains("sku") { problems.append(Problem(line: 1, message: "the header has no sku column")) }
        guard problems.isEmpty else { throw Problems(all: problems) }
        var rows: [Row] = []
        var seen: [String: Int] = [:]
        for (index, record) in records.enumerated().dropFirst() where !(record.count == 1 && record[0].isEmpty) {
            let line = index + 1
            guard record.count == columns.count else {
                problems.append(Problem(line: line, message: "\(record.count) fields, the header has \(columns.count)"))
                continue
            }
            var row = Row(sku: "", title: [:], prices: [], onHand: 0, line: line)
            for (column, field) in zip(columns, record) {
                let value = field.trimmingCharacters(in: .whitespaces)
                do throws(ValidationError) {
                    switch column {
                    case .sku: row.sku = try Product.validatedSKU(value)
                    case .title(let language): if !value.isEmpty { row.title[language] = value }
                    case .price(let market, let currency):
                        if !value.isEmpty { row.prices.append(try Price.parse(market: market, currency: currency, amount: value)) }
                    case .onHand:
                        guard let count = Int64(value.isEmpty ? "0" : value), (0...1_000_000_000).contains(count) else {
                            throw ValidationError(field: "on_hand", message: "on_hand must be a whole number from 0 to 1000000000, not '\(value)'")
                        }
                        row.onHand = count
                    }
                } catch {
                    problems.append(Problem(line: line, message: error.message))
                }
            }
            if row.title.isEmpty, !row.sku.isEmpty { problems.append(Problem(line: line, message: "\(row.sku) has no title")) }
            if let first = seen[row.sku], !row.sku.isEmpty {
                problems.append(Problem(line: line, message: "\(row.sku) is already on line \(first)"))
            }
            seen[row.sku] = seen[row.sku] ?? line
            rows.append(row)
        }
        guard problems.isEmpty else { throw Problems(all: problems) }
        return rows
    }

    /// The rows as a file, columns in a fixed order (languages and markets sorted), rows by SKU: what
    /// `read` takes back unchanged.
    public static func write(_ rows: [Row]) -> String {
        let languages = Set(rows.flatMap(\.title.keys)).sorted()
        let markets = Set(rows.flatMap { $0.prices.map { "\($0.market):\($0.currency)" } }).sorted()
        var lines = [(["sku"] + languages.map { "title:\($0)" } + markets.map { "price:\($0)" } + ["on_hand"]).map(Self.field).joined(separator: ",")]
        for row in rows.sorted(by: { $0.sku < $1.sku }) {
            let prices = Dictionary(uniqueKeysWithValues: row.prices.map { ("\($0.market):\($0.currency)", $0.amountText) })
            let fields = [row.sku] + languages.map { row.title[$0] ?? "" } + markets.map { prices[$0] ?? "" } + [String(row.onHand)]
            lines.append(fields.map(Self.field).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A field quoted when it must be (RFC 4180).
    static func field(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The records of RFC 4180 text: quoted fields may hold commas, quotes (doubled) and line breaks.
    static func records(_ text: String) throws(Problem) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var line = 1
        var characters = Array(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)[...]
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" {
                        field.append("\"")
                        characters.removeFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    if character.isNewline { line += 1 }
                    field.append(character)
                }
            } else if character == "\"", field.isEmpty {
                quoted = true
            } else if character == "," {
                record.append(field)
                field = ""
            } else if character.isNewline {
                record.append(field)
                records.append(record)
                record = []
                field = ""
                line += 1
            } else {
                field.append(character)
            }
        }
        if quoted { throw Problem(line: line, message: "a quoted field is not closed") }
        if !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        return records
    }
}
