import Foundation
import SQLKit
import ShopDeskCore

extension SQLStore {
    /// Creates a product with one variant (its seller SKU) and its prices; a SKU already in the
    /// workspace is a conflict and nothing is written.
    public func createProduct(
        sku: String, title: [String: String], prices: [Price], attributes: [String: String] = [:], workspace: Workspace.ID, now: Date
    ) async throws -> (Product, ProductVariant) {
        let sku = try Product.validatedSKU(sku)
        let title = title.filter { !$0.value.trimmingCharacters(in: .whitespaces).isEmpty }
        guard !title.isEmpty, title.count <= 20, title.allSatisfy({ $0.key.count <= 35 && $0.value.count <= 500 }) else {
            throw StoreError.invalid(field: "title", message: "title needs 1 to 20 languages, each at most 500 characters")
        }
        guard Set(prices.map(\.market)).count == prices.count else {
            throw StoreError.invalid(field: "prices", message: "one price per market")
        }
        let product = Product(id: self.ids.make(), workspaceID: workspace, title: title, createdAt: now)
        let variant = ProductVariant(id: self.ids.make(), productID: product.id, sku: sku, attributes: attributes)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let titleJSON = String(decoding: try encoder.encode(title), as: UTF8.self)
        let attributesJSON = String(decoding: try encoder.encode(attributes), as: UTF8.self)
        let created = try await self.engine.transaction { db -> Bool in
            guard
                try await db.raw(
                    """
                    INSERT INTO product_variants (id, workspace_id, product_id, sku, attributes)
                    VALUES (\(bind: variant.id.rawValue), \(bind: workspace.rawValue), \(bind: product.id.rawValue), \(bind: sku),
                        \(bind: attributesJSON))
                    ON CONFLICT (workspace_id, sku) DO NOTHING RETURNING id
                    """
                ).first() != nil
            else { return false }
            try await db.raw(
                """
                INSERT INTO products (id, workspace_id, title, description, image_urls, created_at)
                VALUES (\(bind: product.id.rawValue), \(bind: workspace.rawValue), \(bind: titleJSON), '{}', '[]', \(bind: now.storeMillis))
                """
            ).run()
            for price in prices {
                try await db.raw(
                    """
                    INSERT INTO product_prices (variant_id, market, currency, amount_minor)
                    VALUES (\(bind: variant.id.rawValue), \(bind: price.market), \(bind: price.currency), \(bind: price.amountMinor))
                    """
                ).run()
            }
            try await db.raw(
                """
                INSERT INTO stock_balances (variant_id, location, workspace_id, on_hand, reserved, updated_at)
                VALUES (\(bind: variant.id.rawValue), \(bind: Self.defaultLocation), \(bind: workspace.rawValue), 0, 0, \(bind: now.storeMillis))
                """
            ).run()
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
            attributes: try JSONDecoder().decode([String: String].self, from: Data(try row.string("attributes").utf8))
        )
    }
}
