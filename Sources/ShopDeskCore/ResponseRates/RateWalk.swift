/// Replays the time after the evaluation, event by event: a pending chat's deadline (it becomes a miss,
/// or, in a what-if, an in-time answer) and a chat's start plus the window (it leaves the rate).
///
/// Events come from two sorted streams, pending chats by deadline and window exits by start time (the
/// chat list is in start order), so a replay costs the number of events, not the number of chats.
/// Shopee's recent-quarter rate is kept by a boundary index that moves as chats join and leave.
struct RateWalk {
    let chats: [Chat]
    let metric: RuleSet.Metric
    let asOf: Int64
    let window: Int64
    let until: Int64
    /// The chats in the window at `asOf`: [first, end).
    let first: Int
    let end: Int
    /// Chats in [first, exitEnd) leave the window by `until`.
    let exitEnd: Int
    /// Pending chats by deadline (then by position): index into `chats`.
    let pending: [Int]
    /// For chats at `tailStart` and after: their rank in `pending`, or -1.
    let tailStart: Int
    let pendingRank: [Int32]
    private(set) var initial: Counts

    /// The counts a rate is computed from; `boundary` starts the most recent quarter of the eligible chats.
    struct Counts {
        var eligible: Int
        var inTime: Int
        var boundary: Int
        var recentEligible = 0
        var recentInTime = 0
    }

    init(list: ChatList, metric: RuleSet.Metric, asOf: Int64, first: Int, end: Int, eligible: Int, inTime: Int, pendingCount: Int) {
        self.chats = list.chats
        self.metric = metric
        self.asOf = asOf
        self.window = metric.windowMilliseconds
        // A pending chat's deadline is at most `longestWait` after its start, so it started after this.
        var tailStart = max(first, list.firstIndex(startedAfter: asOf - metric.deadline.longestWait))
        var pending: [Int] = []
        pending.reserveCapacity(pendingCount)
        for index in tailStart..<end where self.chats[index].state(asOf: asOf) == .pending {
            pending.append(index)
        }
        if pending.count != pendingCount {
            // A chat list built with other deadlines than this metric's: look at the whole window.
            tailStart = first
            pending.removeAll(keepingCapacity: true)
            for index in first..<end where self.chats[index].state(asOf: asOf) == .pending {
                pending.append(index)
            }
        }
        let chats = self.chats
        pending.sort { (chats[$0].deadline, $0) < (chats[$1].deadline, $1) }
        var rank = [Int32](repeating: -1, count: end - tailStart)
        for (position, index) in pending.enumerated() {
            rank[index - tailStart] = Int32(position)
        }
        let latestDeadline = pending.last.map { chats[$0].deadline } ?? asOf
        self.until = max(asOf + metric.deadline.longestWait, latestDeadline)
        self.first = first
        self.end = end
        self.exitEnd = list.firstIndex(startedAfter: self.until - self.window)
        self.pending = pending
        self.tailStart = tailStart
        self.pendingRank = rank
        var counts = Counts(eligible: eligible, inTime: inTime, boundary: end)
        self.initial = counts
        if metric.aggregation == .shopeeRecentWeighted {
            self.rebalance(&counts, activated: 0, exited: first, answered: 0)
            self.initial = counts
        }
    }

    var currentRate: Double? { self.rate(self.initial) }

    func rate(_ counts: Counts) -> Double? {
        if let fallback = self.metric.defaultRate, counts.eligible < fallback.minimumEligible { return fallback.rate }
        guard counts.eligible > 0 else { return nil }
        let overall = Double(counts.inTime) / Double(counts.eligible)
        switch self.metric.aggregation {
        case .simple:
            return overall
        case .shopeeRecentWeighted:
            return 0.5 * overall + 0.5 * Double(counts.recentInTime) / Double(counts.recentEligible)
        }
    }

    func isBelow(_ counts: Counts) -> Bool {
        self.rate(counts).map { $0 < self.metric.threshold } ?? false
    }

