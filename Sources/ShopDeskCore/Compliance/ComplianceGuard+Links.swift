/// Off-platform contact that is not a phrase: links, e-mail addresses and messaging handles, read from
/// the folded view by hand-written scanners (no regular expressions on the hot path), and their
/// spelled-out forms ("name at gmail dot com", "shop chấm vn") from the words view.
extension ComplianceGuard {
    /// The TLDs a link written with spaced dots ("shop . com") may end with.
    static let spacedDotDomains: Set<String> = ["com", "org", "vn"]

    /// Second-level labels under a country code ("shop.com.my").
    static let secondLevelLabels: Set<String> = ["com", "co", "net", "org", "edu", "gov", "ac"]

    func scanContacts(_ text: ComplianceText, matches: [PhraseMatch], market: String, settings: PlatformSettings, into found: inout [RawFinding]) {
        var handles: [(start: Int, end: Int)] = []
        self.scanLinks(text, settings: settings, handles: &handles, into: &found)
        self.scanSpelledOut(text, matches: matches, into: &found)
        self.scanHandles(text, matches: matches, handles: handles, into: &found)
        self.scanPhones(text, matches: matches, market: market, into: &found)
    }

    /// Adds an off-platform finding over folded positions `start..<end`.
    static func addContact(_ reason: ComplianceFinding.Reason, _ text: ComplianceText, _ start: Int, _ end: Int, into found: inout [RawFinding]) {
        let range = text.originalRange(folded: start, end)
        found.append(RawFinding(rule: .offPlatformContact, reason: reason, severity: .block, start: range.start, end: range.end))
    }

    // MARK: Links and e-mail addresses

    private func scanLinks(
        _ text: ComplianceText, settings: PlatformSettings, handles: inout [(start: Int, end: Int)], into found: inout [RawFinding]
    ) {
        let folded = text.folded
        let count = folded.count
        var index = 0
        while index < count {
            let scalar = folded[index]
            if scalar == 0x40 {
                index = self.scanAt(text, at: index, handles: &handles, into: &found)
                continue
            }
            guard Self.isHostScalar(scalar) else {
                index += 1
                continue
            }
            // A token of host characters; most end without a dot, scheme or "@" and are skipped whole.
            var tokenEnd = index
            while tokenEnd < count, Self.isHostScalar(folded[tokenEnd]) { tokenEnd += 1 }
            let spacedDot = Self.isSpacedDot(folded, tokenEnd)
            guard tokenEnd < count, Self.isDot(folded, tokenEnd) || folded[tokenEnd] == 0x3A || spacedDot else {
                index = tokenEnd
                continue
            }
            var hostStart = index
            var explicit = false
            if Self.has(folded, "https://", at: index) {
                hostStart = index + 8
                explicit = true
            } else if Self.has(folded, "http://", at: index) {
                hostStart = index + 7
                explicit = true
            } else if Self.has(folded, "www.", at: index) {
                explicit = true
            } else if folded[tokenEnd] == 0x3A {
                index = tokenEnd
                continue
            }
            let host = Self.parseHost(folded, from: hostStart, spacedDots: spacedDot)
            if host.end < count, folded[host.end] == 0x40 {
                // The local part of an e-mail address; the "@" scan takes it from here.
                index = host.end
                continue
            }
            let hasPath = host.end < count && (folded[host.end] == 0x2F || folded[host.end] == 0x3F)
            let labels = host.labels.map { Self.string(folded[$0]) }
            // "giaydep . com": a spaced dot is usually a sentence break ("ordering . Online payment …"),
            // so only before the few TLDs that are never a word that starts a sentence.
            let plausible =
                spacedDot ? labels.count >= 2 && Self.spacedDotDomains.contains(labels[labels.count - 1]) && labels[0].utf8.count >= 3 : true
            guard !labels.isEmpty, plausible, explicit || self.isLinkHost(labels, hasPath: hasPath) else {
                index = max(host.end, tokenEnd)
                continue
            }
            let end = hasPath || (explicit && host.end < count && folded[host.end] == 0x3A) ? Self.urlEnd(folded, from: host.end) : host.end
            let path = hasPath ? Self.string(folded[host.end..<end]) : ""
            if !Self.isAllowed(host: labels.joined(separator: "."), path: path, links: settings.allowedLinks) {
                Self.addContact(.link, text, index, end, into: &found)
            }
            index = max(end, index + 1)
        }
    }

