import Foundation
import HTTPTypes
import Hummingbird
import ShopDeskCore
import ShopDeskStore

/// The service-level dashboard: per channel account and metric, the rolling rate of the last fourteen
/// days against its threshold (an SVG drawn here), today's rate, status and forecast, the first
/// response times, and the conversations whose deadline is near.
enum DashboardView {
    /// Days of history the dashboard draws.
    static let days = 14

    static func render(_ screen: DashboardScreen, text: WebText) -> HTML {
        let responses = screen.firstResponseSeconds
        let sections = screen.reports.map { report -> HTML in
            let today = report.summary
            let rate = today.rate.map { String(format: "%.1f%%", $0 * 100) } ?? "—"
            let forecast: HTML =
                today.forecast.fallsBelowAt.map { at in
                    let formatter = ISO8601DateFormatter()
                    formatter.timeZone = report.timeZone
                    let must = today.forecast.mustAnswer ?? 0
                    return
                        "<p class=\"forecast\">Falls below the threshold at \(formatter.string(from: SLATime.date(at))) unless \(must) pending chat\(must == 1 ? "" : "s") \(must == 1 ? "is" : "are") answered in time</p>"
                        as HTML
                } ?? .empty
            let name = report.account.name
            return """
                <section class="metric">
                <h2>\(name) <span class="platform">\(report.account.platform.rawValue)</span> · \(report.metric.name)</h2>
                <p><strong class="rate \(today.status.rawValue)">\(rate)</strong> / \(String(format: "%.0f%%", today.threshold * 100)) · \(today.status.rawValue) · \(today.inTime)/\(today.eligible), \(today.pending) pending</p>
                \(forecast)
                \(Self.rateChart(report.history, threshold: today.threshold, label: "\(name) \(report.metric.name)"))
                </section>
                """
        }
        let atRiskList = HTML.joined(
            screen.atRisk.map { conversation in
                "<li><a href=\"/conversations/\(conversation.id.rawValue)\">\(conversation.platform.rawValue) · \(conversation.buyerName ?? text[.buyer])</a></li>"
                    as HTML
            })
        return """
            <main class="dashboard">
            <h1>Service levels</h1>
            \(sections.isEmpty ? "<p>\(text[.nothingHere])</p>" as HTML : HTML.joined(sections))
            <section class="metric"><h2>First response time, last \(Self.days) days (\(responses.count) conversations)</h2>\(Self.responseHistogram(responses))</section>
            <section class="at-risk"><h2>\(text[.atRisk])</h2><ul>\(atRiskList)</ul></section>
            </main>
            """
    }

    /// Upper bounds of the first-response buckets, in seconds, with their labels.
    static let responseBuckets: [(TimeInterval, String)] = [
        (300, "<5m"), (900, "5–15m"), (3600, "15m–1h"), (4 * 3600, "1–4h"), (12 * 3600, "4–12h"), (24 * 3600, "12–24h"), (.infinity, ">24h"),
    ]

    /// How many first responses fell in each bucket, as bars in inline SVG.
    static func responseHistogram(_ seconds: [TimeInterval]) -> HTML {
        var counts = [Int](repeating: 0, count: Self.responseBuckets.count)
        for value in seconds {
            counts[Self.responseBuckets.firstIndex { value < $0.0 } ?? counts.count - 1] += 1
        }
        let width = 560.0, height = 160.0, bottom = 22.0
        let slot = width / Double(counts.count)
        let highest = max(1, counts.max() ?? 1)
        let bars = HTML.joined(
            counts.enumerated().map { index, count in
                let barHeight = (height - bottom - 14) * Double(count) / Double(highest)
                let x = Double(index) * slot + 6
                let y = height - bottom - barHeight
                return """
                    <rect x="\(Int(x))" y="\(Int(y))" width="\(Int(slot - 12))" height="\(Int(barHeight))" class="bar"/>
                    <text x="\(Int(x + (slot - 12) / 2))" y="\(Int(y) - 3)" class="axis" text-anchor="middle">\(count)</text>
                    <text x="\(Int(x + (slot - 12) / 2))" y="\(Int(height) - 6)" class="axis" text-anchor="middle">\(Self.responseBuckets[index].1)</text>
                    """ as HTML
            })
        return "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"First response times\">\(bars)</svg>"
    }

    /// A line of daily rates (0–100 %) with the threshold dashed across, as inline SVG.
    static func rateChart(_ points: [(asOf: Date, rate: Double?)], threshold: Double, label: String) -> HTML {
        let width = 560.0, height = 160.0, left = 36.0, bottom = 20.0
        func x(_ index: Int) -> Double { left + (width - left - 8) * Double(index) / Double(max(1, points.count - 1)) }
        func y(_ rate: Double) -> Double { (height - bottom) * (1 - rate) + 4 }
        let line = points.enumerated().compactMap { index, point in point.rate.map { String(format: "%.1f,%.1f", x(index), y($0)) } }
            .joined(separator: " ")
        let ticks = HTML.joined(
            [0.0, 0.5, 1.0].map { rate in
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
