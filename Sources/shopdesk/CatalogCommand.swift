import ArgumentParser
import Foundation
import ShopDeskCore
import ShopDeskServer

/// `shopdesk catalog import|export FILE.csv`: the catalog and its stock as a spreadsheet.
struct Catalog: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The catalog with its stock as CSV: sku, title:LANG…, price:MARKET:CURRENCY…, on_hand.",
        subcommands: [Import.self, Export.self]
    )

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a catalog CSV whole: a file with any bad row is refused with the line numbers, and nothing is written.")
        @Argument(help: "The CSV file.") var file: String
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            try await runCommand { logger in
                let text: String
                do {
                    text = try String(contentsOfFile: self.file, encoding: .utf8)
                } catch {
                    throw CommandError("cannot read \(self.file) as UTF-8 text: \(error.localizedDescription)")
                }
                do {
                    let count = try await Administration.importCatalog(try self.storage.settings(), csv: text, logger: logger)
                    print("imported \(count) SKU(s) from \(self.file)")
                } catch let problems as CatalogCSV.Problems {
                    throw CommandError("\(self.file) was not imported:\n" + problems.description)
                }
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the catalog with its stock to a CSV file.")
        @Argument(help: "The CSV file to write.") var file: String
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            try await runCommand { logger in
                let text = try await Administration.exportCatalog(try self.storage.settings(), logger: logger)
                do {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: self.file), options: .atomic)
                } catch {
                    throw CommandError("cannot write \(self.file): \(error.localizedDescription)")
                }
            }
        }
    }
}
