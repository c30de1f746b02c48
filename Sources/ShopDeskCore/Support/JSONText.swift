/// Writing JSON text by hand where the output's exact shape and key order matter (command-line
/// output): one way to write a string, shared by every such writer.
enum JSONText {
    /// Appends `text` as a JSON string: quotes, backslashes and control characters escaped, everything
    /// else as is (UTF-8).
    static func appendString(_ text: String, to output: inout String) {
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
}
