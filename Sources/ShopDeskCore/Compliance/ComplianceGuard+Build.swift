/// Compiling the rule data (and an extension) into a guard: everything that can be decided before
/// seeing a draft is decided here, and every inconsistency in the data is an error here rather than a
/// silently dead rule later.
extension ComplianceGuard {
    /// Compiles `rules` merged with `extension` (validated first).
    public init(rules: ComplianceRules, extension additions: ComplianceRuleExtension = ComplianceRuleExtension()) throws(BuildError) {
        do {
            try additions.validate(against: rules)
        } catch {
            throw .invalidExtension(error)
        }
        do {
            try self.init(compiling: rules, additions: additions)
        } catch {
            throw .data(error)
        }
    }

    private init(compiling rules: ComplianceRules, additions: ComplianceRuleExtension) throws(ComplianceRules.DataError) {
        let common = rules.common
        let folds = try Self.folds(common.characterFolds)

        // Markets: one bit each, for the market files and any market an extension names.
        var marketBits: [String: UInt64] = [:]
        func bit(_ market: String) throws(ComplianceRules.DataError) -> UInt64 {
            if let bit = marketBits[market] { return bit }
            guard marketBits.count < 63 else { throw ComplianceRules.DataError(file: "rules", message: "more than 63 markets") }
            let bit = UInt64(1) << UInt64(marketBits.count)
            marketBits[market] = bit
            return bit
        }
        for file in rules.markets {
            do {
                _ = try Market.validatedCode(file.market)
            } catch {
                throw ComplianceRules.DataError(file: "\(file.market).json", message: error.message)
            }
            _ = try bit(file.market)
        }
        for addition in additions.phrases {
            if let market = addition.market { _ = try bit(market) }
        }
        // A market file's phrases apply in its market and in the markets that also use it.
        var fileMasks: [String: UInt64] = [:]
        for file in rules.markets {
            fileMasks[file.market, default: 0] |= marketBits[file.market]!
            for other in file.alsoUse ?? [] {
                guard marketBits[other] != nil else {
                    throw ComplianceRules.DataError(file: "\(file.market).json", message: "alsoUse names \(other), which has no rule file")
                }
                fileMasks[other, default: 0] |= marketBits[file.market]!
            }
        }

        // Lists: an id per (rule, name), in the order the logic names them. A name "rule/list" borrows
        // another rule's list (abusive_language's intimidation pair reads review_manipulation's bad
        // reviews): it gets an id of its own rule, and every phrase of the borrowed list is tagged with it.
        var listIDs: [String: Int] = [:]
        var listRules: [ComplianceRule] = []
        var borrowers: [String: [Int]] = [:]
        func listID(_ rule: ComplianceRule, _ name: String) -> Int {
            let key = "\(rule.rawValue)/\(name)"
            if let id = listIDs[key] { return id }
            let id = listRules.count
            listIDs[key] = id
            listRules.append(rule)
            if name.contains("/") { borrowers[name, default: []].append(id) }
            return id
        }
        /// The ids a phrase of list `name` of `rule` is tagged with: the list's own and its borrowers'.
        func taggedIDs(_ rule: ComplianceRule, _ name: String) -> [Int] {
            let key = "\(rule.rawValue)/\(name)"
            return (listIDs[key].map { [$0] } ?? []) + (borrowers[key] ?? [])
        }
        var logic: [CompiledLogic] = []
        for (ruleID, ruleLogic) in common.logic.sorted(by: { $0.key < $1.key }) {
            guard let rule = ComplianceRule(rawValue: ruleID), rule.acceptsPhrases, rule != .smallTalkOnly else {
                throw ComplianceRules.DataError(file: "common.json", message: "logic for '\(ruleID)', which is not a phrase rule")
            }
            let negatableByDefault = ruleLogic.negation != nil
            logic.append(
                CompiledLogic(
                    rule: rule,
                    flags: ruleLogic.flag.map {
                        CompiledLogic.Flag(list: listID(rule, $0.list), reason: $0.reason, negatable: $0.negatable ?? negatableByDefault)
                    },
                    pairs: (ruleLogic.pairs ?? []).map {
                        CompiledLogic.Pair(
                            first: listID(rule, $0.first), second: listID(rule, $0.second), maxGap: $0.maxGap, ordered: $0.ordered ?? false,
                            requires: $0.requires.map { listID(rule, $0) }, reason: $0.reason, negatable: $0.negatable ?? negatableByDefault
                        )
                    },
                    negation: ruleLogic.negation.map { listID(rule, $0) },
                    exceptions: ruleLogic.exceptions.map { listID(rule, $0) },
                    handleTargets: ruleLogic.handles.map { listID(rule, $0) }
                ))
            for flag in ruleLogic.flag where flag.reason.rule != rule {
                throw ComplianceRules.DataError(
                    file: "common.json", message: "\(ruleID) flags list \(flag.list) with reason \(flag.reason.rawValue) of another rule")
            }
            _ = listID(rule, ruleLogic.extensionList)
        }
        let knownLists = listIDs.count

        // Phrases, deduplicated by their folded scalars; each keeps every (role, markets) it stands for.
        var builder = PatternBuilder()
        var exactBuilder = PatternBuilder()
        var usedLists = Set<Int>()
        func addLists(_ lists: ComplianceRules.PhraseLists?, markets: UInt64, exact: Bool, file: String) throws(ComplianceRules.DataError) {
            for (ruleID, named) in (lists ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard let rule = ComplianceRule(rawValue: ruleID), logic.contains(where: { $0.rule == rule }) else {
                    throw ComplianceRules.DataError(file: file, message: "phrases for '\(ruleID)', which has no logic in common.json")
                }
                for (name, phrases) in named.sorted(by: { $0.key < $1.key }) {
                    let ids = taggedIDs(rule, name)
                    guard !ids.isEmpty, listIDs["\(ruleID)/\(name)"] != nil else {
                        throw ComplianceRules.DataError(file: file, message: "list '\(name)' of \(ruleID) is not used by its logic")
                    }
                    usedLists.formUnion(ids)
                    for phrase in phrases {
                        let scalars = Self.phraseScalars(phrase, folds: folds, exact: exact)
                        guard !scalars.isEmpty else {
                            throw ComplianceRules.DataError(file: file, message: "empty phrase '\(phrase)' in \(ruleID)/\(name)")
                        }
                        for id in ids {
                            if exact {
                                exactBuilder.add(scalars, PhraseTag(role: .list(id), markets: markets))
                            } else {
                                builder.add(scalars, PhraseTag(role: .list(id), markets: markets))
                            }
                        }
                    }
                }
            }
        }
        try addLists(common.phrases, markets: .max, exact: false, file: "common.json")
        try addLists(common.exactPhrases, markets: .max, exact: true, file: "common.json")
        for file in rules.markets {
            let mask = fileMasks[file.market] ?? marketBits[file.market]!
            try addLists(file.phrases, markets: mask, exact: false, file: "\(file.market).json")
            try addLists(file.exactPhrases, markets: mask, exact: true, file: "\(file.market).json")
        }
        // A list the logic names but no file fills is a typo; only the extension lists may start empty.
        let extensionLists = Set(logic.map { listIDs["\($0.rule.rawValue)/\(common.logic[$0.rule.rawValue]!.extensionList)"]! })
        for (name, id) in listIDs where id < knownLists && !usedLists.contains(id) && !extensionLists.contains(id) {
            throw ComplianceRules.DataError(file: "common.json", message: "list \(name) has no phrases in any file")
        }

        // The scanners' words, for every market.
        let words = common.words
        for (digit, spellings) in words.digits {
            guard let value = UInt8(digit), value <= 9 else {
                throw ComplianceRules.DataError(file: "common.json", message: "digit words under '\(digit)', which is not a digit")
            }
            for spelling in spellings {
                builder.add(Self.phraseScalars(spelling, folds: folds, exact: false), PhraseTag(role: .digit(value), markets: .max))
            }
        }
        let scannerWords: [([String], PhraseTag.Role)] = [
            (words.emailAt, .emailAt), (words.dot, .dot), (words.emailProviders, .emailProvider),
            // Spelled out ("shop dot my"), a word-like TLD is a domain too: nobody writes "dot" by accident.
            (words.topLevelDomains + words.wordLikeTopLevelDomains, .topLevelDomain), (words.phoneCues, .phoneCue),
            (words.referenceCues, .referenceCue),
        ]
        for (list, role) in scannerWords {
            for word in list {
                let scalars = Self.phraseScalars(word, folds: folds, exact: false)
                guard !scalars.isEmpty else { throw ComplianceRules.DataError(file: "common.json", message: "empty word '\(word)'") }
                // "chấm" (dot) must keep its accent, or "giao chậm, shop …" reads as a domain.
                let exact = Self.phraseScalars(word, folds: folds, exact: true)
                if (role == .dot || role == .emailAt), exact != scalars {
                    exactBuilder.add(exact, PhraseTag(role: role, markets: .max))
                } else {
                    builder.add(scalars, PhraseTag(role: role, markets: .max))
                }
            }
        }

        // Platforms: every platform needs settings, so that a new platform cannot go unchecked.
        var platforms: [Platform: PlatformSettings] = [:]
        for (index, platform) in Platform.allCases.enumerated() {
            guard let settings = common.platforms[platform.rawValue] else {
                throw ComplianceRules.DataError(file: "common.json", message: "no settings for platform \(platform.rawValue)")
            }
            let bit = UInt16(1) << UInt16(index)
            for name in settings.selfNames ?? [] {
                builder.add(Self.phraseScalars(name, folds: folds, exact: false), PhraseTag(role: .selfName(bit), markets: .max))
            }
            platforms[platform] = PlatformSettings(
                rules: Set(settings.rules), bit: bit, allowedLinks: Self.lowercased(settings.allowedLinks ?? []), spam: settings.spam
            )
        }
        for id in common.platforms.keys where Platform(rawValue: id) == nil {
            throw ComplianceRules.DataError(file: "common.json", message: "settings for unknown platform '\(id)'")
        }

        // The workspace's additions (validated by the caller).
        var smallTalkAdditions: [String] = []
        for addition in additions.phrases {
            let rule = ComplianceRule(rawValue: addition.rule)!
            if rule == .smallTalkOnly {
                smallTalkAdditions += addition.phrases
                continue
            }
            let listName = addition.list ?? common.logic[rule.rawValue]!.extensionList
            let markets = addition.market.map { marketBits[$0]! } ?? .max
            let exact = addition.matchDiacritics ?? false
            for id in taggedIDs(rule, listName) {
                for phrase in addition.phrases {
                    let tag = PhraseTag(role: .list(id), markets: markets)
                    if exact {
                        exactBuilder.add(Self.phraseScalars(phrase, folds: folds, exact: true), tag)
                    } else {
                        builder.add(Self.phraseScalars(phrase, folds: folds, exact: false), tag)
                    }
                }
            }
        }
        for link in additions.allowedLinks {
            let platform = Platform(rawValue: link.platform)!
            platforms[platform]!.allowedLinks += Self.lowercased([
                ComplianceRules.AllowedLink(hosts: link.hosts, pathPrefixes: link.pathPrefixes ?? ["", "/"])
            ])
        }

        // Phone numbering plans.
        var plans: [CompiledPhonePlan] = []
        for file in rules.markets {
            guard let plan = file.phone else { continue }
            plans.append(try CompiledPhonePlan(market: file.market, plan: plan))
        }

        self.folds = folds
        self.automaton = PhraseAutomaton(patterns: builder.patterns)
        self.patternTags = builder.tags
        self.exactAutomaton = PhraseAutomaton(patterns: exactBuilder.patterns)
        self.exactPatternTags = exactBuilder.tags
        self.marketBits = marketBits
        self.listRules = listRules
        self.logic = logic
        self.platforms = platforms
        self.phonePlans = plans
        self.topLevelDomains = Set(words.topLevelDomains.map { $0.lowercased() })
        self.wordLikeTopLevelDomains = Set(words.wordLikeTopLevelDomains.map { $0.lowercased() })
        self.linkHosts = Set(words.linkHosts.map { $0.lowercased() })
        self.emailProviders = Set(words.emailProviders.map { $0.lowercased() })
        self.smallTalkPhrases = SmallTalk.normalisedPhrases(SmallTalk.phrases + smallTalkAdditions)
    }

