import ShopDeskCore

/// Something that happened in a workspace, for the agents' screens (and their tests) to react to.
public enum WorkspaceEvent: Sendable, Hashable {
    /// A conversation's messages, status or deadline changed: read it again.
    case conversationChanged(Conversation.ID)
    /// A deadline warning or breach fired.
    case slaAlert(FiredAlert)
    /// A SKU's stock, or what a platform acknowledged of it, changed (nil: some SKUs, not named).
    case stockChanged(sku: String?)
    /// An order was stored or changed (its status, its lines' hold on stock).
    case orderChanged(Order.ID)
    /// A dispatch warning or breach fired for an order.
    case orderAlert(OrderAlert)
}
