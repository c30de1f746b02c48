import Foundation
import ShopDeskChannels
import ShopDeskCore
import ShopDeskStore

/// The catalog: every SKU with its stock (on hand, held by checkouts and orders, available), its listings
/// with what each platform shows, a count to save for admins, and each SKU's stock history.
enum CatalogView {
    static func render(_ skus: [StockedSKU], canEdit: Bool, refusedSKU: String?, session: String, now: Date, text: WebText) -> HTML {
        """
        <main class="catalog" data-live="catalog">
        <h1>\(text[.catalog])</h1>
        \(refusedSKU == nil ? .empty : "<p class=\"error\" role=\"alert\">\(text[.countInvalid])</p>" as HTML)
        <table class="catalog-table"><thead><tr><th>\(text[.sku])</th><th>\(text[.product])</th><th>\(text[.onHand])</th><th>\(text[.reserved])</th><th>\(text[.available])</th><th>\(text[.listings])</th><th></th></tr></thead>
        <tbody id="catalog-rows">\(Self.rows(skus, canEdit: canEdit, refusedSKU: refusedSKU, session: session, now: now, text: text))</tbody></table>
        </main>
        """
    }

    /// The catalog's rows (the part the page re-reads when stock or a platform's count changes).
    static func rows(_ skus: [StockedSKU], canEdit: Bool, refusedSKU: String?, session: String, now: Date, text: WebText) -> HTML {
        let csrf = WebPage.csrfField(session: session)
        // What hurts first: out of stock, then low, then the rest, each by SKU.
        let ordered = skus.enumerated().sorted { ($0.element.level, $0.offset) < ($1.element.level, $1.offset) }.map(\.element)
        let rows = HTML.joined(
            ordered.map { item in
                let classes = [refusedSKU == item.sku ? "refused" : nil, item.level == .ok ? nil : item.level.rawValue].compactMap { $0 }
                return """
                    <tr data-sku="\(item.sku)" data-level="\(item.level.rawValue)"\(classes.isEmpty ? .empty : " class=\"\(classes.joined(separator: " "))\"" as HTML)><td><a href="/catalog/\(item.sku)">\(item.sku)</a>\(Self.levelBadge(item.level, text: text))</td><td>\(Self.title(item.title, text: text))</td>
                    <td class="count">\(String(item.balance.onHand))</td><td class="count">\(String(item.balance.reserved))</td><td class="count available">\(String(item.balance.available))</td>
                    <td class="listings">\(Self.listings(item.listings, now: now, text: text))</td><td>\(canEdit ? Self.countForm(item, csrf: csrf, text: text) : .empty)</td></tr>
                    """ as HTML
            })
        guard skus.isEmpty else { return rows }
        return
            "<tr class=\"empty\"><td colspan=\"7\">\(text.format(.catalogEmpty, ["command": "<code>shopdesk catalog import</code>" as HTML, "api": "<code>POST /api/v1/products</code>" as HTML]))</td></tr>"
    }

