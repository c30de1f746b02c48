/// The one JSON writer of the command line's output (`shopdesk sla evaluate`, `shopdesk check-message`):
/// keys in the order given, `null` written out, numbers rounded to a fixed number of places, and one way
/// to escape a string. Scripts and the README compare this output byte for byte, which Foundation's
/// encoder does not promise (its key order, number digits and escaped slashes are its own).
public enum JSONWriter {
    /// A JSON value with its object members in the order they are written.
    public indirect enum Value: Sendable {
        case string(String)
        case integer(Int)
        /// Written with at most `places` decimals.
        case number(Double, places: Int)
        case bool(Bool)
        case null
        case object([(String, Value)])
        case array([Value])
    }

    /// Where the writer puts spaces and line breaks; the values are the same in every layout.
    public enum Layout: Sendable, Hashable {
        /// One line without spaces, for JSON Lines: `{"a":1,"b":[true,null]}`.
        case compact
        /// One line with a space after each comma and colon: `{"a": 1, "b": [true, null]}`.
        case spaced
        /// Made for reading: each member of the outer object on its own line, each item of an array
        /// inside it on its own line, anything deeper `spaced` on one line.
        case readable
    }

    /// The text of `value` in `layout`.
    public static func text(_ value: Value, layout: Layout) -> String {
        var output = ""
        switch layout {
        case .compact: self.write(value, comma: ",", colon: ":", to: &output)
        case .spaced: self.write(value, comma: ", ", colon: ": ", to: &output)
        case .readable: self.writeReadable(value, to: &output)
        }
        return output
    }

    /// Appends `text` as a JSON string: quotes, backslashes and control characters escaped, everything
    /// else as is (UTF-8).
    private static func appendString(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }

    private static func writeReadable(_ value: Value, to output: inout String) {
        guard case .object(let members) = value, !members.isEmpty else {
            return self.write(value, comma: ", ", colon: ": ", to: &output)
        }
        output += "{\n"
        for (index, (key, value)) in members.enumerated() {
            output += "  "
            self.appendString(key, to: &output)
            output += ": "
            if case .array(let items) = value, !items.isEmpty {
                output += "[\n"
                for (itemIndex, item) in items.enumerated() {
                    output += "    "
                    self.write(item, comma: ", ", colon: ": ", to: &output)
                    output += itemIndex + 1 < items.count ? ",\n" : "\n"
                }
                output += "  ]"
            } else {
                self.write(value, comma: ", ", colon: ": ", to: &output)
            }
            output += index + 1 < members.count ? ",\n" : "\n"
        }
        output += "}"
    }

    private static func write(_ value: Value, comma: String, colon: String, to output: inout String) {
        switch value {
        case .string(let text):
            self.appendString(text, to: &output)
        case .integer(let value):
            output += String(value)
        case .number(let value, let places):
            var scale = 1.0
            for _ in 0..<places { scale *= 10 }
            let rounded = (value * scale).rounded() / scale
            output += rounded.isFinite ? "\(rounded)" : "null"
        case .bool(let value):
            output += value ? "true" : "false"
        case .null:
            output += "null"
        case .object(let members):
            output += "{"
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { output += comma }
                self.appendString(key, to: &output)
                output += colon
                self.write(value, comma: comma, colon: colon, to: &output)
            }
            output += "}"
        case .array(let items):
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += comma }
                self.write(item, comma: comma, colon: colon, to: &output)
            }
            output += "]"
        }
    }
}
