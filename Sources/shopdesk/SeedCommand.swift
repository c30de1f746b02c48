import ArgumentParser
import Foundation
import ShopDeskCommandLine
import ShopDeskCore
import ShopDeskServer
import ShopDeskSimulator

/// `shopdesk seed`: a large workspace for benchmarks and load tests, in one command.
struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fill a database with many conversations and messages, for benchmarks and load tests.",
        discussion: """
            Writes into the first workspace (creating it, with an owner, when the database is empty; the owner's \
            password is printed once), spread over its channel accounts (one per platform is created when it has \
            none, pointed at no real platform: run the server with SHOPDESK_POLL_INTERVAL=off). Buyer messages are \
            multilingual phrases from the simulator's phrase book. Rows go in directly, thousands per transaction, \
            not through the ingest path. Prints an API token to read them with.
            """
    )

    @Option(help: "Conversations to add.") var conversations = 1_000_000
    @Option(help: "Messages per conversation, alternating buyer and agent.") var messagesPerConversation = 10
    @OptionGroup var storage: StorageOptions

    func validate() throws {
        guard (1...50_000_000).contains(self.conversations) else { throw ValidationError("--conversations must be 1 to 50000000") }
        guard (1...1000).contains(self.messagesPerConversation) else { throw ValidationError("--messages-per-conversation must be 1 to 1000") }
    }

    func run() async throws {
        try await runCommand { logger in
            let book = try PhraseBook.bundled()
            let buyerTexts = book.phrases.values.flatMap { $0.values.flatMap { $0 } }.map {
                $0.replacingOccurrences(of: "{order}", with: "241128ABCD")
            }.sorted()
            let names = book.names.values.flatMap { $0 }.sorted()
            let replies = [
                "Dạ shop đã kiểm tra, đơn của bạn đang được giao, mã vận đơn SPXVN0456789123 ạ",
                "ขอบคุณค่ะ สินค้าจัดส่งแล้วทาง Flash Express เลขพัสดุ TH0145678912345A",
                "Terima kasih! Parcel dah dihantar guna J&T, tracking 630012345678",
                "Sudah dikirim ya kak, resi SiCepat 002345678901",
                "Na-ship na po via J&T, darating po in 3-5 days",
                "您好，您的订单已发货，预计3天到达",
                "Thanks for waiting! Your order ships today via Ninja Van.",
            ]
            let bar = ProgressBar("seed", total: self.conversations, unit: "conversations")
            let started = ContinuousClock.now
            let result = try await Administration.seed(
                try self.storage.settings(), conversations: self.conversations, messagesPerConversation: self.messagesPerConversation,
                buyerTexts: buyerTexts, replies: replies, names: names,
                credentials: { SimulatedAccount.makeCredentials(for: $0, apiBaseURL: "http://127.0.0.1:9") }, logger: logger,
                progress: { bar.update($0) }
            )
            bar.finish()
            let seconds = ProgressBar.seconds(ContinuousClock.now - started)
            print(
                "seeded \(self.conversations) conversations and \(self.conversations * self.messagesPerConversation) messages over \(result.channels) channel accounts in \(String(format: "%.1f", seconds)) s"
            )
            if let email = result.ownerEmail, let password = result.ownerPassword {
                print("owner: \(email)  password: \(password)")
            }
            print("API token: \(result.token)")
        }
    }
}
