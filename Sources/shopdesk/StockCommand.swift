import ArgumentParser
import Foundation
import ShopDeskCore
import ShopDeskServer
import ShopDeskStore

/// `shopdesk stock set|show|verify`: the stock ledger from the command line.
struct Stock: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Stock of the catalog's SKUs: count, show, and check every balance against its ledger.",
        subcommands: [Set.self, Show.self, Verify.self]
    )

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A stocktake: set a SKU's on-hand count at the default location (recorded in the ledger as the difference).")
        @Argument(help: "The seller's SKU.") var sku: String
        @Argument(help: "The units counted.") var onHand: Int64
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            try await runCommand { logger in
                let balance = try await Administration.setStock(try self.storage.settings(), sku: self.sku, onHand: self.onHand, logger: logger)
                print("\(self.sku): on hand \(balance.onHand), reserved \(balance.reserved), available \(balance.available)")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a SKU's balance and its latest ledger entries, newest first.")
        @Argument(help: "The seller's SKU.") var sku: String
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            try await runCommand { logger in
                let (balance, ledger) = try await Administration.showStock(try self.storage.settings(), sku: self.sku, logger: logger)
                print("\(self.sku): on hand \(balance.onHand), reserved \(balance.reserved), available \(balance.available)")
                for entry in ledger {
                    let reference = [entry.reason, entry.reference].compactMap { $0 }.joined(separator: " ")
                    print(
                        "  \(ISO8601DateFormatter().string(from: entry.at))  \(entry.kind.rawValue) \(entry.quantity)  \(entry.actor)  \(reference)")
                }
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute every balance from the ledger; exit 0 only when all of them match.")
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            try await runCommand { logger in
                let differences = try await Administration.verifyStock(try self.storage.settings(), logger: logger)
                for difference in differences {
                    print(
                        "\(difference.sku) at \(difference.location): balance on hand \(difference.balance.onHand), reserved "
                            + "\(difference.balance.reserved); ledger on hand \(difference.ledger.onHand), reserved \(difference.ledger.reserved)")
                }
                guard differences.isEmpty else { throw CommandError("\(differences.count) balance(s) differ from the ledger") }
                print("every stock balance equals its ledger")
            }
        }
    }
}
