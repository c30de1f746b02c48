/// A workspace's additions to the bundled rules: more phrases per rule (optionally for one list or one
/// market) and more hosts that may be linked. Stored as JSON by the admin UI; validated before use.
///
/// ```json
/// {"phrases": [{"rule": "off_platform_contact", "market": "VN", "phrases": ["qua tiktok cá nhân"]},
///              {"rule": "off_platform_contact", "list": "app", "phrases": ["kakaotalk"]}],
///  "allowedLinks": [{"platform": "custom", "hosts": ["myshop.vn"]}]}
/// ```
public struct ComplianceRuleExtension: Sendable, Hashable, Codable {
    /// Phrases added to one rule. Rule, list and market are strings so that validation can name a bad
    /// one instead of the whole extension failing to decode.
    public struct Phrases: Sendable, Hashable, Codable {
        public var rule: String
        /// One of the rule's lists (`app`, `invitation`, `insult`…); by default the list whose matches
        /// are findings on their own.
        public var list: String?
        /// Only in this market (ISO 3166-1 alpha-2); by default everywhere. Small talk is the same in
        /// every market, so its phrases apply everywhere regardless.
        public var market: String?
        public var phrases: [String]
        /// Match with Latin diacritics, for words that are harmless without them.
        public var matchDiacritics: Bool?

        public init(rule: String, list: String? = nil, market: String? = nil, phrases: [String], matchDiacritics: Bool? = nil) {
            self.rule = rule
            self.list = list
            self.market = market
            self.phrases = phrases
            self.matchDiacritics = matchDiacritics
        }
    }

    /// Hosts whose pages may be linked on a platform (the seller's own site on a custom channel).
    public struct AllowedLink: Sendable, Hashable, Codable {
        public var platform: String
        public var hosts: [String]
        /// "" allows the bare host, "/" any path; by default any page of the host.
        public var pathPrefixes: [String]?

        public init(platform: String, hosts: [String], pathPrefixes: [String]? = nil) {
            self.platform = platform
            self.hosts = hosts
            self.pathPrefixes = pathPrefixes
        }
    }

    public var phrases: [Phrases]
    public var allowedLinks: [AllowedLink]

    public init(phrases: [Phrases] = [], allowedLinks: [AllowedLink] = []) {
        self.phrases = phrases
        self.allowedLinks = allowedLinks
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.phrases = try container.decodeIfPresent([Phrases].self, forKey: .phrases) ?? []
        self.allowedLinks = try container.decodeIfPresent([AllowedLink].self, forKey: .allowedLinks) ?? []
    }

    /// Every problem in an extension, each naming the field to fix (`phrases[2].rule`).
    public struct Invalid: Error, Sendable, Hashable, CustomStringConvertible {
        public var errors: [ValidationError]

        public var description: String {
            self.errors.map { "\($0.field): \($0.message)" }.joined(separator: "\n")
        }
    }

