import Foundation
import ShopDeskChannels
import ShopDeskCore
import ShopDeskStore

/// What the orders page shows: what hurts first (orders due for dispatch within 12 hours, the most
/// urgent first, and orders sold beyond stock), then every order with the filters.
struct OrdersScreen: Sendable {
    /// Buyers' requests waiting for the seller's answer.
    var awaitingAnswer: [AfterSale]
    var dueSoon: [Order]
    var oversold: [Order]
    var page: OrderPage
    var accounts: [ChannelAccount]
    var filter: OrderFilter
    var now: Date
}

/// One order: its lines, money, shipping, history, and what can be done about it.
struct OrderScreen: Sendable {
    var order: Order
    var account: ChannelAccount
    /// The reasons the platform takes now for cancelling it (empty once it shipped).
    var cancelReasons: [CancelReason]
    /// Why the reasons could not be read from the platform.
    var reasonsError: String?
    /// The buyer's requests after the order, and the platform's reject reasons for those awaiting an answer.
    var afterSales: [AfterSale]
    var rejectReasons: [String: [CancelReason]]
    var now: Date
}

/// The orders list, an order's page, and the buyer's orders beside a conversation.
enum OrdersView {
    static func render(_ screen: OrdersScreen, text: WebText) -> HTML {
        let names = Dictionary(screen.accounts.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let channels = HTML.joined(
            screen.accounts.map { account in
                "<option value=\"\(account.id.rawValue)\"\(screen.filter.channel == account.id ? " selected" as HTML : .empty)>\(account.name)</option>"
                    as HTML
            })
        let statuses = HTML.joined(
            Order.Status.allCases.map { status in
                "<option value=\"\(status.rawValue)\"\(screen.filter.status == status ? " selected" as HTML : .empty)>\(Self.statusLabel(status, text: text))</option>"
                    as HTML
            })
        let more: HTML =
            screen.page.nextCursor.map { cursor in
                var query = Self.query(screen.filter)
                query.append(("cursor", cursor))
                return "<p><a class=\"more\" href=\"/orders?\(Self.encoded(query))\">\(text[.more])</a></p>" as HTML
            } ?? .empty
        return """
            <main class="orders" data-live="orders">
            <h1>\(text[.orders])</h1>
            \(AfterSalesView.awaiting(screen.awaitingAnswer, now: screen.now, text: text))
            \(screen.dueSoon.isEmpty ? .empty : """
            <section class="dispatch-risk"><h2>\(text[.dispatchRisk])</h2><p class="hint">\(text[.dispatchRiskHint])</p>
            \(Self.table(screen.dueSoon, names: names, now: screen.now, text: text))</section>
            """ as HTML)
            \(screen.oversold.isEmpty ? .empty : """
            <section class="oversold"><h2>\(text[.oversoldOrders])</h2>\(Self.table(screen.oversold, names: names, now: screen.now, text: text))</section>
            """ as HTML)
            <section class="all-orders"><h2>\(text[.allOrders])</h2>
            <form method="get" action="/orders" class="filters">
            <label>\(text[.channel]) <select name="channel_id"><option value="">\(text[.any])</option>\(channels)</select></label>
            <label>\(text[.status]) <select name="status"><option value="">\(text[.allStatuses])</option>\(statuses)</select></label>
            <label><input type="checkbox" name="at_risk" value="1"\(screen.filter.dueWithin != nil ? " checked" as HTML : .empty)> \(text[.atRiskOnly])</label>
            <label><input type="checkbox" name="oversold" value="1"\(screen.filter.oversold ? " checked" as HTML : .empty)> \(text[.oversoldOnly])</label>
            <button type="submit">\(text[.filter])</button>
            </form>
            \(screen.page.items.isEmpty ? "<p class=\"empty\">\(text[.ordersEmpty])</p>" as HTML : Self.table(screen.page.items, names: names, now: screen.now, text: text))
            \(more)
            </section>
            </main>
            """
    }

    /// The filters as the list's query string.
    static func query(_ filter: OrderFilter) -> [(String, String)] {
        var query: [(String, String)] = []
        if let channel = filter.channel { query.append(("channel_id", channel.rawValue)) }
        if let status = filter.status { query.append(("status", status.rawValue)) }
        if filter.dueWithin != nil { query.append(("at_risk", "1")) }
        if filter.oversold { query.append(("oversold", "1")) }
        return query
    }

    static func encoded(_ query: [(String, String)]) -> String {
        query.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
    }

    /// The filters a request asks for.
    static func filter(_ parameters: [String: String]) -> OrderFilter {
        OrderFilter(
            channel: parameters["channel_id"].flatMap { $0.isEmpty ? nil : ChannelAccount.ID(rawValue: $0) },
            status: parameters["status"].flatMap(Order.Status.init(rawValue:)),
            dueWithin: parameters["at_risk"] == "1" ? DispatchAlerts.leads[0] : nil, oversold: parameters["oversold"] == "1")
    }

    static func table(_ orders: [Order], names: [ChannelAccount.ID: String], now: Date, text: WebText) -> HTML {
        let rows = HTML.joined(
            orders.map { order in
                """
                <tr data-order="\(order.id.rawValue)" data-status="\(order.status.rawValue)"><td><a href="/orders/\(order.id.rawValue)">\(order.externalID)</a><br><small>\(WebPage.platformName(order.platform, text: text)) · \(names[order.channelAccountID] ?? "")</small></td>
                <td>\(Self.lines(order))</td><td class="count">\(Self.total(order))</td><td>\(Self.status(order, text: text))</td>
                <td>\(Self.shipBy(order, now: now, text: text))</td></tr>
                """ as HTML
            })
        return """
            <table class="orders-table"><thead><tr><th>\(text[.order])</th><th>\(text[.items])</th><th>\(text[.total])</th><th>\(text[.status])</th><th>\(text[.shipBy])</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
    }

    static func lines(_ order: Order) -> HTML {
        HTML.joined(
            order.lines.map { "<span class=\"line\"><a href=\"/catalog/\($0.sku)\">\($0.sku)</a> × \(String($0.quantity))</span>" as HTML },
            separator: " ")
    }

    static func total(_ order: Order) -> String {
        guard let minor = order.totalMinor, let currency = order.currency else { return "–" }
        return "\(Price(market: "", currency: currency, amountMinor: minor).amountText) \(currency)"
    }

    /// The status, with what needs an eye: oversold units, a late dispatch.
    static func status(_ order: Order, text: WebText) -> HTML {
        var badges: [HTML] = []
        if order.oversold > 0, order.status != .cancelled {
            badges.append("<span class=\"badge out\">\(text.format(.oversoldUnits, ["units": String(order.oversold)]))</span>")
        }
        if order.dispatchedLate == true { badges.append("<span class=\"badge low\">\(text[.shippedLate])</span>") }
        return
            "<span class=\"order-status \(order.status.rawValue)\">\(Self.statusLabel(order.status, text: text))</span> \(HTML.joined(badges, separator: " "))"
    }

    static func shipBy(_ order: Order, now: Date, text: WebText) -> HTML {
        guard order.status.awaitsDispatch || order.status == .awaitingPayment else {
            return order.shipBy.map { "<small>\(WebPage.clock($0, zone: "UTC")) UTC</small>" as HTML } ?? "–"
        }
        return WebPage.deadline(order.shipBy, now: now, soonWithin: DispatchAlerts.leads[0], text: text)
    }

    /// A cancel reason in the agent's language where ShopDesk knows it (TikTok Shop's reason names and
    /// Shopee's enums, commerce-platforms.md §1.8, §2.7); a platform's own wording (Lazada's) as it came.
    static func reasonName(_ reason: CancelReason, text: WebText) -> String {
        let code = reason.code.lowercased()
        let known: [(String, WebText.Key)] = [
            ("out_of_stock", .reasonOutOfStock), ("wrong_price", .reasonWrongPrice), ("hasnt_paid", .reasonNotPaid),
            ("address_not_deliver", .reasonUndeliverable), ("undeliverable_area", .reasonUndeliverable),
            ("customer_request", .reasonCustomerRequest), ("cod_not_supported", .reasonCODNotSupported),
        ]
        return known.first { code.contains($0.0) }.map { text[$0.1] } ?? reason.name
    }

    static func statusLabel(_ status: Order.Status, text: WebText) -> String {
        switch status {
        case .awaitingPayment: text[.orderAwaitingPayment]
        case .awaitingShipment: text[.orderAwaitingShipment]
        case .readyToShip: text[.orderReadyToShip]
        case .shipped: text[.orderShipped]
        case .delivered: text[.orderDelivered]
        case .completed: text[.orderCompleted]
        case .cancelled: text[.orderCancelled]
        case .returned: text[.orderReturned]
        case .refunded: text[.orderRefunded]
        }
    }
}

extension OrdersView {
    /// An order's page; `back` is the conversation the agent came from (the cancel form returns there).
    static func page(_ screen: OrderScreen, back: String?, session: String, refused: String?, text: WebText) -> HTML {
        let order = screen.order
        let zone = screen.account.timeZone
        func when(_ date: Date?) -> HTML { date.map { "\(WebPage.clock($0, zone: zone))" as HTML } ?? "–" }
        let csrf = WebPage.csrfField(session: session)
        let lines = HTML.joined(
            order.lines.map { line in
                let price = line.line.unitPriceMinor.flatMap { minor in
                    order.currency.map { Price(market: "", currency: $0, amountMinor: minor).amountText }
                }
                return """
                    <tr><td><a href="/catalog/\(line.sku)">\(line.sku)</a></td><td>\(line.line.title ?? "")</td><td class="count">\(String(line.quantity))</td><td class="count">\(String(line.held))</td><td class="count">\(price ?? "–")</td></tr>
                    """ as HTML
            })
        let history = HTML.joined(
            order.history.map { change in
                "<li>\(when(change.at)) · \(Self.statusLabel(change.status, text: text)) <code>\(change.platformStatus)</code></li>" as HTML
            })
        let backField: HTML = back.map { "<input type=\"hidden\" name=\"back\" value=\"\($0)\">" as HTML } ?? .empty
        var actions: [HTML] = []
        if order.status == .awaitingPayment || order.status.awaitsDispatch {
            if screen.cancelReasons.isEmpty {
                actions.append(
                    screen.reasonsError.map { "<p class=\"error\">\(text.format(.platformRefused, ["reason": $0]))</p>" as HTML }
                        ?? "<p>\(text[.noCancelReasons])</p>")
            } else {
                let options = HTML.joined(
                    screen.cancelReasons.map { "<option value=\"\($0.code)\">\(Self.reasonName($0, text: text))</option>" as HTML })
                actions.append(
                    """
                    <form method="post" action="/orders/\(order.id.rawValue)/cancel" class="cancel-order">\(csrf)\(backField)
                    <label>\(text[.cancelReason]) <select name="reason" required>\(options)</select></label> <button type="submit">\(text[.cancelOrder])</button></form>
                    """)
            }
        }
        // A return the platform reports (Shopee TO_RETURN, Lazada returned) is put back once the seller has it.
        if [.shipped, .delivered, .completed, .returned].contains(order.status), !order.returnReceived {
            actions.append(
                "<form method=\"post\" action=\"/orders/\(order.id.rawValue)/return-received\" class=\"inline\">\(csrf)<button type=\"submit\">\(text[.returnReceived])</button></form>"
            )
        }
        if order.oversold > 0, order.status != .cancelled {
            actions.append(
                HTML.joined(
                    order.lines.filter { $0.held < $0.quantity }.map {
                        "<a href=\"/catalog/\($0.sku)\">\(text.format(.restock, ["sku": $0.sku]))</a>" as HTML
                    },
                    separator: " "))
        }
        let payment = [order.paymentMethod, order.cashOnDelivery ? text[.cashOnDelivery] : nil].compactMap { $0 }.joined(separator: " · ")
        let tracking = [order.carrier, order.trackingNumber].compactMap { $0 }.joined(separator: " ")
        return """
            <main class="order" data-order="\(order.id.rawValue)" data-status="\(order.status.rawValue)">
            <p><a href="\(back ?? "/orders")">\(text[.back])</a></p>
            <h1>\(text.format(.orderNumbered, ["number": order.externalID])) <span class="platform">\(WebPage.platformName(order.platform, text: text))</span> \(Self.status(order, text: text))</h1>
            \(refused.map { "<p class=\"error\" role=\"alert\">\(text.format(.platformRefused, ["reason": $0]))</p>" as HTML } ?? .empty)
            <p>\(text[.shipBy]): \(Self.shipBy(order, now: screen.now, text: text)) <small>\(when(order.shipBy))</small></p>
            <div class="order-actions">\(HTML.joined(actions, separator: " "))</div>
            <dl class="order-facts">
            <dt>\(text[.placed])</dt><dd>\(when(order.placedAt))</dd>
            <dt>\(text[.total])</dt><dd>\(Self.total(order))</dd>
            <dt>\(text[.payment])</dt><dd>\(payment.isEmpty ? "–" : payment)</dd>
            <dt>\(text[.tracking])</dt><dd>\(tracking.isEmpty ? "–" : tracking)</dd>
            <dt>\(text[.shipTo])</dt><dd>\(order.shippingAddress ?? "–")</dd>
            </dl>
            <table class="order-lines"><thead><tr><th>\(text[.sku])</th><th>\(text[.product])</th><th>\(text[.quantity])</th><th>\(text[.reserved])</th><th>\(text[.total])</th></tr></thead>
            <tbody>\(lines)</tbody></table>
            \(AfterSalesView.section(screen.afterSales, order: order, rejectReasons: screen.rejectReasons, back: back, session: session, now: screen.now, text: text))
            <h2>\(text[.orderHistory])</h2><ol class="order-history">\(history)</ol>
            </main>
            """
    }

    /// The buyer's orders beside a conversation: status, items, tracking and ship-by, and a way to
    /// cancel one not yet shipped (on its page, with the platform's reasons). The part of the sidebar
    /// the page re-reads when an order changes (inside `#buyer-orders`).
    static func sidebar(_ orders: [Order], awaiting: Set<Order.ID>, conversation: Conversation.ID, now: Date, text: WebText) -> HTML {
        guard !orders.isEmpty else { return .empty }
        let items = HTML.joined(
            orders.map { order in
                let cancellable = order.status == .awaitingPayment || order.status.awaitsDispatch
                let tracking = order.trackingNumber.map { "<br>\(text[.tracking]) <code>\($0)</code>" as HTML } ?? .empty
                let request: HTML =
                    awaiting.contains(order.id)
                    ? " <a class=\"badge low\" href=\"/orders/\(order.id.rawValue)?back=/conversations/\(conversation.rawValue)\">\(text[.awaitingAnswer])</a>"
                    : .empty
                return """
                    <li class="buyer-order" data-order="\(order.id.rawValue)" data-status="\(order.status.rawValue)"><a href="/orders/\(order.id.rawValue)?back=/conversations/\(conversation.rawValue)">\(order.externalID)</a> \(Self.status(order, text: text))\(request)<br>\(Self.lines(order)) · \(Self.total(order))\(tracking)<br>\(text[.shipBy]) \(Self.shipBy(order, now: now, text: text))\(cancellable ? " <a class=\"cancel-link\" href=\"/orders/\(order.id.rawValue)?back=/conversations/\(conversation.rawValue)#cancel\">\(text[.cancelFor])</a>" as HTML : .empty)</li>
                    """ as HTML
            })
        return "<h3>\(text[.buyerOrders])</h3><ul>\(items)</ul>"
    }
}