    /// Replays until `until` with the `answered` most urgent pending chats answered at their deadlines
    /// and the rest missed. Returns the first instant under the threshold and the rate at the end.
    func replay(answered: Int, stopWhenBelow: Bool) -> (fallsBelowAt: Int64?, finalRate: Double?) {
        var counts = self.initial
        var activated = 0
        var exited = self.first
        var fallsBelowAt: Int64?
        let weighted = self.metric.aggregation == .shopeeRecentWeighted
        while true {
            let nextDeadline = activated < self.pending.count ? self.chats[self.pending[activated]].deadline : Int64.max
            let nextExit = exited < self.exitEnd ? self.chats[exited].startedAt + self.window : Int64.max
            let time = min(nextDeadline, nextExit)
            guard time <= self.until else { break }
            while exited < self.exitEnd, self.chats[exited].startedAt + self.window == time {
                if self.isActive(exited, activated: activated, exited: exited) {
                    let inTime = self.isInTime(exited, answered: answered) ? 1 : 0
                    counts.eligible -= 1
                    counts.inTime -= inTime
                    if weighted, exited >= counts.boundary {
                        counts.recentEligible -= 1
                        counts.recentInTime -= inTime
                    }
                }
                exited += 1
            }
            while activated < self.pending.count, self.chats[self.pending[activated]].deadline == time {
                let index = self.pending[activated]
                let inTime = activated < answered ? 1 : 0
                activated += 1
                counts.eligible += 1
                counts.inTime += inTime
                if weighted, index >= counts.boundary {
                    counts.recentEligible += 1
                    counts.recentInTime += inTime
                }
            }
            if weighted {
                self.rebalance(&counts, activated: activated, exited: exited, answered: answered)
            }
            if fallsBelowAt == nil, self.isBelow(counts) {
                fallsBelowAt = time
                if stopWhenBelow { break }
            }
        }
        return (fallsBelowAt, self.rate(counts))
    }

    /// Moves the recent-quarter boundary so that exactly ceil(eligible / 4) eligible chats are at or after it.
    private func rebalance(_ counts: inout Counts, activated: Int, exited: Int, answered: Int) {
        let quarter = (counts.eligible + 3) / 4
        while counts.recentEligible > quarter {
            if self.isActive(counts.boundary, activated: activated, exited: exited) {
                counts.recentEligible -= 1
                counts.recentInTime -= self.isInTime(counts.boundary, answered: answered) ? 1 : 0
            }
            counts.boundary += 1
        }
        while counts.recentEligible < quarter, counts.boundary > exited {
            counts.boundary -= 1
            if self.isActive(counts.boundary, activated: activated, exited: exited) {
                counts.recentEligible += 1
                counts.recentInTime += self.isInTime(counts.boundary, answered: answered) ? 1 : 0
            }
        }
    }

    private func rank(_ index: Int) -> Int {
        index >= self.tailStart ? Int(self.pendingRank[index - self.tailStart]) : -1
    }

    /// In the rate at this point of the replay: eligible at `asOf`, or pending with its deadline passed.
    private func isActive(_ index: Int, activated: Int, exited: Int) -> Bool {
        guard index >= exited, index < self.end else { return false }
        switch self.chats[index].state(asOf: self.asOf) {
        case .inTime, .late, .missed: return true
        case .excluded: return false
        case .pending: return self.rank(index) < activated
        }
    }

    private func isInTime(_ index: Int, answered: Int) -> Bool {
        switch self.chats[index].state(asOf: self.asOf) {
        case .inTime: true
        case .pending: self.rank(index) < answered
        case .late, .missed, .excluded: false
        }
    }

    /// The forecast: the replay with nothing answered, then the fewest answers that keep the rate up.
    func forecast() -> RateForecast {
        let none = self.replay(answered: 0, stopWhenBelow: false)
        let answerBy = self.pending.first.map { self.chats[$0].deadline }
        if self.isBelow(self.initial) {
            return RateForecast(until: self.until, fallsBelowAt: self.asOf, rateIfNoneAnswered: none.finalRate, mustAnswer: nil, answerBy: nil)
        }
        guard none.fallsBelowAt != nil else {
            return RateForecast(until: self.until, fallsBelowAt: nil, rateIfNoneAnswered: none.finalRate, mustAnswer: 0, answerBy: nil)
        }
        // Answering more never lowers the rate at any instant, so the fewest answers can be bisected.
        guard self.replay(answered: self.pending.count, stopWhenBelow: true).fallsBelowAt == nil else {
            return RateForecast(
                until: self.until, fallsBelowAt: none.fallsBelowAt, rateIfNoneAnswered: none.finalRate, mustAnswer: nil, answerBy: nil)
        }
        var low = 1
        var high = self.pending.count
        while low < high {
            let middle = (low + high) / 2
            if self.replay(answered: middle, stopWhenBelow: true).fallsBelowAt == nil { high = middle } else { low = middle + 1 }
        }
        return RateForecast(
            until: self.until, fallsBelowAt: none.fallsBelowAt, rateIfNoneAnswered: none.finalRate, mustAnswer: low, answerBy: answerBy)
    }
}
