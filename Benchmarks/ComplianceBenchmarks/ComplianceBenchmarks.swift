// Checking drafts with the compliance guard: a mix of seller messages like those agents send (most
// of them ordinary answers with order numbers, prices and courier names, about one in four a
// violation) in every supported language, each checked on its platform and market. The guard is
// built once, in setup, as the server builds it at start-up. Run with
//
//     swift package --disable-sandbox benchmark --target ComplianceBenchmarks
//
// The target (Package.swift), like SLABenchmarks:
//
//     .executableTarget(
//         name: "ComplianceBenchmarks",
//         dependencies: ["ShopDeskCore", .product(name: "Benchmark", package: "benchmark")],
//         path: "Benchmarks/ComplianceBenchmarks",
//         swiftSettings: swiftSettings,
//         plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
//     ),
//
// The goal is a median of at most 50 µs per check on the 2-core machine (release build).

import Benchmark
import ShopDeskCore

/// Per-check times as custom metrics: an iteration checks the whole mix many times, and package-benchmark's
/// own time metrics would report the iteration, not one check.
enum ComplianceMetrics {
    /// The mean over every check of the iteration.
    static let meanNanoseconds = BenchmarkMetric.custom("ns per check (mean)", polarity: .prefersSmaller, useScalingFactor: false)
    /// The median over the messages of the mix of each message's mean time.
    static let medianNanoseconds = BenchmarkMetric.custom("ns per check (median message)", polarity: .prefersSmaller, useScalingFactor: false)
    /// The slowest message of the mix (its mean time).
    static let slowestNanoseconds = BenchmarkMetric.custom("ns per check (slowest message)", polarity: .prefersSmaller, useScalingFactor: false)
    static let fingerprintNanoseconds = BenchmarkMetric.custom("ns per fingerprint (mean)", polarity: .prefersSmaller, useScalingFactor: false)
}

/// Passes over the mix per measured iteration.
let passesPerIteration = 200

/// Drafts as agents write them, with the platform and market they go to.
let drafts: [(text: String, platform: Platform, market: String)] = [
    ("Dạ đơn 2412010ABCDE của bạn đã giao cho SPX, mã vận đơn SPXVN0456789123 ạ", .shopee, "VN"),
    ("Áo size L giá 259.000đ, mua 2 áo giảm còn 479.000đ bạn nhé", .shopee, "VN"),
    ("Dạ còn màu xanh navy, size 40-42, hàng về kho ngày 28/11", .tiktokShop, "VN"),
    ("Shop xin lỗi vì giao chậm, bên GHTK báo mai giao lại cho bạn", .lazada, "VN"),
    ("Ban oi shop da gui hang, don 241130QWERT giao trong 2 ngay nha", .tiktokShop, "VN"),
    ("Bạn kết bạn Zalo 0938 222 111 để shop gửi thêm mẫu nhé", .shopee, "VN"),
    ("Đánh giá 5 sao kèm ảnh, shop tặng voucher 20k cho đơn sau", .tiktokShop, "VN"),
    ("Cảm ơn bạn đã đánh giá shop, hẹn gặp lại bạn lần sau ❤️", .shopee, "VN"),
    ("สินค้าส่งด้วย Flash Express เลขพัสดุ TH0145678912345A ค่ะ", .shopee, "TH"),
    ("ราคา ฿890 ส่งฟรี ไซส์ M รอบอก 38 นิ้ว ยาว 26 นิ้วค่ะ", .lazada, "TH"),
    ("ขอบคุณสำหรับรีวิวนะคะ ร้านจะปรับปรุงการแพ็คสินค้าค่ะ", .tiktokShop, "TH"),
    ("แอดไลน์ร้าน @happyhome มาคุยรายละเอียดได้เลยค่ะ", .shopee, "TH"),
    ("สวัสดีค่ะ", .tiktokShop, "TH"),
    ("Harga RM 59.90, penghantaran percuma untuk Semenanjung", .shopee, "MY"),
    ("Parcel dah dihantar guna J&T, tracking 630012345678", .lazada, "MY"),
    ("Whatsapp saya 012-987 6543 untuk harga borong ya", .tiktokShop, "MY"),
    ("Terima kasih atas ulasan, jumpa lagi!", .shopee, "MY"),
    ("Your order ships today via Ninja Van, tracking NVSG98765432101", .shopee, "SG"),
    ("The blender is $89.90 and comes with a 2-year warranty", .lazada, "SG"),
    ("Harga Rp 175.000, ready ukuran 39 sampai 43 ya kak", .shopee, "ID"),
    ("Resi SiCepat 002345678901 sudah bisa dicek ya kak", .tiktokShop, "ID"),
    ("Kasih bintang 5 ya kak, nanti dapat cashback 10rb", .shopee, "ID"),
    ("Goblok banget, udah ditulis di deskripsi", .lazada, "ID"),
    ("₱1,499 po, free shipping na at may freebie", .shopee, "PH"),
    ("Na-ship na po via J&T, darating po in 3-5 days", .lazada, "PH"),
    ("PM mo ako sa FB para mas mura", .tiktokShop, "PH"),
    ("您好，您的订单号 576653688135258178 已发货，预计3天到达", .tiktokShop, "CN"),
    ("这款是L码，适合体重60-70公斤，价格¥129", .shopee, "CN"),
    ("加我微信详聊，私下交易更便宜", .tiktokShop, "CN"),
    ("感謝您的評價，歡迎再次光臨！", .shopee, "TW"),
    ("Thank you for your review! We're glad the case fits your iPhone 15 Pro Max.", .tiktokShop, "US"),
    ("Your refund of $24.99 was issued to your original payment method.", .tiktokShop, "US"),
    ("Yes, the 3-pack ships from our Texas warehouse within 2 business days.", .tiktokShop, "US"),
    ("Text me at 646-555-0177 and I'll send you a coupon", .tiktokShop, "US"),
    ("Please check the product page on Shopee for the size chart.", .shopee, "SG"),
    ("You can chat with us here on Lazada anytime, we reply within 12 hours.", .lazada, "PH"),
]

