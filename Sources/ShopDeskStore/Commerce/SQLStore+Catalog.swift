import Foundation
import SQLKit
import ShopDeskCore

extension SQLStore {
    /// Creates a product with one variant (its seller SKU) and its prices, titles and descriptions per
    /// language, image URLs and attributes (size, colour); a SKU already in the workspace is a conflict
    /// and nothing is written.
    public func createProduct(
        sku: String, title: [String: String], description: [String: String] = [:], imageURLs: [String] = [], prices: [Price],
        attributes: [String: String] = [:], workspace: Workspace.ID, now: Date
    ) async throws -> (Product, ProductVariant) {
        let sku = try Product.validatedSKU(sku)
        let title = title.filter { !$0.value.trimmingCharacters(in: .whitespaces).isEmpty }
        guard !title.isEmpty, title.count <= 20, title.allSatisfy({ $0.key.count <= 35 && $0.value.count <= 500 }) else {
            throw StoreError.invalid(field: "title", message: "title needs 1 to 20 languages, each at most 500 characters")
        }
        let description = description.filter { !$0.value.trimmingCharacters(in: .whitespaces).isEmpty }
        guard description.count <= 20, description.allSatisfy({ $0.key.count <= 35 && $0.value.count <= 5000 }) else {
            throw StoreError.invalid(field: "description", message: "description takes at most 20 languages, each at most 5000 characters")
        }
        guard imageURLs.count <= 20,
            imageURLs.allSatisfy({ url in
                url.count <= 2000 && URL(string: url).map { ["https", "http"].contains($0.scheme ?? "") && $0.host != nil } == true
            })
        else {
            throw StoreError.invalid(field: "images", message: "images takes at most 20 http or https URLs")
        }
        guard attributes.count <= 20, attributes.allSatisfy({ !$0.key.isEmpty && $0.key.count <= 40 && $0.value.count <= 200 }) else {
            throw StoreError.invalid(field: "attributes", message: "attributes takes at most 20 names of 1 to 40 characters, values of at most 200")
        }
        guard Set(prices.map(\.market)).count == prices.count else {
            throw StoreError.invalid(field: "prices", message: "one price per market")
        }
        let product = Product(
            id: self.ids.make(), workspaceID: workspace, title: title, description: description, imageURLs: imageURLs, createdAt: now)
        let variant = ProductVariant(id: self.ids.make(), productID: product.id, sku: sku, attributes: attributes)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func json(_ value: some Encodable) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }
        let (titleJSON, descriptionJSON, imagesJSON, attributesJSON) = (
            try json(title), try json(description), try json(imageURLs), try json(attributes)
        )
        let created = try await self.engine.transaction { db -> Bool in
            guard
                try await Self.insertSKU(
                    sku, product: product.id, variant: variant.id, titleJSON: titleJSON, descriptionJSON: descriptionJSON, imagesJSON: imagesJSON,
                    attributesJSON: attributesJSON, workspace: workspace, now: now, in: db)
            else { return false }
            try await Self.insertPrices(prices, variant: variant.id, in: db)
            return true
        }
        guard created else { throw StoreError.conflict("SKU \(sku) is in the catalog already") }
        return (product, variant)
    }

    /// The variant with this seller SKU in the workspace.
    public func variant(sku: String, workspace: Workspace.ID) async throws -> ProductVariant {
        let row = try await self.engine.read { db in
            try await db.raw(
                "SELECT * FROM product_variants WHERE workspace_id = \(bind: workspace.rawValue) AND sku = \(bind: sku)"
            ).first()
        }
        guard let row else { throw StoreError.notFound("SKU \(sku)") }
        return ProductVariant(
            id: try row.id("id"), productID: try row.id("product_id"), sku: try row.string("sku"),
            attributes: try JSONDecoder().decode([String: String].self, from: Data(try row.string("attributes").utf8)),
            lowStockThreshold: try row.decode(column: "low_stock_threshold", as: Int64.self)
        )
    }
}

extension SQLStore {
    /// The whole catalog with its stock at the default location, as `CatalogCSV` writes it.
    public func catalogRows(workspace: Workspace.ID) async throws -> [CatalogCSV.Row] {
        try await self.engine.read { db in
            let variants = try await db.raw(
                """
                SELECT v.id, v.sku, p.title, b.on_hand FROM product_variants v JOIN products p ON p.id = v.product_id
                LEFT JOIN stock_balances b ON b.variant_id = v.id AND b.location = \(bind: Self.defaultLocation)
                WHERE v.workspace_id = \(bind: workspace.rawValue) ORDER BY v.sku
                """
            ).all()
            var prices: [String: [Price]] = [:]
            for row in try await db.raw(
                """
                SELECT pr.variant_id, pr.market, pr.currency, pr.amount_minor FROM product_prices pr
                JOIN product_variants v ON v.id = pr.variant_id WHERE v.workspace_id = \(bind: workspace.rawValue)
                ORDER BY pr.market
                """
            ).all() {
                prices[try row.string("variant_id"), default: []].append(
                    Price(
                        market: try row.string("market"), currency: try row.string("currency"),
                        amountMinor: try row.decode(column: "amount_minor", as: Int64.self)))
            }
            return try variants.map { row in
                CatalogCSV.Row(
                    sku: try row.string("sku"), title: try JSONDecoder().decode([String: String].self, from: Data(try row.string("title").utf8)),
                    prices: prices[try row.string("id")] ?? [],
                    onHand: try row.decodeNil(column: "on_hand") ? 0 : try row.decode(column: "on_hand", as: Int64.self))
            }
        }
    }

