import Foundation

/// Numbers and numeric strings alike, as platforms send ids both ways.
enum JSONNumberText {
    static func string(_ value: Any?) -> String? {
        switch value {
        case let text as String: text.isEmpty ? nil : text
        case let number as NSNumber: number.stringValue
        default: nil
        }
    }
}