let benchmarks: @Sendable () -> Void = {
    let contexts = drafts.map { ComplianceContext(platform: $0.platform, market: $0.market) }

    Benchmark(
        "Compliance check per draft (mixed languages and platforms, built guard)",
        configuration: .init(
            metrics: [
                .wallClock, .cpuTotal, .mallocCountTotal, ComplianceMetrics.meanNanoseconds, ComplianceMetrics.medianNanoseconds,
                ComplianceMetrics.slowestNanoseconds,
            ],
            units: [
                ComplianceMetrics.meanNanoseconds: .count, ComplianceMetrics.medianNanoseconds: .count, ComplianceMetrics.slowestNanoseconds: .count,
            ],
            warmupIterations: 1,
            maxDuration: .seconds(20),
            maxIterations: 20
        )
    ) { benchmark in
        let complianceGuard = ComplianceGuard.standard
        var perMessage = [Duration](repeating: .zero, count: drafts.count)
        benchmark.startMeasurement()
        for _ in 0..<passesPerIteration {
            for index in drafts.indices {
                let started = ContinuousClock.now
                blackHole(complianceGuard.check(drafts[index].text, context: contexts[index]))
                perMessage[index] += ContinuousClock.now - started
            }
        }
        benchmark.stopMeasurement()
        let means = perMessage.map { nanoseconds($0) / passesPerIteration }.sorted()
        benchmark.measurement(ComplianceMetrics.meanNanoseconds, means.reduce(0, +) / means.count)
        benchmark.measurement(ComplianceMetrics.medianNanoseconds, means[means.count / 2])
        benchmark.measurement(ComplianceMetrics.slowestNanoseconds, means[means.count - 1])
    } setup: {
        // Building the guard (decoding the rule files, compiling the automaton) is start-up, not a check.
        blackHole(ComplianceGuard.standard)
    }

    Benchmark(
        "Near-duplicate fingerprint per draft (SimHash over character shingles)",
        configuration: .init(
            metrics: [.wallClock, .mallocCountTotal, ComplianceMetrics.fingerprintNanoseconds],
            units: [ComplianceMetrics.fingerprintNanoseconds: .count],
            warmupIterations: 1,
            maxDuration: .seconds(10),
            maxIterations: 20
        )
    ) { benchmark in
        benchmark.startMeasurement()
        let started = ContinuousClock.now
        for _ in 0..<passesPerIteration {
            for draft in drafts {
                blackHole(TextFingerprint(draft.text))
            }
        }
        let elapsed = ContinuousClock.now - started
        benchmark.stopMeasurement()
        benchmark.measurement(ComplianceMetrics.fingerprintNanoseconds, nanoseconds(elapsed) / (passesPerIteration * drafts.count))
    }

    Benchmark(
        "Building the guard from the bundled rules",
        configuration: .init(
            metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident], warmupIterations: 1, maxDuration: .seconds(20), maxIterations: 10)
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try ComplianceGuard.bundled())
        }
    }
}

func nanoseconds(_ duration: Duration) -> Int {
    Int(duration.components.seconds) * 1_000_000_000 + Int(duration.components.attoseconds / 1_000_000_000)
}
