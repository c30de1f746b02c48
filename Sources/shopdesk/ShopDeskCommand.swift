import ArgumentParser

/// `shopdesk`: the self-hosted desk for social-commerce sellers.
@main
struct ShopDesk: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shopdesk",
        abstract: "One inbox for every buyer on every platform.",
        subcommands: [
            Serve.self, Demo.self, Migrate.self, Admin.self, Tokens.self, Channels.self, Buyers.self, SLA.self, CheckMessage.self, Simulate.self,
            LoadTest.self, Seed.self, Stock.self, Catalog.self,
        ]
    )
}
