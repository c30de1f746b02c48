import Foundation
import ShopDeskChannels
import ShopDeskCore
import ShopDeskStore

/// The catalog, stock and checkout reservations.
extension APIHandler {
    func createProduct(_ input: Operations.CreateProduct.Input) async throws -> Operations.CreateProduct.Output {
        let signedIn = try await self.authenticate()
        guard case .json(let body) = input.body else { throw Self.expectedJSON }
        let prices = (body.prices ?? []).map { price -> (market: String, currency: String, amount: String) in
            (price.market, price.currency, Self.amountText(price.amount))
        }
        let (product, variant, stored) = try await self.desk.createProduct(
            NewProduct(
                sku: body.sku, title: body.title.additionalProperties, description: body.description?.additionalProperties ?? [:],
                imageURLs: body.images ?? [], attributes: body.attributes?.additionalProperties ?? [:], prices: prices),
            by: signedIn)
        return .created(
            .init(
                body: .json(
                    .init(
                        id: product.id.rawValue, sku: variant.sku, title: .init(additionalProperties: product.title),
                        description: .init(additionalProperties: product.description), images: product.imageURLs,
                        attributes: .init(additionalProperties: variant.attributes),
                        prices: stored.map { .init(market: $0.market, currency: $0.currency, amount: $0.amountText, amountMinor: $0.amountMinor) },
                        createdAt: product.createdAt))))
    }

    func getInventory(_ input: Operations.GetInventory.Input) async throws -> Operations.GetInventory.Output {
        .ok(.init(body: .json(.init(try await self.desk.inventory(sku: input.path.sku, by: try await self.authenticate())))))
    }

    func setInventory(_ input: Operations.SetInventory.Input) async throws -> Operations.SetInventory.Output {
        let signedIn = try await self.authenticate()
        guard case .json(let body) = input.body else { throw Self.expectedJSON }
        return .ok(
            .init(
                body: .json(
                    .init(try await self.desk.setOnHand(body.onHand, lowStockThreshold: body.lowStockThreshold, sku: input.path.sku, by: signedIn)))))
    }

