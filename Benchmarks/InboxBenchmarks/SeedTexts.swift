/// What the seeded buyers and agents write: short chat messages in Thai, Chinese, Vietnamese, Malay,
/// Indonesian and English as sellers in South-East Asia receive them. The seeder cycles through the
/// lists, so a word in two of the 48 buyer texts is in about one conversation in five (each
/// conversation has five buyer messages).
enum SeedTexts {
    static let buyerTexts = [
        // Thai: products named in two texts each (ทุเรียน, เสื้อยืด, รองเท้า), the rest everyday questions.
        "ทุเรียนหมอนทองยังมีของไหมคะ", "สั่งทุเรียนไป 2 ลูก ส่งวันไหนคะ", "เสื้อยืดสีดำมีไซส์ L ไหมคะ", "เสื้อยืดผ้าร้อนไหมครับ",
        "รองเท้าเบอร์ 42 หมดหรือยังคะ", "รองเท้าส่งต่างจังหวัดกี่วันครับ", "ขอเลขพัสดุหน่อยค่ะ", "ของถึงวันไหนครับ",
        // Chinese: 手机壳, 耳机, 连衣裙 in two texts each.
        "请问这个手机壳有现货吗？", "手机壳是什么材质的？", "耳机什么时候发货？", "蓝牙耳机可以退货吗？", "连衣裙还有M码吗？",
        "连衣裙颜色不对，想换货", "我的包裹到哪里了？", "可以货到付款吗？",
        // Vietnamese.
        "Áo khoác này còn size M không shop?", "Áo khoác giao mất mấy ngày ạ?", "Tai nghe bluetooth còn hàng không?",
        "Tai nghe bị lỗi, đổi được không ạ?", "Đơn hàng của mình giao chưa vậy?", "Shop ơi cho mình xin mã vận đơn",
        "Điện thoại có bảo hành không ạ?", "Mình muốn đổi màu khác",
        // Malay and Indonesian.
        "Kasut ni ada saiz 40 tak?", "Bila pesanan saya akan dihantar?", "Tudung warna hitam masih ada?", "Boleh COD tak?",
        "Kak, bajunya ready stock?", "Resi pengiriman berapa kak?", "Sepatu ukuran 39 masih ada?", "Barangnya rusak, bisa retur?",
        // English.
        "Is the phone case still available?", "When will my order ship?", "Do you have this dress in size M?",
        "My parcel arrived damaged", "Can I change the colour?", "Where is my tracking number?", "Is there a warranty?",
        "Can I pay cash on delivery?",
        // Thai and Chinese small talk, in many conversations.
        "ขอบคุณค่ะ", "สวัสดีครับ สอบถามหน่อย", "谢谢", "你好，在吗？", "ok ka", "Terima kasih", "Cảm ơn shop", "Thanks!",
    ]

    static let replies = [
        "ขอบคุณค่ะ สินค้าจัดส่งแล้วทาง Flash Express เลขพัสดุ TH0145678912345A", "มีค่ะ สั่งได้เลยนะคะ",
        "您好，您的订单已发货，预计3天到达", "有货的，可以直接下单", "Dạ shop đã gửi hàng, mã vận đơn SPXVN0456789123 ạ", "Dạ còn ạ",
        "Terima kasih! Parcel dah dihantar guna J&T, tracking 630012345678", "Sudah dikirim ya kak, resi SiCepat 002345678901",
        "Thanks for waiting! Your order ships today via Ninja Van.", "Yes, it is in stock.",
    ]

    static let names = [
        "สมชาย ใจดี", "นภัสสร แก้วมณี", "陈美玲", "林志豪", "Nguyễn Thị Lan", "Trần Minh Tuấn", "Nur Aisyah", "Budi Santoso", "Sarah Tan",
        "Daniel Lim",
    ]
}
