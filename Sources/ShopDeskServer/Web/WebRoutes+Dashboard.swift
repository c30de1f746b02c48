import Foundation
import HTTPTypes
import Hummingbird
import ShopDeskCore
import ShopDeskStore

extension WebRoutes {
    /// Days of history the dashboard draws.
    static let dashboardDays = 14

    /// The service-level dashboard: per channel account and metric, the rolling rate of the last
    /// fourteen days against its threshold (an SVG drawn here), today's rate, status and forecast,
    /// and the conversations whose deadline is within the hour.
    func dashboard(_ request: Request) async throws -> Response {
        guard let (agent, session) = try await self.signedIn(request) else { return Self.redirect(to: "/login") }
        let text = WebText(acceptLanguage: request.headers[.acceptLanguage])
        let now = self.dependencies.now()
        let accounts = try await self.store.listChannelAccounts(workspace: agent.workspaceID).filter { agent.canAccess($0.id) }
        var sections: [HTML] = []
        for account in accounts {
            let zone = TimeZone(identifier: account.timeZone) ?? .gmt
            guard let ruleSet = RuleSetCatalog.standard.resolve(platform: account.platform, market: account.market, asOf: now, timeZone: zone) else {
                continue
            }
            let oldest = now.addingTimeInterval(-Double(Self.dashboardDays) * 86_400)
            let timelines = try await self.store.timelines(
                channel: account.id, workspace: agent.workspaceID, since: ruleSet.lookbackStart(asOf: oldest), until: now
            )
            let context = SLAContext(
                timeZone: zone, holidayMode: try await self.store.holidayModePeriods(channel: account.id, workspace: agent.workspaceID),
                publicHolidays: Set(try await self.store.publicHolidays(market: account.market, workspace: agent.workspaceID))
            )
            for metric in ruleSet.metrics {
                let points = (0...Self.dashboardDays).map { day -> (Date, RateSummary) in
                    let asOf = now.addingTimeInterval(-Double(Self.dashboardDays - day) * 86_400)
                    return (asOf, RateEvaluator.evaluate(ruleSet: ruleSet, metric: metric, timelines: timelines, context: context, asOf: asOf).summary)
                }
                let today = points.last!.1
                let rate = today.rate.map { String(format: "%.1f%%", $0 * 100) } ?? "—"
                let forecast: HTML = today.forecast.fallsBelowAt.map { at in
                    let date = ISO8601DateFormatter().string(from: SLATime.date(at))
                    return "<p class=\"forecast\">\(text[.atRisk]): \(date) · \(today.forecast.mustAnswer ?? 0)</p>" as HTML
                } ?? .empty
                sections.append("""
                    <section class="metric">
                    <h2>\(account.name) <span class="platform">\(account.platform.rawValue)</span> · \(metric.name)</h2>
                    <p><strong class="rate \(today.status.rawValue)">\(rate)</strong> / \(String(format: "%.0f%%", today.threshold * 100)) · \(today.status.rawValue) · \(today.inTime)/\(today.eligible), \(today.pending) pending</p>
                    \(forecast)
                    \(Self.rateChart(points.map { ($0.0, $0.1.rate) }, threshold: today.threshold, label: "\(account.name) \(metric.name)"))
                    </section>
                    """)
            }
        }
        var atRiskQuery = ConversationQuery()
        atRiskQuery.deadlineBefore = now.addingTimeInterval(3600)
        atRiskQuery.limit = 50
        let atRisk = try await self.store.listConversations(for: agent, query: atRiskQuery).items
        let atRiskList = HTML.joined(atRisk.map { conversation in
            "<li><a href=\"/conversations/\(conversation.id.rawValue)\">\(conversation.platform.rawValue) · \(conversation.buyerName ?? text[.buyer])</a></li>" as HTML
        })
        let body: HTML = """
            <main class="dashboard">
            <h1>Service levels</h1>
            \(sections.isEmpty ? "<p>\(text[.nothingHere])</p>" as HTML : HTML.joined(sections))
            <section class="at-risk"><h2>\(text[.atRisk])</h2><ul>\(atRiskList)</ul></section>
            </main>
            """
        return self.page(title: "Service levels", text: text, agent: (agent, session), body: body, status: .ok)
    }

    /// A line of daily rates (0–100 %) with the threshold dashed across, as inline SVG.
    static func rateChart(_ points: [(Date, Double?)], threshold: Double, label: String) -> HTML {
        let width = 560.0, height = 160.0, left = 36.0, bottom = 20.0
        func x(_ index: Int) -> Double { left + (width - left - 8) * Double(index) / Double(max(1, points.count - 1)) }
        func y(_ rate: Double) -> Double { (height - bottom) * (1 - rate) + 4 }
        let line = points.enumerated().compactMap { index, point in point.1.map { String(format: "%.1f,%.1f", x(index), y($0)) } }
            .joined(separator: " ")
        let ticks = HTML.joined([0.0, 0.5, 1.0].map { rate in
            "<text x=\"0\" y=\"\(Int(y(rate)) + 4)\" class=\"axis\">\(Int(rate * 100))%</text>" as HTML
        })
        let thresholdY = String(format: "%.1f", y(threshold))
        return """
            <svg class="chart" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-label="\(label)">
            \(ticks)
            <line x1="\(Int(left))" x2="\(Int(width))" y1="\(thresholdY)" y2="\(thresholdY)" class="threshold"/>
            <polyline points="\(line)" class="rate-line"/>
            </svg>
            """
    }
}
