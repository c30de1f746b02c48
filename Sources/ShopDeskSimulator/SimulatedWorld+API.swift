import Foundation
import ShopDeskChannels
import ShopDeskCore

/// The platforms' send and read APIs, on the paths and with the checks ShopDesk's clients meet in
/// production: request signatures recomputed from what arrived (platforms.md §1.4, §2.3, §3.2), a
/// five-minute window on timestamps, bearer tokens for Meta and LINE, and the messaging windows (§4.4).
extension SimulatedWorld {
    public func handle(_ platform: Platform, _ request: SimulatorRequest) -> SimulatorResponse {
        switch platform {
        case .tiktokShop: return self.tiktokShop(request)
        case .shopee: return self.shopee(request)
        case .lazada: return self.lazada(request)
        case .facebook, .instagram: return self.meta(platform, request)
        case .whatsapp: return self.whatsapp(request)
        case .line: return self.line(request)
        case .custom: return .json(404, ["error": "no such platform"])
        }
    }
}