    /// Checks the extension against the rules it will be merged into: known rule ids that take phrases,
    /// lists the rule has, well-formed markets and hosts, no empty phrases. Reports every problem.
    public func validate(against rules: ComplianceRules) throws(Invalid) {
        var errors: [ValidationError] = []
        let phraseRules = ComplianceRule.allCases.filter(\.acceptsPhrases).map(\.rawValue).joined(separator: ", ")
        for (index, addition) in self.phrases.enumerated() {
            let field = "phrases[\(index)]"
            guard let rule = ComplianceRule(rawValue: addition.rule) else {
                errors.append(
                    ValidationError(field: "\(field).rule", message: "unknown rule '\(addition.rule)'; rules that take phrases: \(phraseRules)"))
                continue
            }
            guard rule.acceptsPhrases else {
                errors.append(
                    ValidationError(
                        field: "\(field).rule",
                        message: "rule \(rule.rawValue) takes no phrases (its limits are set per platform); rules that take phrases: \(phraseRules)"
                    ))
                continue
            }
            if let list = addition.list {
                let lists = rules.listNames(for: rule)
                if rule == .smallTalkOnly {
                    errors.append(ValidationError(field: "\(field).list", message: "rule small_talk_only has a single list; leave out 'list'"))
                } else if !lists.contains(list) {
                    errors.append(
                        ValidationError(
                            field: "\(field).list",
                            message: "rule \(rule.rawValue) has no list '\(list)'; its lists: \(lists.sorted().joined(separator: ", "))"
                        ))
                }
            }
            if let market = addition.market {
                do {
                    _ = try Market.validatedCode(market)
                } catch {
                    errors.append(ValidationError(field: "\(field).market", message: error.message))
                }
            }
            if addition.phrases.isEmpty {
                errors.append(ValidationError(field: "\(field).phrases", message: "add at least one phrase"))
            }
            for (phraseIndex, phrase) in addition.phrases.enumerated() where ComplianceGuard.phraseScalars(phrase, folds: [:], exact: false).isEmpty {
                errors.append(
                    ValidationError(
                        field: "\(field).phrases[\(phraseIndex)]", message: "phrase '\(phrase)' is empty once spaces and punctuation are removed"
                    ))
            }
        }
        for (index, link) in self.allowedLinks.enumerated() {
            let field = "allowedLinks[\(index)]"
            if Platform(rawValue: link.platform) == nil {
                errors.append(
                    ValidationError(
                        field: "\(field).platform",
                        message: "unknown platform '\(link.platform)'; platforms: \(Platform.allCases.map(\.rawValue).joined(separator: ", "))"
                    ))
            }
            if link.hosts.isEmpty {
                errors.append(ValidationError(field: "\(field).hosts", message: "add at least one host"))
            }
            for (hostIndex, host) in link.hosts.enumerated() where !Self.isHost(host) {
                errors.append(
                    ValidationError(
                        field: "\(field).hosts[\(hostIndex)]",
                        message: "'\(host)' is not a host name such as shop.example.vn (no scheme, path or spaces)"
                    ))
            }
            for (prefixIndex, prefix) in (link.pathPrefixes ?? []).enumerated() where !prefix.isEmpty && !prefix.hasPrefix("/") {
                errors.append(
                    ValidationError(
                        field: "\(field).pathPrefixes[\(prefixIndex)]", message: "a path prefix is \"\" or starts with /, not '\(prefix)'"))
            }
        }
        guard errors.isEmpty else { throw Invalid(errors: errors) }
    }

    /// Lower-case ASCII labels of letters, digits and hyphens, at least two, the last one letters.
    static func isHost(_ host: String) -> Bool {
        let labels = host.lowercased().split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { Self.isHostByte($0) } }) else { return false }
        return labels.last!.utf8.allSatisfy { $0 >= 0x61 && $0 <= 0x7A }
    }

    private static func isHostByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D
    }
}

extension ComplianceRules {
    /// The names of the lists a rule has in any file or in its logic.
    func listNames(for rule: ComplianceRule) -> Set<String> {
        var names = Set<String>()
        for lists in [self.common.phrases, self.common.exactPhrases ?? [:]] + self.markets.flatMap({ [$0.phrases ?? [:], $0.exactPhrases ?? [:]] }) {
            if let named = lists[rule.rawValue] { names.formUnion(named.keys) }
        }
        if let logic = self.common.logic[rule.rawValue] {
            names.formUnion(logic.flag.map(\.list))
            for pair in logic.pairs ?? [] {
                names.insert(pair.first)
                names.insert(pair.second)
                if let requires = pair.requires { names.insert(requires) }
            }
            if let negation = logic.negation { names.insert(negation) }
            if let exceptions = logic.exceptions { names.insert(exceptions) }
            if let handles = logic.handles { names.insert(handles) }
            names.insert(logic.extensionList)
        }
        // "rule/list" names borrow another rule's list; phrases go to that list, under its own rule.
        return names.filter { !$0.contains("/") }
    }
}
