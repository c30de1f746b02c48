import Foundation

/// Amounts as the marketplaces' order APIs write them, in a currency's major unit (TikTok Shop's
/// strings `"19.90"`, Shopee's floats `19.9`, Lazada's strings), turned into the currency's minor units
/// (`Price.minorUnits`, ISO 4217: VND and IDR have none).
public enum PlatformAmount {
    /// Minor units of `text` in `currency`, rounded half to even (a platform's float that lands between
    /// two minor units does not drift one way over many lines). Nil for anything that is not a plain
    /// non-negative decimal number (`"1,299.00"`, `"abc"`, `"-1"`), for a currency ShopDesk does not
    /// know (the safe reading: no amount rather than one scaled by a guessed number of decimals), and for
    /// an amount too large for `Int64`.
    public static func minorUnits(_ text: String, currency: String) -> Int64? {
        let text = text.trimmingCharacters(in: .whitespaces)
        guard let digits = Price.minorUnits[currency.uppercased()], !text.isEmpty else { return nil }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].allSatisfy({ $0.isASCII && $0.isNumber }),
            parts.count == 1 || (!parts[1].isEmpty && parts[1].allSatisfy({ $0.isASCII && $0.isNumber }))
        else { return nil }
        guard var amount = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else { return nil }
        var scaled = Decimal()
        _ = NSDecimalMultiplyByPowerOf10(&scaled, &amount, Int16(digits), .plain)
        var rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .bankers)
        guard rounded <= Decimal(Int64.max) else { return nil }
        let value = NSDecimalNumber(decimal: rounded).int64Value
        return Decimal(value) == rounded ? value : nil
    }

    /// Minor units of a JSON number (Shopee's `model_original_price`), read through its shortest decimal
    /// form so that `19.9` is 1990, not 1989.
    public static func minorUnits(_ number: Double, currency: String) -> Int64? {
        guard number.isFinite, number >= 0 else { return nil }
        return Self.minorUnits(Self.decimalText(number), currency: currency)
    }

    /// `number` as plain decimal digits (no exponent), shortest round-trip form.
    static func decimalText(_ number: Double) -> String {
        let text = "\(number)"
        guard text.contains("e") || text.contains("E"), let decimal = Decimal(string: text) else {
            return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
        }
        return NSDecimalNumber(decimal: decimal).stringValue
    }
}
