import Foundation

/// The compliance rules as data: `Compliance/Rules/common.json` (how each rule reads its word lists,
/// per-platform settings, lists for every market) and one file per market (its languages' phrases and
/// its phone numbering plan), bundled as Core resources. `ComplianceGuard` compiles them once.
public struct ComplianceRules: Sendable, Hashable, Codable {
    public var common: Common
    public var markets: [MarketFile]

    public init(common: Common, markets: [MarketFile]) {
        self.common = common
        self.markets = markets
    }

    /// Phrase lists by rule id, then by list name (`{"off_platform_contact": {"app": ["zalo"]}}`).
    public typealias PhraseLists = [String: [String: [String]]]

    /// `common.json`.
    public struct Common: Sendable, Hashable, Codable {
        /// How each phrase rule turns list matches into findings, by rule id.
        public var logic: [String: Logic]
        /// Per platform id: which rules apply and with which settings.
        public var platforms: [String: PlatformRules]
        /// Lists for every market (English, app names, emoji-free symbols).
        public var phrases: PhraseLists
        /// Like `phrases`, but matched with Latin diacritics (for words that differ only by them).
        public var exactPhrases: PhraseLists?
        public var words: Words
        /// Traditional Chinese characters and their Simplified forms, as pairs ("評评價价…"), so that
        /// one list of Simplified phrases matches both scripts.
        public var characterFolds: String
    }

    /// How a phrase rule reads its lists.
    public struct Logic: Sendable, Hashable, Codable {
        /// Lists whose every match is a finding.
        public var flag: [Flag]
        /// Lists that make a finding only together, close to each other in one sentence.
        public var pairs: [Pair]?
        /// A list of phrases ("cannot", "không dùng") that, just before or inside a match of a
        /// negatable flag or pair, mean the seller is refusing rather than doing it.
        public var negation: String?
        /// A list of harmless phrases ("thank you for your review") whose matches hide the rule's
        /// other matches inside them.
        public var exceptions: String?
        /// A list (of apps) that a handle right after makes a finding: "LINE: shop123", "IG @shop".
        public var handles: String?
        /// Where a workspace extension's phrases go when it names no list.
        public var extensionList: String
    }

    /// A list whose every match is a finding with `reason`.
    public struct Flag: Sendable, Hashable, Codable {
        public var list: String
        public var reason: ComplianceFinding.Reason
        public var negatable: Bool?
    }

    /// Two lists that make a finding when a match of each comes close together in one sentence.
    public struct Pair: Sendable, Hashable, Codable {
        public var first: String
        public var second: String
        /// Most scalars (after folding, separators counted once) between the two matches.
        public var maxGap: Int
        /// `first` must come before `second`.
        public var ordered: Bool?
        /// A third list that must also match in the same sentence.
        public var requires: String?
        public var reason: ComplianceFinding.Reason
        public var negatable: Bool?
    }

    /// What applies on one platform.
    public struct PlatformRules: Sendable, Hashable, Codable {
        /// Rule ids that apply on the platform.
        public var rules: [ComplianceRule]
        /// The platform's own names, which are not "another app" on it ("Shopee" on Shopee).
        public var selfNames: [String]?
        /// Links to the platform's own pages that may be sent on it.
        public var allowedLinks: [AllowedLink]?
        public var spam: SpamPolicy
    }

    /// Pages of a host that may be linked: `pathPrefixes` "" allows the bare host, "/" any path;
    /// `pathContains` matches anywhere in the path (Shopee's "-i.<shop>.<item>" product URLs).
    public struct AllowedLink: Sendable, Hashable, Codable {
        public var hosts: [String]
        public var pathPrefixes: [String]
        public var pathContains: [String]?

        public init(hosts: [String], pathPrefixes: [String], pathContains: [String]? = nil) {
            self.hosts = hosts
            self.pathPrefixes = pathPrefixes
            self.pathContains = pathContains
        }
    }

