import Foundation
import Testing

@testable import ShopDeskCore

@Suite("Rule set catalog")
struct RuleSetCatalogTests {
    let catalog = RuleSetCatalog.standard

    @Test(
        "rule set ids read and print as platform/MARKET@date",
        arguments: [
            "tiktok-shop/TH@2025-08-15", "shopee/VN@2024-01-01", "lazada/PH@2020-06-25", "facebook/*@2024-01-01",
        ])
    func idRoundTrip(text: String) throws {
        let reference = try RuleSet.Reference(parsing: text)
        #expect(reference.description == text)
        let id = RuleSet.ID(platform: reference.platform, market: reference.market, effectiveFrom: try #require(reference.effectiveFrom))
        #expect(self.catalog.ruleSet(id)?.id.description == text)
    }

    @Test("a reference without a date names the platform and market; the market is upper-cased")
    func referenceWithoutDate() throws {
        let reference = try RuleSet.Reference(parsing: "tiktok-shop/th")
        #expect(reference == RuleSet.Reference(platform: .tiktokShop, market: "TH"))
    }

    @Test(
        "malformed rule set ids are rejected with the expected form",
        arguments: [
            "tiktok-shop", "tiktok/TH", "tiktok-shop/THA", "tiktok-shop/TH@2025-13-01", "tiktok-shop/TH@", "/TH",
        ])
    func badIDs(text: String) {
        #expect(throws: ValidationError.self) { try RuleSet.Reference(parsing: text) }
    }

    @Test(
        "TikTok Shop SEA switches from the 2024 rules to the 12-hour rate on 15 August 2025, local date",
        arguments: [
            ("2025-08-14T23:59:59+07:00", "tiktok-shop/TH@2024-01-01"),
            ("2025-08-15T00:00:00+07:00", "tiktok-shop/TH@2025-08-15"),
            ("2025-08-14T17:00:00Z", "tiktok-shop/TH@2025-08-15"),
            ("2025-01-01T00:00:00+07:00", "tiktok-shop/TH@2024-01-01"),
        ])
    func effectiveDates(asOf: String, expected: String) {
        let ruleSet = self.catalog.resolve(platform: .tiktokShop, market: "TH", asOf: SLAFixtures.at(asOf))
        #expect(ruleSet?.id.description == expected)
    }

    @Test(
        "social channels without platform rules use the workspace default in every market",
        arguments: [
            Platform.facebook, .instagram, .whatsapp, .line, .custom,
        ])
    func workspaceDefaults(platform: Platform) throws {
        let ruleSet = try #require(self.catalog.resolve(platform: platform, market: "VN", asOf: SLAFixtures.base))
        #expect(ruleSet.id.market == "*")
        #expect(ruleSet.primaryMetric.deadline == .hours(1))
        #expect(ruleSet.primaryMetric.threshold == 0.9)
        #expect(ruleSet.source.contains("not a platform rule"))
    }

    @Test("a workspace can set its own target")
    func workspaceTarget() {
        let ruleSet = RuleSet.workspaceTarget(platform: .line, firstResponseWithin: 30 * SLAFixtures.minute, threshold: 0.8)
        #expect(ruleSet.primaryMetric.deadline == .elapsed(milliseconds: 30 * SLAFixtures.minute))
        #expect(ruleSet.primaryMetric.threshold == 0.8)
        #expect(ruleSet.source.contains("first response within 30 minutes"))
        #expect(!ruleSet.source.contains("ServiceLevelPolicy.default"))
        #expect(RuleSet.workspaceTarget(platform: .line).source.contains("first response within 1 hour, as ServiceLevelPolicy.default"))
        #expect(RuleSet.workspaceTarget(platform: .line, firstResponseWithin: 2 * SLAFixtures.hour).source.contains("within 2 hours"))
    }

    @Test("marketplaces have a rule set in every SEA market and none elsewhere", arguments: [Platform.shopee, .lazada, .tiktokShop])
    func marketplaceMarkets(platform: Platform) {
        for market in RuleSet.seaMarkets {
            #expect(self.catalog.resolve(platform: platform, market: market, asOf: SLAFixtures.base) != nil)
        }
        #expect(self.catalog.resolve(platform: platform, market: "BR", asOf: SLAFixtures.base) == nil)
    }

    @Test("every rule set cites its source, and no metric counts auto-replies")
    func sourcesAndSenders() {
        for ruleSet in self.catalog.ruleSets {
            #expect(!ruleSet.source.isEmpty)
            for metric in ruleSet.metrics {
                #expect(!metric.countingSenders.contains(.autoReply), "\(ruleSet.id) \(metric.name)")
                #expect(metric.countingSenders.isSuperset(of: [.agent, .quickReply]), "\(ruleSet.id) \(metric.name)")
            }
        }
    }

    @Test("an explicit version must exist; the error lists the known versions")
    func unknownVersion() {
        #expect {
            try self.catalog.resolve(RuleSet.Reference(parsing: "tiktok-shop/TH@2025-09-01"), asOf: SLAFixtures.base)
        } throws: { error in
            "\(error)".contains("tiktok-shop/TH@2024-01-01, tiktok-shop/TH@2025-08-15")
        }
    }

    @Test("a date before the first version finds no rule set")
    func beforeFirstVersion() {
        #expect(self.catalog.resolve(platform: .lazada, market: "MY", asOf: SLAFixtures.at("2020-06-24T12:00:00+08:00")) == nil)
    }
}
