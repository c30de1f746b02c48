import Foundation
import ShopDeskCore
import ShopDeskStore

/// The catalog: every SKU with its stock (on hand, held by checkouts, available), a count to save for
/// admins, and each SKU's stock history.
enum CatalogView {
    static func render(_ skus: [StockedSKU], canEdit: Bool, refusedSKU: String?, session: String, text: WebText) -> HTML {
        let csrf = WebPage.csrfField(session: session)
        let rows = HTML.joined(
            skus.map { item in
                let edit: HTML =
                    canEdit
                    ? """
                    <form method="post" action="/catalog/\(item.sku)/stock" class="stock-count">\(csrf)<input type="number" name="on_hand" min="0" required value="\(String(item.balance.onHand))" aria-label="\(text[.onHand])"> <button type="submit">\(text[.saveCount])</button></form>
                    """ : .empty
                return """
                    <tr data-sku="\(item.sku)"\(refusedSKU == item.sku ? " class=\"refused\"" as HTML : .empty)><td><a href="/catalog/\(item.sku)">\(item.sku)</a></td><td>\(Self.title(item.title, text: text))</td>
                    <td class="count">\(String(item.balance.onHand))</td><td class="count">\(String(item.balance.reserved))</td><td class="count available">\(String(item.balance.available))</td><td>\(edit)</td></tr>
                    """ as HTML
            })
        let empty: HTML =
            skus.isEmpty
            ? "<tr class=\"empty\"><td colspan=\"6\">\(text.format(.catalogEmpty, ["command": "<code>shopdesk catalog import</code>" as HTML, "api": "<code>POST /api/v1/products</code>" as HTML]))</td></tr>"
            : .empty
        return """
            <main class="catalog">
            <h1>\(text[.catalog])</h1>
            \(refusedSKU == nil ? .empty : "<p class=\"error\" role=\"alert\">\(text[.countInvalid])</p>" as HTML)
            <table class="catalog-table"><thead><tr><th>\(text[.sku])</th><th>\(text[.product])</th><th>\(text[.onHand])</th><th>\(text[.reserved])</th><th>\(text[.available])</th><th></th></tr></thead>
            <tbody>\(rows)\(empty)</tbody></table>
            </main>
            """
    }

    /// A SKU's balance and its ledger, newest first.
    static func history(sku: String, balance: StockBalance, ledger: [StockLedgerEntry], zone: String, text: WebText) -> HTML {
        let rows = HTML.joined(
            ledger.map { entry in
                """
                <tr><td>\(WebPage.clock(entry.at, zone: zone))</td><td>\(Self.movementName(entry.kind, text: text))</td><td class="count">\(String(entry.quantity))</td></tr>
                """ as HTML
            })
        return """
            <main class="catalog">
            <p><a href="/catalog">\(text[.catalog])</a></p>
            <h1>\(sku)</h1>
            <p class="balance">\(text[.onHand]) <strong>\(String(balance.onHand))</strong> · \(text[.reserved]) <strong>\(String(balance.reserved))</strong> · \(text[.available]) <strong>\(String(balance.available))</strong></p>
            <h2>\(text[.stockHistory])</h2>
            <table class="catalog-table"><thead><tr><th>\(text[.time])</th><th>\(text[.status])</th><th>\(text[.quantity])</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            </main>
            """
    }

    /// The title in the page's language, else English, else any.
    static func title(_ titles: [String: String], text: WebText) -> String {
        titles[text.language] ?? titles["en"] ?? titles.keys.sorted().first.flatMap { titles[$0] } ?? ""
    }

    static func movementName(_ kind: StockMovement.Kind, text: WebText) -> String {
        switch kind {
        case .receive: text[.movementReceive]
        case .adjust: text[.movementAdjust]
        case .stocktake: text[.movementStocktake]
        case .reserve: text[.movementReserve]
        case .release: text[.movementRelease]
        case .commit: text[.movementCommit]
        case .returnToStock: text[.movementReturn]
        }
    }
}
