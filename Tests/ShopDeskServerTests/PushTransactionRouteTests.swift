import Foundation
import HTTPTypes
import HummingbirdTesting
import SQLKit
import Testing

@testable import ShopDeskChannels
@testable import ShopDeskCore
@testable import ShopDeskServer
@testable import ShopDeskStore

@Suite("A push through the webhook route is stored whole")
struct PushTransactionRouteTests {
    /// A WhatsApp push with a buyer message, a delivery receipt and a change ShopDesk keeps raw, in that order.
    static let body =
        #"{"object":"whatsapp_business_account","entry":[{"id":"WABA1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"6591234567","phone_number_id":"PN1"},"contacts":[{"profile":{"name":"Siti"},"wa_id":"6598765432"}],"messages":[{"from":"6598765432","id":"wamid.M1","timestamp":"1760000000","type":"text","text":{"body":"Boleh hantar ke Johor?"}}],"statuses":[{"id":"wamid.OUT1","status":"delivered","timestamp":"1760000001","recipient_id":"6598765432"}]}},{"field":"account_update","value":{"event":"VERIFIED_ACCOUNT"}}]}]}"#

    /// Runs SQL on the test server's database beside it (SQLite in WAL mode takes a second connection).
    static func execute(_ sql: String, app: TestApp) async throws {
        try await SQLStore.withStore(
            try app.settings.databaseLocation(), secrets: try SecretBox.load(environmentKey: nil, dataDirectory: app.settings.dataDirectory),
            logger: TestApp.logger
        ) { store in
            try await store.engine.transaction { db in try await db.raw(SQLQueryString(sql)).run() }
        }
    }

    @Test("a failure after the push's first event stores none of it and answers 5xx; the redelivery is stored whole")
    func failureMidPush() async throws {
        try await TestApp.run { app, client in
            let whatsapp = try #require(PlatformPush.all.first { $0.platform == .whatsapp })
            let (channel, path) = try await WebhookRouteTests.account(whatsapp, client: client, app: app)
            let body = Array(Self.body.utf8)
            let signature = whatsapp.sign(body, whatsapp.credentials)

            try await Self.execute(
                "CREATE TRIGGER fail_raw BEFORE INSERT ON webhook_events BEGIN SELECT RAISE(ABORT, 'injected failure'); END", app: app
            )
            let failed = try await WebhookRouteTests.post(client, path: path, body: body, header: signature)
            #expect(failed.code >= 500, "the platform must deliver the push again")
            let none = try await WebhookRouteTests.stored(app, channel: channel)
            #expect(none.messages == 0, "the message that came first in the push was rolled back with the rest")
            #expect(none.events == 0)

            try await Self.execute("DROP TRIGGER fail_raw", app: app)
            #expect(try await WebhookRouteTests.post(client, path: path, body: body, header: signature) == .ok)
            #expect(try await WebhookRouteTests.post(client, path: path, body: body, header: signature) == .ok)
            let whole = try await WebhookRouteTests.stored(app, channel: channel)
            #expect(whole.messages == 1)
            #expect(whole.events == 1)
        }
    }

    @Test("a push over 1 MiB is refused as the sender's mistake (413), not answered as a failure to retry")
    func oversizedPush() async throws {
        try await TestApp.run { app, client in
            let whatsapp = try #require(PlatformPush.all.first { $0.platform == .whatsapp })
            let (channel, path) = try await WebhookRouteTests.account(whatsapp, client: client, app: app)
            let body = Array(String(repeating: " ", count: (1 << 20) + 1).utf8)
            #expect(
                try await WebhookRouteTests.post(client, path: path, body: body, header: whatsapp.sign(body, whatsapp.credentials))
                    == .contentTooLarge)
            #expect(try await WebhookRouteTests.stored(app, channel: channel).messages == 0)
        }
    }
}
