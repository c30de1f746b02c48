import Foundation

/// The web UI's words in its six languages: English, Vietnamese, Simplified Chinese, Thai, Malay and
/// Indonesian. A missing translation falls back to English.
struct WebText: Sendable {
    enum Key: String, CaseIterable, Sendable {
        case signIn, email, password, signOut, inbox, search, allPlatforms, allStatuses, open, pending, snoozed, resolved
        case timeLeft, overdue, noDeadline, buyer, lastMessage, reply, send, sendAnyway, checking, blocked, warning
        case atRisk, conversations, back, wrongPassword, tooManyAttempts, formExpired, nothingHere, platform, status
    }

    static let languages = ["en", "vi", "zh-Hans", "th", "ms", "id"]

    let language: String

    /// The best of the six for an `Accept-Language` header (or an agent's preference).
    init(acceptLanguage: String?) {
        var chosen = "en"
        for part in (acceptLanguage ?? "").split(separator: ",") {
            let tag = part.split(separator: ";").first.map { String($0).trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            if tag.hasPrefix("zh") { chosen = "zh-Hans"; break }
            if let match = Self.languages.first(where: { tag == $0.lowercased() || tag.hasPrefix($0.lowercased() + "-") }) {
                chosen = match
                break
            }
        }
        self.language = chosen
    }

    /// The agent's chosen language when it is one of the six, else the browser's.
    init(preferred: String?, acceptLanguage: String?) {
        if let preferred, Self.languages.contains(preferred) {
            self.language = preferred
        } else {
            self = WebText(acceptLanguage: acceptLanguage)
        }
    }

    static let names = ["en": "English", "vi": "Tiếng Việt", "zh-Hans": "简体中文", "th": "ไทย", "ms": "Bahasa Melayu", "id": "Bahasa Indonesia"]

    subscript(_ key: Key) -> String {
        Self.table[self.language]?[key] ?? Self.table["en"]![key] ?? key.rawValue
    }

    private static let table: [String: [Key: String]] = [
        "en": [
            .signIn: "Sign in", .email: "E-mail", .password: "Password", .signOut: "Sign out", .inbox: "Inbox", .search: "Search",
            .allPlatforms: "All platforms", .allStatuses: "All statuses", .open: "Open", .pending: "Pending", .snoozed: "Snoozed",
            .resolved: "Resolved",
            .timeLeft: "Time left", .overdue: "Overdue", .noDeadline: "No deadline", .buyer: "Buyer", .lastMessage: "Last message",
            .reply: "Reply", .send: "Send", .sendAnyway: "Send anyway", .checking: "Checking…", .blocked: "Cannot be sent",
            .warning: "Check before sending", .atRisk: "At risk", .conversations: "Conversations", .back: "Back to the inbox",
            .wrongPassword: "Wrong e-mail or password.", .tooManyAttempts: "Too many attempts. Wait a few minutes and try again.",
            .formExpired: "The form expired. Please try again.", .nothingHere: "Nothing here.", .platform: "Platform", .status: "Status",
        ],
        "vi": [
            .signIn: "Đăng nhập", .email: "E-mail", .password: "Mật khẩu", .signOut: "Đăng xuất", .inbox: "Hộp thư", .search: "Tìm kiếm",
            .allPlatforms: "Mọi nền tảng", .allStatuses: "Mọi trạng thái", .open: "Đang mở", .pending: "Chờ người mua", .snoozed: "Tạm hoãn",
            .resolved: "Đã xong",
            .timeLeft: "Thời gian còn lại", .overdue: "Quá hạn", .noDeadline: "Không có hạn", .buyer: "Người mua", .lastMessage: "Tin nhắn cuối",
            .reply: "Trả lời", .send: "Gửi", .sendAnyway: "Vẫn gửi", .checking: "Đang kiểm tra…", .blocked: "Không thể gửi",
            .warning: "Kiểm tra trước khi gửi", .atRisk: "Sắp trễ hạn", .conversations: "Hội thoại", .back: "Về hộp thư",
            .wrongPassword: "Sai e-mail hoặc mật khẩu.", .tooManyAttempts: "Quá nhiều lần thử. Vui lòng đợi vài phút.",
            .formExpired: "Biểu mẫu đã hết hạn. Vui lòng thử lại.", .nothingHere: "Không có gì.", .platform: "Nền tảng", .status: "Trạng thái",
        ],
        "zh-Hans": [
            .signIn: "登录", .email: "电子邮件", .password: "密码", .signOut: "退出", .inbox: "收件箱", .search: "搜索",
            .allPlatforms: "全部平台", .allStatuses: "全部状态", .open: "待处理", .pending: "等待买家", .snoozed: "已延后", .resolved: "已解决",
            .timeLeft: "剩余时间", .overdue: "已超时", .noDeadline: "无期限", .buyer: "买家", .lastMessage: "最新消息",
            .reply: "回复", .send: "发送", .sendAnyway: "仍然发送", .checking: "检查中…", .blocked: "无法发送",
            .warning: "发送前请检查", .atRisk: "即将超时", .conversations: "会话", .back: "返回收件箱",
            .wrongPassword: "电子邮件或密码错误。", .tooManyAttempts: "尝试次数过多，请几分钟后再试。",
            .formExpired: "表单已过期，请重试。", .nothingHere: "暂无内容。", .platform: "平台", .status: "状态",
        ],
        "th": [
            .signIn: "เข้าสู่ระบบ", .email: "อีเมล", .password: "รหัสผ่าน", .signOut: "ออกจากระบบ", .inbox: "กล่องข้อความ", .search: "ค้นหา",
            .allPlatforms: "ทุกแพลตฟอร์ม", .allStatuses: "ทุกสถานะ", .open: "เปิดอยู่", .pending: "รอผู้ซื้อ", .snoozed: "เลื่อนไว้", .resolved: "เสร็จแล้ว",
            .timeLeft: "เวลาที่เหลือ", .overdue: "เกินกำหนด", .noDeadline: "ไม่มีกำหนด", .buyer: "ผู้ซื้อ", .lastMessage: "ข้อความล่าสุด",
            .reply: "ตอบกลับ", .send: "ส่ง", .sendAnyway: "ส่งต่อไป", .checking: "กำลังตรวจสอบ…", .blocked: "ส่งไม่ได้",
            .warning: "ตรวจสอบก่อนส่ง", .atRisk: "ใกล้เกินกำหนด", .conversations: "บทสนทนา", .back: "กลับไปกล่องข้อความ",
            .wrongPassword: "อีเมลหรือรหัสผ่านไม่ถูกต้อง", .tooManyAttempts: "ลองหลายครั้งเกินไป โปรดรอสักครู่",
            .formExpired: "แบบฟอร์มหมดอายุ โปรดลองอีกครั้ง", .nothingHere: "ไม่มีรายการ", .platform: "แพลตฟอร์ม", .status: "สถานะ",
        ],
        "ms": [
            .signIn: "Log masuk", .email: "E-mel", .password: "Kata laluan", .signOut: "Log keluar", .inbox: "Peti masuk", .search: "Cari",
            .allPlatforms: "Semua platform", .allStatuses: "Semua status", .open: "Terbuka", .pending: "Menunggu pembeli", .snoozed: "Ditangguhkan",
            .resolved: "Selesai",
            .timeLeft: "Masa berbaki", .overdue: "Lewat", .noDeadline: "Tiada had masa", .buyer: "Pembeli", .lastMessage: "Mesej terakhir",
            .reply: "Balas", .send: "Hantar", .sendAnyway: "Hantar juga", .checking: "Menyemak…", .blocked: "Tidak boleh dihantar",
            .warning: "Semak sebelum hantar", .atRisk: "Berisiko", .conversations: "Perbualan", .back: "Kembali ke peti masuk",
            .wrongPassword: "E-mel atau kata laluan salah.", .tooManyAttempts: "Terlalu banyak cubaan. Tunggu beberapa minit.",
            .formExpired: "Borang tamat tempoh. Sila cuba lagi.", .nothingHere: "Tiada apa-apa.", .platform: "Platform", .status: "Status",
        ],
        "id": [
            .signIn: "Masuk", .email: "E-mail", .password: "Kata sandi", .signOut: "Keluar", .inbox: "Kotak masuk", .search: "Cari",
            .allPlatforms: "Semua platform", .allStatuses: "Semua status", .open: "Terbuka", .pending: "Menunggu pembeli", .snoozed: "Ditunda",
            .resolved: "Selesai",
            .timeLeft: "Sisa waktu", .overdue: "Terlambat", .noDeadline: "Tanpa tenggat", .buyer: "Pembeli", .lastMessage: "Pesan terakhir",
            .reply: "Balas", .send: "Kirim", .sendAnyway: "Tetap kirim", .checking: "Memeriksa…", .blocked: "Tidak dapat dikirim",
            .warning: "Periksa sebelum mengirim", .atRisk: "Berisiko", .conversations: "Percakapan", .back: "Kembali ke kotak masuk",
            .wrongPassword: "E-mail atau kata sandi salah.", .tooManyAttempts: "Terlalu banyak percobaan. Tunggu beberapa menit.",
            .formExpired: "Formulir kedaluwarsa. Silakan coba lagi.", .nothingHere: "Tidak ada apa-apa.", .platform: "Platform", .status: "Status",
        ],
    ]
}