    /// Imports a checked file in one transaction: new SKUs become products, known ones get the file's
    /// titles and prices, and each row's `on_hand` is a stocktake. If any row cannot be taken (a count
    /// below what is held), nothing is, and the problem names its line.
    public func importCatalog(_ rows: [CatalogCSV.Row], workspace: Workspace.ID, actor: String, now: Date) async throws -> Int {
        let kind = self.engine.kind
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return try await self.engine.transaction { db in
            let known = try await Self.variantIDs(rows.map(\.sku), workspace: workspace, in: db)
            for row in rows {
                let titleJSON = String(decoding: try encoder.encode(row.title), as: UTF8.self)
                let variant: ProductVariant.ID
                if let existing = known[row.sku] {
                    variant = existing
                    try await db.raw(
                        """
                        UPDATE products SET title = \(bind: titleJSON)
                        WHERE id = (SELECT product_id FROM product_variants WHERE id = \(bind: existing.rawValue))
                        """
                    ).run()
                    try await db.raw("DELETE FROM product_prices WHERE variant_id = \(bind: existing.rawValue)").run()
                } else {
                    variant = self.ids.make()
                    _ = try await Self.insertSKU(
                        row.sku, product: self.ids.make(), variant: variant, titleJSON: titleJSON, attributesJSON: "{}", workspace: workspace,
                        now: now, in: db)
                }
                try await Self.insertPrices(row.prices, variant: variant, in: db)
                let current = try await Self.balance(variant, lock: kind == .postgres, in: db)
                guard row.onHand != current.onHand else { continue }
                do {
                    _ = try await Self.move(
                        StockMovement(kind: .stocktake, quantity: row.onHand - current.onHand), variant: variant, from: current, workspace: workspace,
                        reason: "catalog import", reference: nil, actor: actor, now: now, in: db, ids: self.ids)
                } catch let error as StockError {
                    throw CatalogCSV.Problems(all: [CatalogCSV.Problem(line: row.line, message: "\(row.sku): \(error.description)")])
                }
            }
            return rows.count
        }
    }

    /// A new SKU: its product, its variant and its empty stock at the default location. False when the
    /// workspace has the SKU already (nothing written).
    static func insertSKU(
        _ sku: String, product: Product.ID, variant: ProductVariant.ID, titleJSON: String, descriptionJSON: String = "{}",
        imagesJSON: String = "[]", attributesJSON: String, workspace: Workspace.ID, now: Date, in db: any SQLDatabase
    ) async throws -> Bool {
        guard
            try await db.raw(
                """
                INSERT INTO product_variants (id, workspace_id, product_id, sku, attributes)
                VALUES (\(bind: variant.rawValue), \(bind: workspace.rawValue), \(bind: product.rawValue), \(bind: sku), \(bind: attributesJSON))
                ON CONFLICT (workspace_id, sku) DO NOTHING RETURNING id
                """
            ).first() != nil
        else { return false }
        try await db.raw(
            """
            INSERT INTO products (id, workspace_id, title, description, image_urls, created_at)
            VALUES (\(bind: product.rawValue), \(bind: workspace.rawValue), \(bind: titleJSON), \(bind: descriptionJSON), \(bind: imagesJSON),
                \(bind: now.storeMillis))
            """
        ).run()
        try await db.raw(
            """
            INSERT INTO stock_balances (variant_id, location, workspace_id, on_hand, reserved, updated_at)
            VALUES (\(bind: variant.rawValue), \(bind: Self.defaultLocation), \(bind: workspace.rawValue), 0, 0, \(bind: now.storeMillis))
            """
        ).run()
        return true
    }

    static func insertPrices(_ prices: [Price], variant: ProductVariant.ID, in db: any SQLDatabase) async throws {
        for price in prices {
            try await db.raw(
                """
                INSERT INTO product_prices (variant_id, market, currency, amount_minor)
                VALUES (\(bind: variant.rawValue), \(bind: price.market), \(bind: price.currency), \(bind: price.amountMinor))
                """
            ).run()
        }
    }
}