    /// A phrase as the words view of a draft would show it: folded (or exact), separators collapsed,
    /// without leading or trailing separators.
    static func phraseScalars(_ phrase: String, folds: [UInt32: UInt32], exact: Bool) -> [UInt32] {
        let text = ComplianceText(phrase, folds: folds)
        var scalars = exact ? text.wordsExact : text.words
        while let last = scalars.last, last == ComplianceText.space || last == ComplianceText.sentenceBreak {
            scalars.removeLast()
        }
        return scalars
    }

    /// "評评價价": each Traditional character followed by its Simplified form.
    private static func folds(_ pairs: String) throws(ComplianceRules.DataError) -> [UInt32: UInt32] {
        let scalars = pairs.unicodeScalars.filter { !$0.properties.isWhitespace }.map(\.value)
        guard scalars.count.isMultiple(of: 2) else {
            throw ComplianceRules.DataError(file: "common.json", message: "characterFolds must be pairs of characters")
        }
        var folds: [UInt32: UInt32] = [:]
        for index in stride(from: 0, to: scalars.count, by: 2) {
            folds[scalars[index]] = scalars[index + 1]
        }
        return folds
    }

    private static func lowercased(_ links: [ComplianceRules.AllowedLink]) -> [ComplianceRules.AllowedLink] {
        links.map {
            ComplianceRules.AllowedLink(hosts: $0.hosts.map { $0.lowercased() }, pathPrefixes: $0.pathPrefixes, pathContains: $0.pathContains)
        }
    }
}

/// Collects patterns for an automaton, one per distinct scalar sequence.
struct PatternBuilder {
    private(set) var patterns: [[UInt32]] = []
    private(set) var tags: [[PhraseTag]] = []
    private var index: [[UInt32]: Int] = [:]

    mutating func add(_ scalars: [UInt32], _ tag: PhraseTag) {
        guard !scalars.isEmpty else { return }
        if let id = self.index[scalars] {
            if let same = self.tags[id].firstIndex(where: { $0.role == tag.role }) {
                self.tags[id][same].markets |= tag.markets
            } else {
                self.tags[id].append(tag)
            }
        } else {
            self.index[scalars] = self.patterns.count
            self.patterns.append(scalars)
            self.tags.append([tag])
        }
    }
}
