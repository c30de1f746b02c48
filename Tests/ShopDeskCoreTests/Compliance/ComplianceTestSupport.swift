import Foundation

@testable import ShopDeskCore

extension ComplianceGuard {
    /// Checks `text` as a draft to a buyer on `platform` in `market`, explanations in English.
    func check(_ text: String, _ platform: Platform, _ market: String) -> ComplianceResult {
        self.check(text, context: ComplianceContext(platform: platform, market: market))
    }

    /// The rules that fire on `text`.
    func rules(_ text: String, _ platform: Platform, _ market: String) -> Set<ComplianceRule> {
        Set(self.check(text, platform, market).findings.map(\.rule))
    }
}

extension ComplianceFinding {
    /// The original text the finding covers.
    func excerpt(of text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[self.start..<self.end])
        return String(view)
    }
}