    /// Product imports from the marketplaces (a button per shop, with how its last import went) and the
    /// listings they found that match no catalog SKU, each with a form to link it by hand.
    static func imports(
        channels: [(ChannelAccount, ProductImport?)], unlinked: [UnlinkedListing], skus: [String], canEdit: Bool, linkRefused: Bool,
        session: String, text: WebText
    ) -> HTML {
        guard !channels.isEmpty else { return .empty }
        let csrf = WebPage.csrfField(session: session)
        let names = Dictionary(channels.map { ($0.0.id, $0.0.name) }, uniquingKeysWith: { first, _ in first })
        let shops = HTML.joined(
            channels.map { account, found in
                let state: HTML =
                    switch found?.status {
                    case nil: .empty
                    case .queued: " <em>\(text[.importQueued])</em>"
                    case .done:
                        " <em>\(text.format(.importDone, ["linked": String(found?.linked ?? 0), "unmatched": String(found?.unmatched ?? 0)]))</em>"
                    case .failed: " <em class=\"error\">\(text.format(.importFailed, ["reason": found?.error ?? ""]))</em>"
                    }
                let button: HTML =
                    canEdit
                    ? "<form method=\"post\" action=\"/catalog/import/\(account.id.rawValue)\" class=\"inline\">\(csrf)<button type=\"submit\">\(text.format(.importProducts, ["channel": account.name]))</button></form>"
                    : "\(account.name)"
                return "<li>\(button)\(state)</li>" as HTML
            })
        let options = HTML.joined(skus.map { "<option value=\"\($0)\"></option>" as HTML })
        let rows = HTML.joined(
            unlinked.map { listing in
                let link: HTML =
                    canEdit
                    ? """
                    <form method="post" action="/catalog/link" class="link-listing">\(csrf)<input type="hidden" name="channel" value="\(listing.channelAccountID.rawValue)"><input type="hidden" name="product" value="\(listing.key.productID)"><input type="hidden" name="listing" value="\(listing.key.skuID)"><input name="sku" list="catalog-skus" required value="\(listing.sellerSKU ?? "")" aria-label="\(text[.sku])"> <button type="submit">\(text[.linkListing])</button></form>
                    """ : .empty
                return """
                    <tr><td>\(names[listing.channelAccountID] ?? "")</td><td>\(listing.title)</td><td>\(listing.sellerSKU ?? "–")</td><td>\(link)</td></tr>
                    """ as HTML
            })
        let table: HTML =
            unlinked.isEmpty
            ? .empty
            : """
            <h2>\(text[.unlinkedListings])</h2>
            \(linkRefused ? "<p class=\"error\" role=\"alert\">\(text[.linkRefused])</p>" as HTML : .empty)
            <datalist id="catalog-skus">\(options)</datalist>
            <table class="catalog-table"><thead><tr><th>\(text[.listings])</th><th>\(text[.product])</th><th>\(text[.sku])</th><th></th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        return """
            <section class="catalog imports">
            <ul class="imports">\(shops)</ul>
            \(table)
            </section>
            """
    }

    /// The whole catalog as a CSV file: the export link, and the import form (a file chosen is read into
    /// the text box by the page's script; pasting works without it), with the outcome of the last import:
    /// how many SKUs it took, or the file's problems line by line (nothing was written).
    static func csvForms(imported: Int?, problems: CatalogCSV.Problems?, canEdit: Bool, session: String, text: WebText) -> HTML {
        let outcome: HTML =
            if let problems {
                """
                <div class="error" role="alert"><p>\(text[.catalogRefused])</p><ul class="problems">\(HTML.joined(problems.all.map { "<li>\(text.format(.lineNumber, ["line": String($0.line)])) <code>\($0.message)</code></li>" as HTML }))</ul></div>
                """
            } else if let imported {
                "<p class=\"done\" role=\"status\">\(text.format(.catalogImported, ["count": String(imported)]))</p>"
            } else {
                .empty
            }
        let importForm: HTML =
            canEdit
            ? """
            <details class="csv-import"\(problems == nil ? .empty : " open" as HTML)><summary>\(text[.catalogImport])</summary>
            <form method="post" action="/catalog/csv">\(WebPage.csrfField(session: session))<p>\(text.format(.catalogImportHint, ["columns": "<code>sku, title:LANG, price:MARKET:CURRENCY, on_hand</code>" as HTML]))</p>
            <input type="file" accept=".csv,text/csv" class="csv-file" aria-label="\(text[.catalogImport])">
            <textarea name="csv" rows="6" required aria-label="\(text[.catalogImport])"></textarea>
            <button type="submit">\(text[.importCatalog])</button></form></details>
            """ : .empty
        return """
            <section class="catalog csv">
            \(outcome)
            <p><a href="/catalog.csv" download>\(text[.catalogExport])</a></p>
            \(importForm)
            </section>
            """
    }

    /// "Out of stock" or "Low stock" beside a SKU (nothing when there is enough).
    static func levelBadge(_ level: StockLevel, text: WebText) -> HTML {
        switch level {
        case .out: " <span class=\"badge out\">\(text[.stockOut])</span>"
        case .low: " <span class=\"badge low\">\(text[.stockLow])</span>"
        case .ok: .empty
        }
    }

    /// The stocktake form: on hand becomes the count saved.
    static func countForm(_ item: StockedSKU, csrf: HTML, text: WebText) -> HTML {
        """
        <form method="post" action="/catalog/\(item.sku)/stock" class="stock-count">\(csrf)<input type="number" name="on_hand" min="0" required value="\(String(item.balance.onHand))" aria-label="\(text[.onHand])"> <button type="submit">\(text[.saveCount])</button></form>
        """
    }

    /// Each listing: its channel, what it may sell, and what the platform last acknowledged; a push
    /// waiting over a minute, or failing, is marked stale with its reason.
    static func listings(_ listings: [Listing], now: Date, text: WebText) -> HTML {
        guard !listings.isEmpty else { return "<span class=\"muted\">\(text[.noListings])</span>" }
        return HTML.joined(
            listings.map { listing in
                let push = listing.push
                let status = push.status(pushable: PlatformAPIs.takesStock(listing.platform))
                let note: HTML =
                    switch status {
                    case .synced: .empty
                    case .pending: " <em>\(text[.pushPending])</em>"
                    case .failing: " <em>\(text.format(.pushFailing, ["reason": push.error ?? ""]))</em>"
                    case .notPushed: " <em>\(text[.pushNotPushed])</em>"
                    }
                let counts = text.format(
                    .listingCounts,
                    [
                        "channel": "\(WebPage.platformName(listing.platform, text: text))" as HTML,
                        "sellable": "<b class=\"sellable\">\(String(listing.sellable))</b>" as HTML,
                        "acknowledged": "<b class=\"acknowledged\">\(push.acknowledged.map { String($0) } ?? "–")</b>" as HTML,
                    ])
                let stale = status != .notPushed && push.isStale(now: now) ? " stale" : ""
                return """
                    <span class="listing \(status.rawValue)\(stale)" data-channel="\(listing.channelAccountID.rawValue)">\(counts)\(note)</span>
                    """ as HTML
            }, separator: "<br>")
    }

    /// A SKU's balance, its listings, a count to save for admins, and its ledger, newest first.
    static func history(
        _ item: StockedSKU, ledger: [StockLedgerEntry], canEdit: Bool, session: String, now: Date, zone: String, text: WebText
    ) -> HTML {
        let rows = HTML.joined(
            ledger.map { entry in
                """
                <tr><td>\(WebPage.clock(entry.at, zone: zone))</td><td>\(Self.movementName(entry.kind, text: text))</td><td class="count">\(String(entry.quantity))</td></tr>
                """ as HTML
            })
        return """
            <main class="catalog" data-live="sku" data-sku="\(item.sku)">
            <p><a href="/catalog">\(text[.catalog])</a></p>
            <h1>\(item.sku) <small>\(Self.title(item.title, text: text))</small></h1>
            <div id="sku-stock">\(Self.stock(item, now: now, text: text))</div>
            \(canEdit ? Self.countForm(item, csrf: WebPage.csrfField(session: session), text: text) : .empty)
            <h2>\(text[.stockHistory])</h2>
            <table class="catalog-table"><thead><tr><th>\(text[.time])</th><th>\(text[.status])</th><th>\(text[.quantity])</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            </main>
            """
    }

    /// A SKU's balance and listings (the part its page re-reads when they change).
    static func stock(_ item: StockedSKU, now: Date, text: WebText) -> HTML {
        """
        <p class="balance">\(text[.onHand]) <strong>\(String(item.balance.onHand))</strong> · \(text[.reserved]) <strong>\(String(item.balance.reserved))</strong> · \(text[.available]) <strong>\(String(item.balance.available))</strong></p>
        <p class="listings">\(Self.listings(item.listings, now: now, text: text))</p>
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
