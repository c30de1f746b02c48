import Foundation

/// The sentence shown with a finding, in the agent's UI language (en, vi, zh, th, ms, id; English for
/// any other). `{count}` and `{limit}` are filled in for the spam counters.
enum ComplianceExplanation {
    enum Language: String, CaseIterable {
        case en, vi, zh, th, ms, id

        /// The language of a BCP 47 tag by its primary subtag ("zh-Hant-TW" is zh, the legacy "in" is id).
        init(tag: String) {
            let primary = tag.split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map { $0.lowercased() } ?? ""
            self = primary == "in" ? .id : Self(rawValue: primary) ?? .en
        }
    }

    static func text(_ reason: ComplianceFinding.Reason, in language: Language, count: Int = 0, limit: Int = 0) -> String {
        let template = Self.templates[reason]?[language] ?? Self.templates[reason]?[.en] ?? reason.rawValue
        guard template.contains("{") else { return template }
        return template.replacingOccurrences(of: "{count}", with: String(count)).replacingOccurrences(of: "{limit}", with: String(limit))
    }

    // Kept in code rather than data: every reason must have every language, which the tests check, and
    // a workspace changes phrases, not these sentences.
    static let templates: [ComplianceFinding.Reason: [Language: String]] = [
        .phoneNumber: [
            .en: "Phone numbers may not be shared in platform chat; keep the conversation here.",
            .vi: "Không được chia sẻ số điện thoại trong khung chat của sàn; hãy trao đổi ngay tại đây.",
            .zh: "平台聊天中不得分享电话号码，请在此继续沟通。",
            .th: "ห้ามให้เบอร์โทรศัพท์ในแชทของแพลตฟอร์ม กรุณาคุยกันต่อที่นี่",
            .ms: "Nombor telefon tidak boleh dikongsi dalam sembang platform; teruskan perbualan di sini.",
            .id: "Nomor telepon tidak boleh dibagikan di chat platform; lanjutkan percakapan di sini.",
        ],
        .emailAddress: [
            .en: "E-mail addresses may not be shared in platform chat; keep the conversation here.",
            .vi: "Không được chia sẻ địa chỉ e-mail trong khung chat của sàn; hãy trao đổi ngay tại đây.",
            .zh: "平台聊天中不得分享电子邮箱地址，请在此继续沟通。",
            .th: "ห้ามให้อีเมลในแชทของแพลตฟอร์ม กรุณาคุยกันต่อที่นี่",
            .ms: "Alamat e-mel tidak boleh dikongsi dalam sembang platform; teruskan perbualan di sini.",
            .id: "Alamat email tidak boleh dibagikan di chat platform; lanjutkan percakapan di sini.",
        ],
        .link: [
            .en: "Links that lead buyers off the platform are not allowed; link only to this platform's own product or order pages.",
            .vi: "Không được gửi liên kết dẫn người mua ra khỏi sàn; chỉ được dẫn tới trang sản phẩm hoặc đơn hàng của chính sàn này.",
            .zh: "不得发送引导买家离开平台的链接；只能链接到本平台的商品或订单页面。",
            .th: "ห้ามส่งลิงก์ที่พาผู้ซื้อออกนอกแพลตฟอร์ม ลิงก์ได้เฉพาะหน้าสินค้าหรือคำสั่งซื้อของแพลตฟอร์มนี้",
            .ms: "Pautan yang membawa pembeli keluar dari platform tidak dibenarkan; pautkan hanya ke halaman produk atau pesanan platform ini.",
            .id: "Tautan yang membawa pembeli keluar dari platform tidak diizinkan; tautkan hanya ke halaman produk atau pesanan platform ini.",
        ],
        .messagingApp: [
            .en: "Inviting the buyer to another app or account (Zalo, WhatsApp, LINE, WeChat…) is not allowed; keep the conversation here.",
            .vi: "Không được mời người mua sang ứng dụng hoặc tài khoản khác (Zalo, WhatsApp, LINE, WeChat…); hãy trao đổi ngay tại đây.",
            .zh: "不得邀请买家转到其他应用或账号（Zalo、WhatsApp、LINE、微信等），请在此继续沟通。",
            .th: "ห้ามชวนผู้ซื้อไปคุยในแอปหรือบัญชีอื่น (Zalo, WhatsApp, LINE, WeChat ฯลฯ) กรุณาคุยกันต่อที่นี่",
            .ms: "Mengajak pembeli ke aplikasi atau akaun lain (Zalo, WhatsApp, LINE, WeChat…) tidak dibenarkan; teruskan perbualan di sini.",
            .id: "Mengajak pembeli pindah ke aplikasi atau akun lain (Zalo, WhatsApp, LINE, WeChat…) tidak diizinkan; lanjutkan percakapan di sini.",
        ],
        .qrCode: [
            .en: "QR codes for contact or payment outside the platform are not allowed.",
            .vi: "Không được gửi mã QR để liên hệ hoặc thanh toán ngoài sàn.",
            .zh: "不得发送用于站外联系或付款的二维码。",
            .th: "ห้ามส่ง QR code เพื่อติดต่อหรือชำระเงินนอกแพลตฟอร์ม",
            .ms: "Kod QR untuk hubungan atau pembayaran di luar platform tidak dibenarkan.",
            .id: "Kode QR untuk kontak atau pembayaran di luar platform tidak diizinkan.",
        ],
        .paymentOutside: [
            .en: "Asking for payment outside the platform (bank transfer, e-wallet, paying the seller directly) is not allowed.",
            .vi: "Không được yêu cầu thanh toán ngoài sàn (chuyển khoản, ví điện tử, trả trực tiếp cho người bán).",
            .zh: "不得要求在平台外付款（银行转账、电子钱包、直接付给卖家）。",
            .th: "ห้ามขอให้ชำระเงินนอกแพลตฟอร์ม (โอนเข้าบัญชี วอลเล็ต หรือจ่ายผู้ขายโดยตรง)",
            .ms: "Meminta bayaran di luar platform (pindahan bank, e-dompet, bayar terus kepada penjual) tidak dibenarkan.",
            .id: "Meminta pembayaran di luar platform (transfer bank, dompet digital, bayar langsung ke penjual) tidak diizinkan.",
        ],
        .reviewIncentive: [
            .en: "Offering refunds, vouchers, gifts or money for reviews or ratings is not allowed.",
            .vi: "Không được tặng hoàn tiền, voucher, quà hay tiền để đổi lấy đánh giá.",
            .zh: "不得以退款、优惠券、礼品或现金换取评价或好评。",
            .th: "ห้ามเสนอเงินคืน คูปอง ของขวัญ หรือเงิน เพื่อแลกกับรีวิวหรือคะแนน",
            .ms: "Menawarkan bayaran balik, baucar, hadiah atau wang untuk ulasan atau penilaian tidak dibenarkan.",
            .id: "Menawarkan pengembalian dana, voucher, hadiah, atau uang untuk ulasan atau rating tidak diizinkan.",
        ],
        .reviewPressure: [
            .en: "Asking a buyer to change, remove or not post a review is not allowed.",
            .vi: "Không được yêu cầu người mua sửa, xóa hoặc không đăng đánh giá.",
            .zh: "不得要求买家修改、删除或不发布评价。",
            .th: "ห้ามขอให้ผู้ซื้อแก้ไข ลบ หรือไม่เขียนรีวิว",
            .ms: "Meminta pembeli menukar, memadam atau tidak menulis ulasan tidak dibenarkan.",
            .id: "Meminta pembeli mengubah, menghapus, atau tidak menulis ulasan tidak diizinkan.",
        ],
        .insult: [
            .en: "Insults and profanity toward buyers are not allowed; rephrase politely.",
            .vi: "Không được dùng lời lẽ xúc phạm hoặc tục tĩu với người mua; hãy diễn đạt lịch sự.",
            .zh: "不得对买家使用侮辱或粗俗的语言，请礼貌表达。",
            .th: "ห้ามใช้คำหยาบหรือดูหมิ่นผู้ซื้อ กรุณาใช้ถ้อยคำสุภาพ",
            .ms: "Kata-kata kesat atau menghina pembeli tidak dibenarkan; gunakan bahasa yang sopan.",
            .id: "Kata-kata kasar atau menghina pembeli tidak diizinkan; gunakan bahasa yang sopan.",
        ],
        .threat: [
            .en: "Threats and intimidation (for example over bad reviews) are not allowed.",
            .vi: "Không được đe dọa hay gây áp lực với người mua (ví dụ vì đánh giá xấu).",
            .zh: "不得威胁或恐吓买家（例如因差评）。",
            .th: "ห้ามข่มขู่หรือกดดันผู้ซื้อ (เช่น เรื่องรีวิวไม่ดี)",
            .ms: "Ugutan dan intimidasi terhadap pembeli (contohnya kerana ulasan buruk) tidak dibenarkan.",
            .id: "Ancaman dan intimidasi terhadap pembeli (misalnya karena ulasan buruk) tidak diizinkan.",
        ],
        .smallTalk: [
            .en: "A greeting or acknowledgement alone does not count as a response on TikTok Shop; answer the buyer's question.",
            .vi: "Chỉ chào hỏi hoặc xác nhận thì TikTok Shop không tính là phản hồi; hãy trả lời câu hỏi của người mua.",
            .zh: "仅有问候或确认在 TikTok Shop 不算作回复，请回答买家的问题。",
            .th: "การทักทายหรือตอบรับอย่างเดียวไม่นับเป็นการตอบกลับบน TikTok Shop กรุณาตอบคำถามของผู้ซื้อ",
            .ms: "Ucapan salam atau pengesahan sahaja tidak dikira sebagai respons di TikTok Shop; jawab soalan pembeli.",
            .id: "Salam atau konfirmasi saja tidak dihitung sebagai respons di TikTok Shop; jawab pertanyaan pembeli.",
        ],
        .nearDuplicate: [
            .en: "This text was recently sent to {count} other buyers; the same message to many buyers counts as spam (limit {limit}).",
            .vi: "Nội dung này vừa được gửi cho {count} người mua khác; gửi cùng một tin cho nhiều người mua bị coi là spam (giới hạn {limit}).",
            .zh: "此内容最近已发送给 {count} 位其他买家；向大量买家发送相同消息属于垃圾信息（上限 {limit}）。",
            .th: "ข้อความนี้เพิ่งส่งให้ผู้ซื้อคนอื่นแล้ว {count} คน การส่งข้อความเดียวกันถึงผู้ซื้อจำนวนมากถือเป็นสแปม (จำกัด {limit})",
            .ms: "Teks ini baru dihantar kepada {count} pembeli lain; mesej yang sama kepada ramai pembeli dikira spam (had {limit}).",
            .id: "Teks ini baru saja dikirim ke {count} pembeli lain; pesan yang sama ke banyak pembeli dianggap spam (batas {limit}).",
        ],
        .unansweredLimit: [
            .en: "{count} messages sent since the buyer last replied; the limit is {limit} in 24 hours until the buyer replies.",
            .vi: "Đã gửi {count} tin kể từ lần cuối người mua trả lời; giới hạn là {limit} tin trong 24 giờ cho đến khi người mua trả lời.",
            .zh: "自买家上次回复以来已发送 {count} 条消息；在买家回复前，24 小时内上限为 {limit} 条。",
            .th: "ส่งไปแล้ว {count} ข้อความตั้งแต่ผู้ซื้อตอบครั้งล่าสุด จำกัด {limit} ข้อความใน 24 ชั่วโมงจนกว่าผู้ซื้อจะตอบ",
            .ms: "{count} mesej telah dihantar sejak pembeli kali terakhir membalas; hadnya {limit} dalam 24 jam sehingga pembeli membalas.",
            .id: "Sudah {count} pesan dikirim sejak pembeli terakhir membalas; batasnya {limit} dalam 24 jam sampai pembeli membalas.",
        ],
        .windowClosed: [
            .en: "The platform's messaging window for this conversation has closed; the message cannot be sent.",
            .vi: "Khung thời gian nhắn tin của nền tảng cho cuộc trò chuyện này đã đóng; không thể gửi tin.",
            .zh: "该会话的平台消息窗口已关闭，无法发送消息。",
            .th: "ช่วงเวลาส่งข้อความของแพลตฟอร์มสำหรับบทสนทนานี้ปิดแล้ว ไม่สามารถส่งข้อความได้",
            .ms: "Tempoh mesej platform untuk perbualan ini telah tamat; mesej tidak boleh dihantar.",
            .id: "Jendela pesan platform untuk percakapan ini sudah tertutup; pesan tidak dapat dikirim.",
        ],
        .templateRequired: [
            .en: "More than 24 hours since the buyer's last message: WhatsApp now allows only an approved template.",
            .vi: "Đã quá 24 giờ kể từ tin nhắn cuối của người mua: WhatsApp chỉ cho phép gửi mẫu tin đã được duyệt.",
            .zh: "距买家最后一条消息已超过 24 小时：WhatsApp 现在只允许发送已批准的模板消息。",
            .th: "เกิน 24 ชั่วโมงนับจากข้อความล่าสุดของผู้ซื้อ: WhatsApp อนุญาตเฉพาะเทมเพลตที่ได้รับอนุมัติ",
            .ms: "Sudah lebih 24 jam sejak mesej terakhir pembeli: WhatsApp kini hanya membenarkan templat yang diluluskan.",
            .id: "Sudah lebih dari 24 jam sejak pesan terakhir pembeli: WhatsApp kini hanya mengizinkan template yang disetujui.",
        ],
        .windowNeverOpened: [
            .en: "The buyer has not written yet, so the platform does not allow a message to be sent.",
            .vi: "Người mua chưa nhắn tin nên nền tảng không cho phép gửi tin.",
            .zh: "买家尚未发送消息，平台不允许发送消息。",
            .th: "ผู้ซื้อยังไม่ได้ส่งข้อความมา แพลตฟอร์มจึงไม่อนุญาตให้ส่งข้อความ",
            .ms: "Pembeli belum menghantar mesej, jadi platform tidak membenarkan mesej dihantar.",
            .id: "Pembeli belum mengirim pesan, jadi platform tidak mengizinkan pesan dikirim.",
        ],
    ]
}