    /// Whether `labels` (without a scheme or "www.") name a link rather than words with a missing
    /// space: a known TLD after a label with a letter; a word-like TLD only with a path or a
    /// second-level label; any known link host.
    func isLinkHost(_ labels: [String], hasPath: Bool) -> Bool {
        guard labels.count >= 2 else { return false }
        if self.linkHosts.contains(labels.joined(separator: ".")) { return true }
        let tld = labels[labels.count - 1]
        guard tld.utf8.count >= 2, tld.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return false }
        let secondLevel = labels.count >= 3 && Self.secondLevelLabels.contains(labels[labels.count - 2])
        let name = secondLevel ? labels[labels.count - 3] : labels[labels.count - 2]
        guard name.utf8.contains(where: { $0 >= 0x61 && $0 <= 0x7A }) else { return false }
        if self.topLevelDomains.contains(tld) { return name.utf8.count >= 2 || hasPath || secondLevel }
        if self.wordLikeTopLevelDomains.contains(tld) { return hasPath || secondLevel }
        return false
    }

    /// Links to the platform's own pages that the platform allows (`allowedLinks` in common.json).
    static func isAllowed(host: String, path: String, links: [ComplianceRules.AllowedLink]) -> Bool {
        var host = Substring(host)
        for prefix in ["www.", "m."] where host.hasPrefix(prefix) {
            host = host.dropFirst(prefix.count)
        }
        let bare = path.isEmpty || path == "/"
        for link in links where link.hosts.contains(where: { $0 == host }) {
            if bare, link.pathPrefixes.contains("") { return true }
            if !bare, link.pathPrefixes.contains(where: { !$0.isEmpty && path.hasPrefix($0) }) { return true }
            if !bare, (link.pathContains ?? []).contains(where: { path.contains($0) }) { return true }
        }
        return false
    }

    /// An "@": an e-mail address when a local part comes before it and a domain (or a mail provider's
    /// name) after; a handle ("@shop.abc") when nothing comes before it. Returns where to go on.
    private func scanAt(_ text: ComplianceText, at position: Int, handles: inout [(start: Int, end: Int)], into found: inout [RawFinding]) -> Int {
        let folded = text.folded
        let count = folded.count
        var localStart = position
        while localStart > 0, Self.isLocalScalar(folded[localStart - 1]) { localStart -= 1 }
        var hasLocal = (localStart..<position).contains { Self.isAlphanumeric(folded[$0]) }
        // "name @ gmail.com": a local part one space away counts only if a domain follows.
        var spacedLocal = false
        if !hasLocal, position >= 2, folded[position - 1] == ComplianceText.space, Self.isLocalScalar(folded[position - 2]) {
            localStart = position - 1
            while localStart > 0, Self.isLocalScalar(folded[localStart - 1]) { localStart -= 1 }
            hasLocal = true
            spacedLocal = true
        }
        var domainStart = position + 1
        if domainStart < count, folded[domainStart] == ComplianceText.space { domainStart += 1 }
        let domain = Self.parseHost(folded, from: domainStart, spacedDots: true)
        guard !domain.labels.isEmpty else { return position + 1 }
        if hasLocal {
            let labels = domain.labels.map { Self.string(folded[$0]) }
            let tld = labels[labels.count - 1]
            let isDomain = labels.count >= 2 && tld.utf8.count >= 2 && tld.utf8.allSatisfy { $0 >= 0x61 && $0 <= 0x7A }
            if isDomain || (labels.count == 1 && self.emailProviders.contains(labels[0])) {
                Self.addContact(.emailAddress, text, localStart, domain.end, into: &found)
                return domain.end
            }
            if !spacedLocal { return position + 1 }
        }
        // "@shop.abc" (also after a word and a space, "Tele @deals"): a handle.
        if domainStart == position + 1, domain.labels[0].count >= 2 {
            handles.append((position, domain.end))
            return domain.end
        }
        return position + 1
    }

    // MARK: Spelled out

    /// "name at gmail dot com", "shop a còng gmail chấm com", "shopabc dot vn", "shop点com": the
    /// scanners' words ("at", "dot", providers, TLDs) found by the automaton, checked for order.
    private func scanSpelledOut(_ text: ComplianceText, matches: [PhraseMatch], into found: inout [RawFinding]) {
        let words = text.words
        let count = words.count
        func match(at start: Int, _ role: PhraseTag.Role) -> PhraseMatch? {
            matches.first { $0.start == start && $0.role == role }
        }
        func skipSpace(_ position: Int) -> Int {
            position < count && words[position] == ComplianceText.space ? position + 1 : position
        }
        /// The end of " dot tld" from `position`, if it is there.
        func dotAndDomain(after position: Int) -> Int? {
            guard let dot = match(at: skipSpace(position), .dot), let tld = match(at: skipSpace(dot.end), .topLevelDomain) else { return nil }
            return tld.end
        }
        func tokenStart(endingAt end: Int) -> Int? {
            guard end > 0, ComplianceText.isLatinAlphanumeric(words[end - 1]) else { return nil }
            var start = end - 1
            while start > 0, ComplianceText.isLatinAlphanumeric(words[start - 1]) { start -= 1 }
            return start
        }
        func add(_ reason: ComplianceFinding.Reason, _ start: Int, _ end: Int) {
            let range = text.originalRange(words: start, end)
            found.append(RawFinding(rule: .offPlatformContact, reason: reason, severity: .block, start: range.start, end: range.end))
        }
        for at in matches where at.role == .emailAt {
            guard at.start >= 2, words[at.start - 1] == ComplianceText.space, let local = tokenStart(endingAt: at.start - 1),
                at.end + 1 < count, words[at.end] == ComplianceText.space
            else { continue }
            let next = at.end + 1
            if let provider = match(at: next, .emailProvider) {
                add(.emailAddress, local, dotAndDomain(after: provider.end) ?? provider.end)
            } else if ComplianceText.isLatinAlphanumeric(words[next]) {
                var tokenEnd = next
                while tokenEnd < count, ComplianceText.isLatinAlphanumeric(words[tokenEnd]) { tokenEnd += 1 }
                if let end = dotAndDomain(after: tokenEnd) { add(.emailAddress, local, end) }
            }
        }
        for dot in matches where dot.role == .dot {
            let before = dot.start > 0 && words[dot.start - 1] == ComplianceText.space ? dot.start - 1 : dot.start
            guard let start = tokenStart(endingAt: before), let tld = match(at: skipSpace(dot.end), .topLevelDomain) else { continue }
            add(.link, start, tld.end)
        }
    }

    // MARK: Handles

    /// An app name followed by a handle: "IG @shop.abc", "LINE: shop123", "WeChat ID: abc_88".
    private func scanHandles(_ text: ComplianceText, matches: [PhraseMatch], handles: [(start: Int, end: Int)], into found: inout [RawFinding]) {
        guard let targets = self.logic.first(where: { $0.rule == .offPlatformContact })?.handleTargets else { return }
        let folded = text.folded
        let count = folded.count
        for app in matches where app.list == targets {
            let start = Int(text.wordsPosition[app.start])
            let end = Int(text.wordsPosition[app.end - 1]) + 1
            if let handle = handles.first(where: { $0.start >= end && $0.start - end <= 12 }) {
                Self.addContact(.messagingApp, text, start, handle.end, into: &found)
                continue
            }
            var position = end
            func skipSpaces() {
                while position < count, folded[position] == ComplianceText.space { position += 1 }
            }
            skipSpaces()
            if Self.has(folded, "id", at: position), position + 2 <= count, position + 2 == count || !Self.isAlphanumeric(folded[position + 2]) {
                position += 2
                skipSpaces()
            }
            guard position < count, folded[position] == 0x3A else { continue }
            position += 1
            skipSpaces()
            var handleEnd = position
            while handleEnd < count, Self.isLocalScalar(folded[handleEnd]) || folded[handleEnd] == 0x40 { handleEnd += 1 }
            if handleEnd - position >= 3 {
                Self.addContact(.messagingApp, text, start, handleEnd, into: &found)
            }
        }
    }

    // MARK: Scalars

    /// Host names: ASCII letters, digits, "-" and "_" (handles use it).
    static func isHostScalar(_ scalar: UInt32) -> Bool {
        (scalar >= 0x61 && scalar <= 0x7A) || (scalar >= 0x30 && scalar <= 0x39) || scalar == 0x2D || scalar == 0x5F
    }

    static func isAlphanumeric(_ scalar: UInt32) -> Bool {
        (scalar >= 0x61 && scalar <= 0x7A) || (scalar >= 0x30 && scalar <= 0x39)
    }

    /// The local part of an e-mail address.
    static func isLocalScalar(_ scalar: UInt32) -> Bool {
        Self.isHostScalar(scalar) || scalar == 0x2E || scalar == 0x25 || scalar == 0x2B
    }

    /// "." or its bracketed disguises "[.]" and "(.)".
    static func isDot(_ folded: [UInt32], _ position: Int) -> Bool {
        if folded[position] == 0x2E { return true }
        guard position + 2 < folded.count, folded[position + 1] == 0x2E else { return false }
        return (folded[position] == 0x5B && folded[position + 2] == 0x5D) || (folded[position] == 0x28 && folded[position + 2] == 0x29)
    }

    /// " . " between two host labels.
    static func isSpacedDot(_ folded: [UInt32], _ position: Int) -> Bool {
        position + 3 < folded.count && folded[position] == ComplianceText.space && folded[position + 1] == 0x2E
            && folded[position + 2] == ComplianceText.space && Self.isHostScalar(folded[position + 3])
    }

    static func has(_ folded: [UInt32], _ ascii: StaticString, at position: Int) -> Bool {
        let count = ascii.utf8CodeUnitCount
        guard position + count <= folded.count else { return false }
        return ascii.withUTF8Buffer { bytes in
            (0..<count).allSatisfy { folded[position + $0] == UInt32(bytes[$0]) }
        }
    }

    /// Labels separated by dots (or "[.]", "(.)", and " . " when `spacedDots`), from `start`.
    static func parseHost(_ folded: [UInt32], from start: Int, spacedDots: Bool) -> (labels: [Range<Int>], end: Int) {
        var labels: [Range<Int>] = []
        var position = start
        let count = folded.count
        while position < count {
            var labelEnd = position
            while labelEnd < count, Self.isHostScalar(folded[labelEnd]) { labelEnd += 1 }
            guard labelEnd > position else { break }
            labels.append(position..<labelEnd)
            position = labelEnd
            // The next label, after a dot (and only if a label follows it).
            var next = position
            if next < count, Self.isDot(folded, next) {
                next += folded[next] == 0x2E ? 1 : 3
            } else if spacedDots, Self.isSpacedDot(folded, next) {
                next += 3
            } else {
                break
            }
            guard next < count, Self.isHostScalar(folded[next]) else { break }
            position = next
        }
        return (labels, labels.last?.upperBound ?? start)
    }

    /// The end of a URL's path and query from `start`: printable ASCII, without the punctuation that
    /// usually ends the sentence around it.
    static func urlEnd(_ folded: [UInt32], from start: Int) -> Int {
        var end = start
        while end < folded.count {
            let scalar = folded[end]
            guard scalar > 0x20, scalar < 0x7F, scalar != 0x22, scalar != 0x3C, scalar != 0x3E, scalar != 0x60 else { break }
            end += 1
        }
        while end > start, [0x2E, 0x2C, 0x3B, 0x3A, 0x21, 0x3F, 0x29, 0x27].contains(folded[end - 1]) { end -= 1 }
        return end
    }

    static func string(_ scalars: ArraySlice<UInt32>) -> String {
        String(decoding: scalars.map { UInt8(truncatingIfNeeded: $0) }, as: UTF8.self)
    }
}
