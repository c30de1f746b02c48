import Foundation
import ShopDeskCore

/// One marketplace's order-detail API, read when an order push arrives (pushes are hints: the order
/// is fetched, commerce-platforms.md §6.2): the order's status, lines, money, buyer, shipping and
/// deadlines, as `ChannelOrder` holds them.
public protocol OrderReader: Sendable {
    /// Orders one call can fetch.
    var ordersPerCall: Int { get }
    /// The calls that read these orders (Lazada needs two per order: its items, and the order itself).
    func ordersRequests(_ ids: [String], credentials: ChannelCredentials, now: Date) throws(PlatformAPIError) -> [PlatformRequest]
    /// The orders in the answers to `ordersRequests`, in the same order as those calls.
    func orders(_ responses: [PlatformResponse], ids: [String], account: ChannelAccount) throws(PlatformAPIError) -> [ChannelOrder]
}

extension PlatformAPIs {
    /// The platforms whose orders ShopDesk reads.
    public static func orderReader(for account: ChannelAccount) -> (any OrderReader)? {
        switch account.platform {
        case .tiktokShop: TikTokShopAPI()
        case .shopee: ShopeeAPI()
        case .lazada: LazadaAPI(market: account.market)
        case .facebook, .instagram, .whatsapp, .line, .custom: nil
        }
    }
}

extension PlatformClient {
    /// The orders with these ids, a call at a time; an order the platform does not return is left out.
    public func orders(_ ids: [String], account: ChannelAccount, credentials: ChannelCredentials) async throws -> [ChannelOrder] {
        guard let reader = PlatformAPIs.orderReader(for: account) else { return [] }
        var orders: [ChannelOrder] = []
        for start in stride(from: 0, to: ids.count, by: reader.ordersPerCall) {
            let chunk = Array(ids[start..<min(start + reader.ordersPerCall, ids.count)])
            var responses: [PlatformResponse] = []
            for request in try reader.ordersRequests(chunk, credentials: credentials, now: self.now()) {
                responses.append(try await self.transport.perform(request))
            }
            orders += try reader.orders(responses, ids: chunk, account: account)
        }
        return orders
    }
}

/// Reading the fields the three order APIs share in spirit but not in shape.
enum OrderFields {
    /// A platform amount (a string, or a JSON number) in minor units of `currency`; nil when either is
    /// missing or the amount is not a plain number.
    static func amount(_ value: Any?, currency: String?) -> Int64? {
        guard let currency, let text = JSONValue.string(value) else { return nil }
        return PlatformAmount.minorUnits(text, currency: currency)
    }

    /// Lazada's times: ISO 8601 (`2024-05-01T10:00:00+07:00`) in `sla_time_stamp`, but
    /// `2024-05-01 10:00:00 +0700` in the order's `created_at` / `updated_at`. Both are read.
    static func lazadaDate(_ value: Any?) -> Date? {
        guard let text = JSONValue.text(value) else { return nil }
        let iso = ISO8601DateFormatter()
        if let date = iso.date(from: text) { return date }
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = iso.date(from: text) { return date }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss Z"
        return formatter.date(from: text)
    }

    /// Lazada's query times: ISO 8601 with an explicit offset (`2024-05-01T03:00:00+00:00`), the form its
    /// docs show; whether it also takes `Z` is not written, so the offset is spelled out.
    static func lazadaQueryTime(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss'+00:00'"
        return formatter.string(from: date)
    }

    /// The non-empty parts of an address, comma-joined.
    static func joined(_ parts: [String?]) -> String? {
        let text = parts.compactMap { $0?.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: ", ")
        return text.isEmpty ? nil : text
    }
}
