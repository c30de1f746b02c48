import Foundation
import ShopDeskChannels
import ShopDeskCore

/// Buyers' requests after an order (cancellations, returns, refunds): on the order's page with the
/// approve and reject forms, and as a list of those waiting for the seller's answer.
enum AfterSalesView {
    /// The order's requests; those waiting for an answer carry the forms (a rejection with one of the
    /// platform's reasons, when it takes any).
    static func section(
        _ requests: [AfterSale], order: Order, rejectReasons: [String: [CancelReason]], back: String?, session: String, now: Date, text: WebText
    ) -> HTML {
        guard !requests.isEmpty else { return .empty }
        let csrf = WebPage.csrfField(session: session)
        let backField: HTML = back.map { "<input type=\"hidden\" name=\"back\" value=\"\($0)\">" as HTML } ?? .empty
        let items = HTML.joined(
            requests.map { request in
                let base =
                    "/orders/\(order.id.rawValue)/after-sales/\(request.requestID.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
                var forms: HTML = .empty
                if request.awaitingSeller {
                    let reasons = rejectReasons[request.requestID] ?? []
                    let select: HTML =
                        reasons.isEmpty
                        ? .empty
                        : "<label>\(text[.cancelReason]) <select name=\"reason\" required>\(HTML.joined(reasons.map { "<option value=\"\($0.code)\">\(OrdersView.reasonName($0, text: text))</option>" as HTML }))</select></label>"
                    forms = """
                        <form method="post" action="\(base)/approve" class="approve-request inline">\(csrf)\(backField)<button type="submit">\(text[.approve])</button></form>
                        <form method="post" action="\(base)/reject" class="reject-request">\(csrf)\(backField)\(select) <input name="comment" maxlength="2000" aria-label="\(text[.comment])" placeholder="\(text[.comment])"> <button type="submit">\(text[.reject])</button></form>
                        """
                }
                return """
                    <li class="after-sale" data-request="\(request.requestID)" data-awaiting="\(request.awaitingSeller ? "1" : "0")">\(Self.summary(request, now: now, text: text))\(forms)</li>
                    """ as HTML
            })
        return "<section class=\"after-sales\"><h2>\(text[.afterSales])</h2><ul>\(items)</ul></section>"
    }

    /// One request in a line: its kind, the platform's status, refund, reason, deadline or decision.
    static func summary(_ request: AfterSale, now: Date, text: WebText) -> HTML {
        let refund: HTML =
            request.refundMinor.flatMap { minor in
                request.currency.map { currency in
                    " · \(text.format(.refundAmount, ["amount": "\(Price(market: "", currency: currency, amountMinor: minor).amountText) \(currency)"]))"
                        as HTML
                }
            } ?? .empty
        let state: HTML =
            switch request.decision {
            case .approved: " · <em>\(text[.decidedApproved])</em>"
            case .rejected: " · <em>\(text[.decidedRejected])</em>"
            case nil:
                request.awaitingSeller
                    ? " · <strong>\(text[.awaitingAnswer])</strong>\(request.respondBy.map { " " + WebPage.deadline($0, now: now, soonWithin: 12 * 3600, text: text) } ?? .empty)"
                    : .empty
            }
        return """
            <strong>\(Self.kindLabel(request.kind, text: text))</strong> <code>\(request.platformStatus)</code>\(refund)\(request.reason.map { " · \($0)" as HTML } ?? .empty)\(state)
            """
    }

    static func kindLabel(_ kind: AfterSale.Kind, text: WebText) -> String {
        switch kind {
        case .cancellation: text[.afterSaleCancellation]
        case .refund: text[.afterSaleRefund]
        case .returnAndRefund: text[.afterSaleReturn]
        case .replacement: text[.afterSaleReplacement]
        }
    }

    /// Requests waiting for the seller's answer, each linked to its order, due soonest first.
    static func awaiting(_ requests: [AfterSale], now: Date, text: WebText) -> HTML {
        guard !requests.isEmpty else { return .empty }
        let items = HTML.joined(
            requests.map { request in
                "<li><a href=\"/orders/\(request.orderID.rawValue)\">\(Self.summary(request, now: now, text: text))</a></li>"
                    as HTML
            })
        return "<section class=\"awaiting-answer\"><h2>\(text[.awaitingAnswer])</h2><ul>\(items)</ul></section>"
    }
}