    /// The vocabulary of the contact scanners.
    public struct Words: Sendable, Hashable, Codable {
        /// Digits written as words, by digit ("0": ["zero", "không", "ศูนย์", "零"]).
        public var digits: [String: [String]]
        /// Words people write for "@" ("at", "a còng") and for "." ("dot", "chấm").
        public var emailAt: [String]
        public var dot: [String]
        public var emailProviders: [String]
        /// Top-level domains that make "name.tld" a link.
        public var topLevelDomains: [String]
        /// Those that are also ordinary words after a missing space ("sorry.my", "see.you.to"): a link
        /// only with a scheme, "www.", a path, a second-level domain (".com.my") or a known host.
        public var wordLikeTopLevelDomains: [String]
        /// Hosts that are links whatever their TLD (shorteners, chat-link hosts).
        public var linkHosts: [String]
        /// Words just before a number that make it a phone number ("call", "sdt", "เบอร์").
        public var phoneCues: [String]
        /// Words just before a number that make it a reference ("order", "mã đơn", "resi", "单号").
        public var referenceCues: [String]
    }

    /// `<market>.json`.
    public struct MarketFile: Sendable, Hashable, Codable {
        public var market: String
        /// Other markets whose phrases also apply here (Chinese in Malaysia and Singapore).
        public var alsoUse: [String]?
        public var phone: PhonePlan?
        public var phrases: PhraseLists?
        public var exactPhrases: PhraseLists?
    }

    /// A market's phone numbers: the country code, the trunk prefix of national numbers, and the
    /// national significant numbers by leading digits and length.
    public struct PhonePlan: Sendable, Hashable, Codable {
        public var countryCode: String
        public var trunkPrefix: String?
        /// Without "+", a number starting with a one-digit country code (US "1") is not taken as
        /// international unless it is grouped like one of these (1-800-555-0199).
        public var internationalGroupings: [[Int]]?
        public var numbers: [NumberPattern]
    }

    /// National significant numbers starting with one of `prefixes`, of one of `lengths` digits.
    public struct NumberPattern: Sendable, Hashable, Codable {
        public var prefixes: [String]
        public var lengths: [Int]
        /// Written without a trunk prefix (SG, CN mobiles, US). Outside its own market such a number
        /// counts only when grouped like one of `groupings` or after a phone word, since bare 8–11
        /// digit numbers are also order and tracking numbers.
        public var bare: Bool?
        public var groupings: [[Int]]?
    }
}

extension ComplianceRules {
    /// A rule file that cannot be read or does not fit together.
    public struct DataError: Error, Sendable, Hashable, CustomStringConvertible {
        public var file: String
        public var message: String

        public init(file: String, message: String) {
            self.file = file
            self.message = message
        }

        public var description: String { "\(self.file): \(self.message)" }
    }

    /// Decodes `common.json` and market files given as data (tests, tools, a deployment's own copy).
    public static func decode(common: Data, markets: [Data]) throws(DataError) -> ComplianceRules {
        let decoder = JSONDecoder()
        let commonFile: Common
        do {
            commonFile = try decoder.decode(Common.self, from: common)
        } catch {
            throw DataError(file: "common.json", message: "\(error)")
        }
        var marketFiles: [MarketFile] = []
        for (index, data) in markets.enumerated() {
            do {
                marketFiles.append(try decoder.decode(MarketFile.self, from: data))
            } catch {
                throw DataError(file: "market file \(index + 1)", message: "\(error)")
            }
        }
        return ComplianceRules(common: commonFile, markets: marketFiles.sorted { $0.market < $1.market })
    }

    /// The rules bundled with ShopDeskCore (`Compliance/Rules/*.json`).
    public static func bundled() throws(DataError) -> ComplianceRules {
        guard let directory = Bundle.module.url(forResource: "Rules", withExtension: nil) else {
            throw DataError(file: "Rules", message: "the bundled rule directory is missing")
        }
        let files: [URL]
        let common: Data
        do {
            files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "json" }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
            common = try Data(contentsOf: directory.appendingPathComponent("common.json"))
        } catch {
            throw DataError(file: "Rules", message: "\(error)")
        }
        var markets: [Data] = []
        for file in files where file.lastPathComponent != "common.json" {
            do {
                markets.append(try Data(contentsOf: file))
            } catch {
                throw DataError(file: file.lastPathComponent, message: "\(error)")
            }
        }
        return try Self.decode(common: common, markets: markets)
    }
}
