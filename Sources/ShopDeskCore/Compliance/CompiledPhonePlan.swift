/// A market's phone numbering plan with its digit strings parsed, and the test whether a run of
/// digits is one of its numbers.
struct CompiledPhonePlan: Sendable {
    struct Number: Sendable {
        var prefixes: [[UInt8]]
        var lengths: [Int]
        var bare: Bool
        var groupings: [[Int]]

        func matches(_ national: ArraySlice<UInt8>) -> Bool {
            self.lengths.contains(national.count) && self.prefixes.contains { national.starts(with: $0) }
        }
    }

    var market: String
    var countryCode: [UInt8]
    var trunk: [UInt8]
    var internationalGroupings: [[Int]]
    var numbers: [Number]

    init(market: String, plan: ComplianceRules.PhonePlan) throws(ComplianceRules.DataError) {
        func digits(_ text: String, _ field: String) throws(ComplianceRules.DataError) -> [UInt8] {
            let values = text.utf8.map { $0 &- 0x30 }
            guard values.allSatisfy({ $0 <= 9 }) else {
                throw ComplianceRules.DataError(file: "\(market).json", message: "phone.\(field) '\(text)' is not digits")
            }
            return values
        }
        self.market = market
        self.countryCode = try digits(plan.countryCode, "countryCode")
        self.trunk = try digits(plan.trunkPrefix ?? "", "trunkPrefix")
        self.internationalGroupings = plan.internationalGroupings ?? []
        var numbers: [Number] = []
        for pattern in plan.numbers {
            var prefixes: [[UInt8]] = []
            for prefix in pattern.prefixes {
                prefixes.append(try digits(prefix, "numbers.prefixes"))
            }
            numbers.append(Number(prefixes: prefixes, lengths: pattern.lengths, bare: pattern.bare ?? false, groupings: pattern.groupings ?? []))
        }
        self.numbers = numbers
    }

    /// Whether `digits` is a number of this plan.
    /// - Parameters:
    ///   - international: written with "+" or "00" before the country code.
    ///   - groups: the digit group sizes as written ("0909 123 456" is [4, 3, 3]).
    ///   - inMarket: the draft is for this plan's market.
    ///   - cued: a phone word ("call", "sdt", "เบอร์") comes just before.
    ///   - wholeRun: the digits are all of a run, not some groups of a longer one.
    func isNumber(_ digits: [UInt8], international: Bool, groups: [Int], inMarket: Bool, cued: Bool, wholeRun: Bool) -> Bool {
        if digits.starts(with: self.countryCode) {
            // Without "+", a one-digit country code is too weak a sign ("1" starts many numbers).
            if international || self.countryCode.count >= 2 || self.internationalGroupings.contains(groups) {
                let national = digits.dropFirst(self.countryCode.count)
                if self.numbers.contains(where: { $0.matches(national) }) { return true }
                // "+84 (0)909 …": the trunk prefix kept after the country code.
                if !self.trunk.isEmpty, national.starts(with: self.trunk),
                    self.numbers.contains(where: { $0.matches(national.dropFirst(self.trunk.count)) })
                {
                    return true
                }
            }
        }
        if international { return false }
        if !self.trunk.isEmpty, digits.starts(with: self.trunk) {
            let national = digits.dropFirst(self.trunk.count)
            if self.numbers.contains(where: { !$0.bare && $0.matches(national) }) { return true }
        }
        for number in self.numbers where wholeRun && number.bare && number.matches(digits[...]) {
            if inMarket || cued || number.groupings.contains(groups) { return true }
        }
        return false
    }
}
