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
            let must = today.forecast.mustAnswer ?? 0
            let forecast: HTML =
                today.forecast.fallsBelowAt.map { at in
                    let time = WebPage.clock(SLATime.date(at), zone: report.timeZone.identifier)
                    let sentence =
                        switch must {
                        case 0: text.format(.forecastAnyway, ["time": time])
                        case 1: text.format(.forecastOne, ["time": time])
                        default: text.format(.forecastMany, ["time": time, "count": String(must)])
                        }
                    return "<p class=\"forecast\">\(sentence)</p>" as HTML
                } ?? .empty
            let name = report.account.name
            let metric = Self.metricName(report.metric.name, text: text)
            let rateAndThreshold = text.format(
                .rateAgainstThreshold,
                [
                    "rate": "<strong class=\"rate \(today.status.rawValue)\">\(rate)</strong>",
                    "threshold": HTML.text(String(format: "%.0f%%", today.threshold * 100)),
                ]
            )
            let counts = text.format(
                .answeredInTime, ["inTime": String(today.inTime), "eligible": String(today.eligible), "pending": String(today.pending)])
            let chartLabel = text.format(.rateChart, ["metric": metric, "account": name, "days": String(Self.days)])
            return """
                <section class="metric" data-metric="\(report.metric.name)">
                <h2>\(name) <span class="platform">\(WebPage.platformName(report.account.platform, text: text))</span> · \(metric)</h2>
                <p>\(rateAndThreshold) · <span class="rate-status">\(Self.statusName(today.status, text: text))</span></p>
                <p>\(counts)</p>
                \(forecast)
                \(Self.rateChart(report.history, threshold: today.threshold, label: chartLabel))
                </section>
                """
        }
        let atRiskList = HTML.joined(
            screen.atRisk.map { conversation in
                "<li><a href=\"/conversations/\(conversation.id.rawValue)\">\(WebPage.platformName(conversation.platform, text: text)) · \(conversation.buyerName ?? text[.buyer])</a></li>"
                    as HTML
            })
        let title = text.format(.firstResponseTitle, ["days": String(Self.days), "count": String(responses.count)])
        let lateDispatch = HTML.joined(
            screen.lateDispatch.map { shop in
                let line =
                    shop.rate.rate.map { rate in
                        text.format(
                            .lateDispatchLine,
                            [
                                "late": String(shop.rate.late), "dispatched": String(shop.rate.dispatched),
                                "rate": String(format: "%.1f%%", rate * 100),
                            ])
                    } ?? text[.noneDispatched]
                let percent = { (value: Double) in String(format: "%.1f%%", value * 100) }
                let platform =
                    shop.platform.map { figure in
                        " · "
                            + text.format(
                                figure.target == nil ? .platformFigure : .platformFigureTarget,
                                ["rate": percent(figure.lateShipmentRate), "target": figure.target.map(percent) ?? ""])
                    } ?? ""
                return
                    "<li data-channel=\"\(shop.account.id.rawValue)\">\(shop.account.name) <span class=\"platform\">\(WebPage.platformName(shop.account.platform, text: text))</span> · \(line)\(platform)</li>"
                    as HTML
            })
        return """
            <main class="dashboard">
            <h1>\(text[.serviceLevels])</h1>
            \(sections.isEmpty ? "<p>\(text[.dashboardEmpty])</p>" as HTML : HTML.joined(sections))
            <section class="metric"><h2>\(title)</h2>\(Self.responseHistogram(responses, text: text))</section>
            \(screen.lateDispatch.isEmpty ? .empty : "<section class=\"late-dispatch\"><h2>\(text[.lateDispatch])</h2><ul>\(lateDispatch)</ul></section>" as HTML)
            <section class="at-risk"><h2>\(text[.atRisk])</h2>\(screen.atRisk.isEmpty ? "<p>\(text[.noneAtRisk])</p>" as HTML : "<ul>\(atRiskList)</ul>" as HTML)</section>
            </main>
            """
    }

    /// A metric's name for people; a metric this page does not know keeps its report name.
    static func metricName(_ name: String, text: WebText) -> String {
        let keys: [String: WebText.Key] = [
            "response_rate_24h": .metricResponseRate24h, "first_response_24h": .metricFirstResponse24h, "response_48h": .metricResponse48h,
            "response_rate_12h": .metricResponseRate12h, "chat_response_rate": .metricChatResponseRate, "first_response": .metricFirstResponse,
        ]
        return keys[name].map { text[$0] } ?? name
    }

    static func statusName(_ status: RateSummary.Status, text: WebText) -> String {
        switch status {
        case .ok: text[.rateOk]
        case .warning: text[.rateWarning]
        case .below: text[.rateBelow]
        }
    }

    /// Upper bounds of the first-response buckets, in seconds, with their labels.
    static func responseBuckets(_ text: WebText) -> [(TimeInterval, String)] {
        [
            (300, text.format(.bucketUnderMinutes, ["count": "5"])),
            (900, text.format(.bucketMinutes, ["from": "5", "to": "15"])),
            (3600, text.format(.bucketMinutesToHours, ["from": "15", "to": "1"])),
            (4 * 3600, text.format(.bucketHours, ["from": "1", "to": "4"])),
            (12 * 3600, text.format(.bucketHours, ["from": "4", "to": "12"])),
            (24 * 3600, text.format(.bucketHours, ["from": "12", "to": "24"])),
            (.infinity, text.format(.bucketOverHours, ["count": "24"])),
        ]
    }

    /// How many first responses fell in each bucket, as bars in inline SVG.
    static func responseHistogram(_ seconds: [TimeInterval], text: WebText) -> HTML {
        let buckets = Self.responseBuckets(text)
        var counts = [Int](repeating: 0, count: buckets.count)
        for value in seconds {
            counts[buckets.firstIndex { value < $0.0 } ?? counts.count - 1] += 1
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
                    <text x="\(Int(x + (slot - 12) / 2))" y="\(Int(height) - 6)" class="axis" text-anchor="middle">\(buckets[index].1)</text>
                    """ as HTML
            })
        return
            "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(text[.firstResponseChart])\">\(bars)</svg>"
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
