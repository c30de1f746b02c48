import Foundation
import HTTPTypes
import Hummingbird
import ShopDeskChannels
import ShopDeskCore
import ShopDeskStore

/// The orders pages: the list with what hurts first, an order's page, and its two actions (cancel with
/// one of the platform's reasons, return received).
extension WebRoutes {
    struct OrderForm: Decodable {
        var reason: String?
        var comment: String?
        /// The conversation the agent came from, to return to.
        var back: String?
    }

    func registerOrders(on pages: RouterGroup<SignedInContext>) {
        pages.get("/orders") { request, context in
            let text = self.text(request, context: context)
            let parameters = Self.parameters(request)
            let screen = try await self.desk.ordersScreen(OrdersView.filter(parameters), cursor: parameters["cursor"], by: context.signedIn)
            return self.page(text[.orders], OrdersView.render(screen, text: text), text: text, context: context)
        }
        pages.get("/orders/:id") { request, context in
            try await self.orderPage(request, context: context, back: Self.back(Self.parameters(request)["back"]), refused: nil)
        }
        pages.post("/orders/:id/cancel") { request, context in
            let form = try await WebPage.form(OrderForm.self, from: request)
            let id = Order.ID(rawValue: context.parameters.get("id") ?? "")
            let back = Self.back(form.back)
            do {
                _ = try await self.desk.cancelOrder(id, reason: form.reason ?? "", by: context.signedIn)
            } catch let error as PlatformAPIError {
                return try await self.orderPage(request, context: context, back: back, refused: error.message, status: .badGateway)
            }
            return WebPage.redirect(to: back ?? "/orders/\(id.rawValue)")
        }
        for (action, approve) in [("approve", true), ("reject", false)] {
            pages.post("/orders/:id/after-sales/:request/\(action)") { request, context in
                let form = try await WebPage.form(OrderForm.self, from: request)
                let id = Order.ID(rawValue: context.parameters.get("id") ?? "")
                let back = Self.back(form.back)
                do {
                    _ = try await self.desk.decideAfterSale(
                        context.parameters.get("request") ?? "", of: id, approve: approve, reason: form.reason, comment: form.comment,
                        by: context.signedIn)
                } catch let error as PlatformAPIError {
                    return try await self.orderPage(request, context: context, back: back, refused: error.message, status: .badGateway)
                }
                return WebPage.redirect(to: back ?? "/orders/\(id.rawValue)")
            }
        }
        pages.post("/orders/:id/return-received") { request, context in
            let id = Order.ID(rawValue: context.parameters.get("id") ?? "")
            _ = try await self.desk.receiveReturn(id, by: context.signedIn)
            return WebPage.redirect(to: "/orders/\(id.rawValue)")
        }
    }

    /// Only a conversation of this desk is a place to go back to.
    static func back(_ path: String?) -> String? {
        guard let path, path.hasPrefix("/conversations/"),
            path.dropFirst("/conversations/".count).allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" })
        else { return nil }
        return path
    }

    private func orderPage(
        _ request: Request, context: SignedInContext, back: String?, refused: String?, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let text = self.text(request, context: context)
        let screen = try await self.desk.orderScreen(Order.ID(rawValue: context.parameters.get("id") ?? ""), by: context.signedIn)
        let body = OrdersView.page(screen, back: back, session: context.session, refused: refused, text: text)
        return self.page(text.format(.orderNumbered, ["number": screen.order.externalID]), body, text: text, context: context, status: status)
    }
}