    func listStockMovements(_ input: Operations.ListStockMovements.Input) async throws -> Operations.ListStockMovements.Output {
        let movements = try await self.desk.stockMovements(sku: input.path.sku, by: try await self.authenticate())
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: movements.map {
                            .init(
                                kind: .init(rawValue: $0.kind.rawValue)!, quantity: $0.quantity, onHandChange: $0.change.onHand,
                                reservedChange: $0.change.reserved, reason: $0.reason, reference: $0.reference, actor: $0.actor, at: $0.at)
                        }))))
    }

    func createReservation(_ input: Operations.CreateReservation.Input) async throws -> Operations.CreateReservation.Output {
        let signedIn = try await self.authenticate()
        guard case .json(let body) = input.body else { throw Self.expectedJSON }
        let (reservation, created) = try await self.desk.reserve(
            body.lines.map { Reservation.Line(sku: $0.sku, quantity: $0.quantity) }, idempotencyKey: input.headers.idempotencyKey,
            expiresIn: body.expiresInSeconds, by: signedIn)
        return created ? .created(.init(body: .json(.init(reservation)))) : .ok(.init(body: .json(.init(reservation))))
    }

    func getReservation(_ input: Operations.GetReservation.Input) async throws -> Operations.GetReservation.Output {
        let reservation = try await self.desk.reservation(Reservation.ID(rawValue: input.path.reservationId), by: try await self.authenticate())
        return .ok(.init(body: .json(.init(reservation))))
    }

    func releaseReservation(_ input: Operations.ReleaseReservation.Input) async throws -> Operations.ReleaseReservation.Output {
        let reservation = try await self.desk.releaseReservation(
            Reservation.ID(rawValue: input.path.reservationId), by: try await self.authenticate())
        return .ok(.init(body: .json(.init(reservation))))
    }

    func commitReservation(_ input: Operations.CommitReservation.Input) async throws -> Operations.CommitReservation.Output {
        let reservation = try await self.desk.commitReservation(
            Reservation.ID(rawValue: input.path.reservationId), by: try await self.authenticate())
        return .ok(
            .init(
                body: .json(
                    .init(
                        id: reservation.id.rawValue, reservationId: reservation.id.rawValue, status: .committed,
                        lines: reservation.lines.map { .init(sku: $0.sku, quantity: $0.quantity) }))))
    }

    func commitReservationAsOrder(_ input: Operations.CommitReservationAsOrder.Input) async throws -> Operations.CommitReservationAsOrder.Output {
        let signedIn = try await self.authenticate()
        guard case .json(let body) = input.body else { throw Self.expectedJSON }
        let details = CheckoutOrderDetails(
            channel: ChannelAccount.ID(rawValue: body.channelAccountId), orderID: body.orderId, buyerID: body.buyer?.id, currency: body.currency,
            total: body.total, shipBy: body.shipBy, paymentMethod: body.paymentMethod, cashOnDelivery: body.cashOnDelivery ?? false,
            shippingAddress: body.shippingAddress)
        let (reservation, order) = try await self.desk.commitReservation(
            Reservation.ID(rawValue: input.path.reservationId), recording: details, by: signedIn)
        return .ok(
            .init(
                body: .json(
                    .init(
                        orderId: order.rawValue, id: reservation.id.rawValue, reservationId: reservation.id.rawValue, status: .committed,
                        lines: reservation.lines.map { .init(sku: $0.sku, quantity: $0.quantity) }))))
    }

    func linkListing(_ input: Operations.LinkListing.Input) async throws -> Operations.LinkListing.Output {
        let signedIn = try await self.authenticate()
        guard case .json(let body) = input.body else { throw Self.expectedJSON }
        let inventory = try await self.desk.linkListing(
            sku: input.path.sku, channel: ChannelAccount.ID(rawValue: body.channelAccountId), platformProductID: body.platformProductId,
            platformSKUID: body.platformSkuId, by: signedIn)
        return .created(.init(body: .json(.init(inventory))))
    }

    func setAllocation(_ input: Operations.SetAllocation.Input) async throws -> Operations.SetAllocation.Output {
        let signedIn = try await self.authenticate()
        guard case .json(let body) = input.body else { throw Self.expectedJSON }
        let allocation = try ChannelAllocation(rule: body.rule.rawValue, quantity: body.quantity)
        try await self.desk.setAllocation(allocation, channel: ChannelAccount.ID(rawValue: input.path.channelId), by: signedIn)
        return .ok(.init(body: .json(body)))
    }

    func requestProductImport(_ input: Operations.RequestProductImport.Input) async throws -> Operations.RequestProductImport.Output {
        let requested = try await self.desk.requestProductImport(
            channel: ChannelAccount.ID(rawValue: input.path.channelId), by: try await self.authenticate())
        return .accepted(.init(body: .json(.init(requested))))
    }

    func getProductImport(_ input: Operations.GetProductImport.Input) async throws -> Operations.GetProductImport.Output {
        let channel = ChannelAccount.ID(rawValue: input.path.channelId)
        guard let found = try await self.desk.productImport(channel: channel, by: try await self.authenticate()) else {
            throw DeskError.notFound("no product import for channel account \(channel)")
        }
        return .ok(.init(body: .json(.init(found))))
    }

    func listUnlinkedListings(_ input: Operations.ListUnlinkedListings.Input) async throws -> Operations.ListUnlinkedListings.Output {
        let listings = try await self.desk.unlinkedListings(by: try await self.authenticate())
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: listings.map {
                            .init(
                                channelAccountId: $0.channelAccountID.rawValue, platformProductId: $0.key.productID,
                                platformSkuId: $0.key.skuID, sellerSku: $0.sellerSKU, title: $0.title)
                        }))))
    }

    /// An amount as the seller wrote it: a string as it is, a JSON number as Core writes it.
    static func amountText(_ amount: Components.Schemas.PriceInput.AmountPayload) -> String {
        switch amount {
        case .case1(let text): text
        case .case2(let number): Price.amountText(number)
        }
    }
}

extension Components.Schemas.Inventory {
    init(_ inventory: Inventory) {
        self.init(
            sku: inventory.sku, onHand: inventory.balance.onHand, reserved: inventory.balance.reserved, available: inventory.balance.available,
            lowStockThreshold: inventory.lowStockThreshold,
            level: .init(rawValue: StockLevel(available: inventory.balance.available, threshold: inventory.lowStockThreshold).rawValue)!,
            channels: inventory.listings.map {
                .init(
                    channelAccountId: $0.channelAccountID.rawValue, platform: .init(rawValue: $0.platform.rawValue)!,
                    platformProductId: $0.platformProductID, platformSkuId: $0.platformSKUID, sellable: $0.sellable,
                    push: .init($0))
            })
    }
}

extension Components.Schemas.ListingPush {
    init(_ listing: Listing) {
        let push = listing.push
        let status = StatusPayload(rawValue: push.status(pushable: PlatformAPIs.takesStock(listing.platform)).rawValue)!
        self.init(
            status: status, acknowledged: push.acknowledged, acknowledgedAt: push.acknowledgedAt, pendingSince: push.pendingSince, error: push.error)
    }
}

extension Components.Schemas.Reservation {
    init(_ reservation: Reservation) {
        self.init(
            id: reservation.id.rawValue, status: .init(rawValue: reservation.status.rawValue)!, expiresAt: reservation.expiresAt,
            lines: reservation.lines.map { .init(sku: $0.sku, quantity: $0.quantity) })
    }
}

extension Components.Schemas.ProductImport {
    init(_ found: ProductImport) {
        self.init(
            channelAccountId: found.channelAccountID.rawValue, status: .init(rawValue: found.status.rawValue)!, requestedAt: found.requestedAt,
            finishedAt: found.finishedAt, linked: found.linked, alreadyLinked: found.alreadyLinked, unmatched: found.unmatched, error: found.error)
    }
}
