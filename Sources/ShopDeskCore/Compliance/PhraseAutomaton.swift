/// An Aho-Corasick automaton over Unicode scalars: finds every occurrence of every phrase in one pass
/// over the text, however many phrases there are. Built once per guard; matching allocates nothing
/// but the caller's results.
///
/// Scalars of the Basic Multilingual Plane that occur in some phrase get a small symbol number through
/// a flat table, so a step is two array reads; any other scalar (emoji, scripts no phrase uses) resets
/// the automaton, since no phrase can run across it.
struct PhraseAutomaton: Sendable {
    /// Symbol of each BMP scalar; 0 for scalars no phrase contains.
    private let symbols: [UInt16]
    /// The root's transitions, dense (indexed by symbol); -1 when absent.
    private let rootNext: [Int32]
    /// Other nodes' transitions: `edgeStart[node]..<edgeStart[node + 1]` into the sorted edge arrays.
    private let edgeStart: [Int32]
    private let edgeSymbols: [UInt16]
    private let edgeTargets: [Int32]
    private let failure: [Int32]
    /// Patterns ending at each node, its failure chain's included: `outputStart[node]..<outputStart[node + 1]`.
    private let outputStart: [Int32]
    private let outputs: [Int32]
    /// Length in scalars of each pattern.
    let patternLengths: [Int32]

    /// - Parameter patterns: non-empty scalar sequences; a pattern's index is its id in matches.
    init(patterns: [[UInt32]]) {
        var symbols = [UInt16](repeating: 0, count: 0x10000)
        var symbolCount: UInt16 = 0
        for pattern in patterns {
            for scalar in pattern where scalar < 0x10000 && symbols[Int(scalar)] == 0 {
                symbolCount += 1
                symbols[Int(scalar)] = symbolCount
            }
        }
        // The trie, with dictionary children while building.
        var children: [[UInt16: Int32]] = [[:]]
        var terminal: [[Int32]] = [[]]
        for (id, pattern) in patterns.enumerated() {
            // A scalar outside the BMP can never be matched (the text side maps it to 0): skip the pattern.
            guard !pattern.isEmpty, pattern.allSatisfy({ $0 < 0x10000 }) else { continue }
            var node: Int32 = 0
            for scalar in pattern {
                let symbol = symbols[Int(scalar)]
                if let next = children[Int(node)][symbol] {
                    node = next
                } else {
                    let next = Int32(children.count)
                    children.append([:])
                    terminal.append([])
                    children[Int(node)][symbol] = next
                    node = next
                }
            }
            terminal[Int(node)].append(Int32(id))
        }
        // Failure links, breadth first, so a node's failure target is final before its children's.
        let nodeCount = children.count
        var failure = [Int32](repeating: 0, count: nodeCount)
        var collected = terminal
        var queue: [Int32] = children[0].values.sorted()
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for (symbol, child) in children[Int(node)].sorted(by: { $0.key < $1.key }) {
                var fallback = failure[Int(node)]
                var target: Int32 = 0
                while true {
                    if let next = children[Int(fallback)][symbol], next != child {
                        target = next
                        break
                    }
                    if fallback == 0 { break }
                    fallback = failure[Int(fallback)]
                }
                failure[Int(child)] = target
                collected[Int(child)] += collected[Int(target)]
                queue.append(child)
            }
        }
        var rootNext = [Int32](repeating: -1, count: Int(symbolCount) + 1)
        for (symbol, child) in children[0] {
            rootNext[Int(symbol)] = child
        }
        var edgeStart: [Int32] = []
        var edgeSymbols: [UInt16] = []
        var edgeTargets: [Int32] = []
        var outputStart: [Int32] = []
        var outputs: [Int32] = []
        for node in 0..<nodeCount {
            edgeStart.append(Int32(edgeSymbols.count))
            for (symbol, child) in children[node].sorted(by: { $0.key < $1.key }) {
                edgeSymbols.append(symbol)
                edgeTargets.append(child)
            }
            outputStart.append(Int32(outputs.count))
            outputs += collected[node]
        }
        edgeStart.append(Int32(edgeSymbols.count))
        outputStart.append(Int32(outputs.count))
        self.symbols = symbols
        self.rootNext = rootNext
        self.edgeStart = edgeStart
        self.edgeSymbols = edgeSymbols
        self.edgeTargets = edgeTargets
        self.failure = failure
        self.outputStart = outputStart
        self.outputs = outputs
        self.patternLengths = patterns.map { Int32($0.count) }
    }

    private func next(_ node: Int32, _ symbol: UInt16) -> Int32 {
        if node == 0 { return self.rootNext[Int(symbol)] }
        var low = Int(self.edgeStart[Int(node)])
        var high = Int(self.edgeStart[Int(node) + 1])
        // Most nodes have one or two children: scan; the few wide ones: bisect.
        if high - low <= 8 {
            while low < high {
                if self.edgeSymbols[low] == symbol { return self.edgeTargets[low] }
                low += 1
            }
            return -1
        }
        while low < high {
            let middle = (low + high) / 2
            let found = self.edgeSymbols[middle]
            if found == symbol { return self.edgeTargets[middle] }
            if found < symbol { low = middle + 1 } else { high = middle }
        }
        return -1
    }

    /// Calls `body(pattern, start, end)` for every occurrence, `end` exclusive, in order of `end`.
    func forEachMatch(in text: [UInt32], _ body: (Int, Int, Int) -> Void) {
        var node: Int32 = 0
        for index in text.indices {
            let scalar = text[index]
            let symbol = scalar < 0x10000 ? self.symbols[Int(scalar)] : 0
            if symbol == 0 {
                node = 0
                continue
            }
            while true {
                let target = self.next(node, symbol)
                if target >= 0 {
                    node = target
                    break
                }
                if node == 0 { break }
                node = self.failure[Int(node)]
            }
            let first = Int(self.outputStart[Int(node)])
            let last = Int(self.outputStart[Int(node) + 1])
            if first < last {
                for output in first..<last {
                    let pattern = Int(self.outputs[output])
                    body(pattern, index + 1 - Int(self.patternLengths[pattern]), index + 1)
                }
            }
        }
    }
}
