import Foundation

/// Markets (ISO 3166-1 alpha-2) and their default time zones.
public enum Market {
    /// The zone a shop in `market` most likely keeps, used when none is given. Markets spanning several
    /// zones (US, ID) default to the zone their platforms' seller centres use.
    public static func defaultTimeZone(for market: String) -> String? {
        switch market {
        case "VN": "Asia/Ho_Chi_Minh"
        case "TH": "Asia/Bangkok"
        case "MY": "Asia/Kuala_Lumpur"
        case "SG": "Asia/Singapore"
        case "ID": "Asia/Jakarta"
        case "PH": "Asia/Manila"
        case "CN": "Asia/Shanghai"
        case "TW": "Asia/Taipei"
        case "HK": "Asia/Hong_Kong"
        case "JP": "Asia/Tokyo"
        case "KR": "Asia/Seoul"
        case "US": "America/Los_Angeles"
        case "GB": "Europe/London"
        case "BR": "America/Sao_Paulo"
        case "MX": "America/Mexico_City"
        default: nil
        }
    }

    /// The languages buyers in `market` mostly write in (BCP 47 primary tags), most common first;
    /// English where nothing more specific is known.
    public static func buyerLanguages(for market: String) -> [String] {
        switch market {
        case "VN": ["vi"]
        case "TH": ["th"]
        case "MY": ["ms", "en", "zh"]
        case "SG": ["en", "zh"]
        case "ID": ["id"]
        case "PH": ["tl", "en"]
        case "CN", "TW", "HK": ["zh"]
        default: ["en"]
        }
    }

    /// The zone of `market`'s shops, parsed; nil for a market without a default zone.
    public static func zone(for market: String) -> TimeZone? {
        defaultTimeZone(for: market).flatMap(TimeZone.init(identifier:))
    }

    /// `market` if it is an ISO 3166-1 alpha-2 code (two capital letters).
    public static func validatedCode(_ market: String) throws(ValidationError) -> String {
        let isCode = market.count == 2 && market.unicodeScalars.allSatisfy { $0.value >= 65 && $0.value <= 90 }
        guard isCode else {
            throw ValidationError(field: "market", message: "market must be an ISO 3166-1 alpha-2 code such as VN or MY, not '\(market)'")
        }
        return market
    }

    /// The IANA zone `name` names. Foundation also accepts abbreviations ("EST", "ICT") whose meaning
    /// varies by place, so only region names (`Asia/Bangkok`) and `UTC` are taken.
    public static func timeZone(named name: String) throws(ValidationError) -> TimeZone {
        guard let zone = TimeZone(identifier: name), name.contains("/") || name == "UTC" else {
            throw ValidationError(field: "timezone", message: "unknown IANA time zone '\(name)'")
        }
        return zone
    }

    /// Validates a market code and a time zone (or picks the market's default zone).
    public static func validated(market: String, timeZone: String?) throws(ValidationError) -> (market: String, timeZone: String) {
        let market = try validatedCode(market)
        if let timeZone {
            _ = try Self.timeZone(named: timeZone)
            return (market, timeZone)
        }
        guard let zone = defaultTimeZone(for: market) else {
            throw ValidationError(field: "timezone", message: "no default time zone for market \(market); give one (e.g. Asia/Bangkok)")
        }
        return (market, zone)
    }
}
