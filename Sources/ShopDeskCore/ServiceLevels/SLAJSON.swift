/// A small JSON writer for SLA reports: keys in the order given, `null` written out, rates rounded,
/// and a layout made for reading (one member per line; nested objects and array items on one line each).
public indirect enum SLAJSON: Sendable {
    case string(String)
    case integer(Int)
    /// Written with at most `places` decimals.
    case number(Double, places: Int)
    case bool(Bool)
    case null
    case object([(String, SLAJSON)])
    case array([SLAJSON])

    /// The value on one line.
    public var compact: String {
        var output = ""
        self.write(to: &output)
        return output
    }

    /// The value over several lines: each member of the outer object on its own line, each item of an
    /// array inside it on its own line, anything deeper on one line.
    public var pretty: String {
        guard case .object(let members) = self, !members.isEmpty else { return self.compact }
        var output = "{\n"
        for (index, (key, value)) in members.enumerated() {
            output += "  "
            JSONText.appendString(key, to: &output)
            output += ": "
            if case .array(let items) = value, !items.isEmpty {
                output += "[\n"
                for (itemIndex, item) in items.enumerated() {
                    output += "    "
                    item.write(to: &output)
                    output += itemIndex + 1 < items.count ? ",\n" : "\n"
                }
                output += "  ]"
            } else {
                value.write(to: &output)
            }
            output += index + 1 < members.count ? ",\n" : "\n"
        }
        return output + "}"
    }

    private func write(to output: inout String) {
        switch self {
        case .string(let text):
            JSONText.appendString(text, to: &output)
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
                if index > 0 { output += ", " }
                JSONText.appendString(key, to: &output)
                output += ": "
                value.write(to: &output)
            }
            output += "}"
        case .array(let items):
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += ", " }
                item.write(to: &output)
            }
            output += "]"
        }
    }
}
