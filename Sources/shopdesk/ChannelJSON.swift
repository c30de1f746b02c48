import Foundation
import ShopDeskCore

/// A channel account as the CLI prints it.
struct ChannelJSON: Encodable {
    var id: String
    var platform: String
    var name: String
    var market: String
    var timezone: String
    var webhook_path: String
    var credential_fields: [String]

    init(_ account: ChannelAccount) {
        self.id = account.id.rawValue
        self.platform = account.platform.rawValue
        self.name = account.name
        self.market = account.market
        self.timezone = account.timeZone
        self.webhook_path = account.webhookPath
        self.credential_fields = account.credentialFields
    }
}

func printJSON(_ value: some Encodable) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self))
}
