import Foundation
import ShopDeskChannels
import ShopDeskCore

/// The marketplaces' seller APIs (TikTok Shop, Shopee, Lazada): signed requests, conversation reads and sends.
extension SimulatedWorld {
    private func withinFiveMinutes(_ seconds: Double?) -> Bool {
        guard let seconds else { return false }
        return abs(self.now().timeIntervalSince1970 - seconds) <= 300
    }

    /// An injected 429 or 5xx in the platform's own error shape, with `Retry-After` on a 429.
    func failure(_ status: Int, body: [String: Any]) -> SimulatorResponse {
        .json(status, body, headers: status == 429 ? ["retry-after": "1"] : [:])
    }

    // MARK: TikTok Shop

    func tiktokShop(_ request: SimulatorRequest) -> SimulatorResponse {
        let refused = SimulatorResponse.json(401, ["code": 106001, "message": "Invalid credentials or sign", "request_id": self.nextID()])
        guard let appKey = request.queryValue("app_key"),
            let account = self.accounts.values.first(where: { $0.platform == .tiktokShop && $0.credentials["app_key"] == appKey }),
            let secret = account.credentials["app_secret"], request.headers["x-tts-access-token"] == account.credentials["access_token"],
            self.withinFiveMinutes(request.queryValue("timestamp").flatMap(Double.init)),
            PlatformSignature.matches(
                request.queryValue("sign"),
                expected: PlatformSignature.tiktokShopAPI(path: request.path, query: request.query, body: request.body, appSecret: secret)
            )
        else {
            self.refuseSignature()
            return refused
        }
        let parts = request.path.split(separator: "/").map(String.init)
        if parts.first == "product" { return self.tiktokProducts(request, account: account, parts: parts) }
        if request.method == "GET", parts == ["order", "202309", "orders"] { return self.tiktokOrders(request, account: account) }
        if request.method == "POST", parts == ["order", "202309", "orders", "search"] { return self.tiktokOrderSearch(request, account: account) }
        if request.method == "POST", parts == ["return_refund", "202309", "cancellations"] { return self.tiktokCancel(request, account: account) }
        if parts.count >= 3, parts[0] == "return_refund", parts[1] == "202309" {
            return self.tiktokAfterSales(request, account: account, parts: parts)
        }
        // customer_service / 202309 / conversations [/ {id} / messages]
        guard parts.count >= 3, parts[0] == "customer_service", parts[2] == "conversations" else {
            return .json(404, ["code": 40006, "message": "path not found"])
        }
        let pageSize = Int(request.queryValue("page_size") ?? "") ?? 20
        let offset = Int(request.queryValue("page_token") ?? "") ?? 0
        if parts.count == 3, request.method == "GET" {
            let threads = self.threads(of: account.channelAccountID)
            let page = Array(threads.dropFirst(offset).prefix(pageSize))
            let next = offset + page.count < threads.count ? String(offset + page.count) : ""
            return .json(
                200,
                [
                    "code": 0, "message": "Success",
                    "data": [
                        "conversations": page.map { thread in
                            [
                                "id": thread.id, "participant_count": 2, "unread_count": 0, "can_send_message": true,
                                "create_time": Int(thread.messages.first?.at.timeIntervalSince1970 ?? 0),
                                "latest_message": ["create_time": Int(thread.lastActivity.timeIntervalSince1970)],
                                "participants": [["im_user_id": thread.buyerID, "role": "BUYER", "nickname": thread.buyerName]],
                            ]
                        },
                        "next_page_token": next,
                    ],
                ])
        }
        guard parts.count == 5, parts[4] == "messages", let thread = self.conversation(account: account.channelAccountID, id: parts[3]) else {
            return .json(404, ["code": 12052048, "message": "conversation not found"])
        }
        if request.method == "GET" {
            let ordered = thread.messages.sorted { ($0.at, $0.id) > ($1.at, $1.id) }
            let page = Array(ordered.dropFirst(offset).prefix(pageSize))
            let next = offset + page.count < ordered.count ? String(offset + page.count) : ""
            return .json(
                200,
                [
                    "code": 0, "message": "Success",
                    "data": [
                        "messages": page.map { message in Self.tiktokMessage(message, buyerName: thread.buyerName, shop: account.shopID) },
                        "next_page_token": next,
                    ],
                ])
        }
        if let status = self.injectedFailure(account) {
            return self.failure(
                status, body: ["code": status == 429 ? 36009002 : 50000, "message": status == 429 ? "Too many requests" : "Internal error"])
        }
        guard let body = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any], body["type"] as? String == "TEXT",
            let content = (body["content"] as? String).flatMap({ try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }),
            let text = content["content"] as? String, !text.isEmpty
        else {
            return .json(200, ["code": 12019001, "message": "invalid message content"])
        }
        let id = self.nextID()
        self.accept(
            ReceivedReply(
                platform: .tiktokShop, channelAccountID: account.channelAccountID, addressedTo: thread.id, text: text,
                platformMessageID: id, at: self.now()),
            conversationID: thread.id, buyerID: thread.buyerID
        )
        return .json(200, ["code": 0, "message": "Success", "data": ["message_id": id]])
    }

    static func tiktokMessage(_ message: StoredMessage, buyerName: String, shop: String) -> [String: Any] {
        let (type, content): (String, [String: Any]) =
            switch message.contentType {
            case .sticker: ("EMOTICONS", ["url": "https://p16.example/sticker/\(message.id).png"])
            case .productCard: ("PRODUCT_CARD", ["product_id": message.referenceID ?? ""])
            case .orderCard: ("ORDER_CARD", ["order_id": message.referenceID ?? ""])
            case .image: ("IMAGE", ["url": "https://p16.example/img/\(message.id).jpg", "width": 800, "height": 800])
            default: ("TEXT", ["content": message.text ?? ""])
            }
        let contentText = String(decoding: (try? JSONSerialization.data(withJSONObject: content, options: [.sortedKeys])) ?? Data(), as: UTF8.self)
        return [
            "id": message.id, "type": type, "content": contentText, "create_time": Int(message.at.timeIntervalSince1970), "is_visible": true,
            "sender": message.fromBuyer
                ? ["im_user_id": message.buyerID, "role": "BUYER", "nickname": buyerName]
                : ["im_user_id": shop, "role": "CUSTOMER_SERVICE", "nickname": "Shop"],
        ]
    }

    // MARK: Shopee

    func shopee(_ request: SimulatorRequest) -> SimulatorResponse {
        // The push calls are the partner's, not a shop's: no shop id or token in them or their sign.
        if request.path.hasPrefix("/api/v2/push/") { return self.shopeePush(request) }
        let refused = SimulatorResponse.json(403, ["error": "error_sign", "message": "Wrong sign.", "request_id": self.nextID()])
        guard let partnerID = request.queryValue("partner_id"), let shopID = request.queryValue("shop_id"),
            let account = self.accounts.values.first(where: {
                $0.platform == .shopee && $0.credentials["partner_id"] == partnerID && $0.credentials["shop_id"] == shopID
            }),
            let key = account.credentials["partner_key"], let token = request.queryValue("access_token"),
            token == account.credentials["access_token"],
            let timestamp = request.queryValue("timestamp").flatMap(Int.init), self.withinFiveMinutes(Double(timestamp)),
            PlatformSignature.matches(
                request.queryValue("sign"),
                expected: PlatformSignature.shopeeAPI(
                    partnerID: partnerID, path: request.path, timestamp: timestamp, accessToken: token, shopID: shopID, partnerKey: key
                )
            )
        else {
            self.refuseSignature()
            var response = refused
            response.status = 401
            return response
        }
        let pageSize = Int(request.queryValue("page_size") ?? "") ?? 25
        switch (request.method, request.path) {
        case ("GET", "/api/v2/sellerchat/get_conversation_list"):
            let before = request.queryValue("next_timestamp_nano").flatMap(Double.init)
            let threads = self.threads(of: account.channelAccountID).filter { before == nil || $0.lastActivity.timeIntervalSince1970 * 1e9 < before! }
            let page = Array(threads.prefix(pageSize))
            let more = threads.count > page.count
            return .json(
                200,
                [
                    "error": "", "message": "", "request_id": self.nextID(),
                    "response": [
                        "conversations": page.map {
                            [
                                "conversation_id": $0.id, "to_id": Int64($0.buyerID) ?? 0, "to_name": $0.buyerName,
                                "last_message_timestamp": Int64($0.lastActivity.timeIntervalSince1970 * 1e9),
                            ]
                        },
                        "page_result": [
                            "page_size": page.count, "more": more,
                            "next_cursor": [
                                "next_message_time_nano": page.last.map { String(Int64($0.lastActivity.timeIntervalSince1970 * 1e9)) } ?? ""
                            ],
                        ],
                    ],
                ])
        case ("GET", "/api/v2/sellerchat/get_message"):
            guard let id = request.queryValue("conversation_id"), let thread = self.conversation(account: account.channelAccountID, id: id) else {
                return .json(200, ["error": "error_not_found", "message": "conversation not found", "request_id": self.nextID()])
            }
            let offset = Int(request.queryValue("offset") ?? "") ?? 0
            let ordered = thread.messages.sorted { ($0.at, $0.id) > ($1.at, $1.id) }
            let page = Array(ordered.dropFirst(offset).prefix(pageSize))
            let more = offset + page.count < ordered.count
            return .json(
                200,
                [
                    "error": "", "message": "", "request_id": self.nextID(),
                    "response": [
                        "messages": page.map { Self.shopeeMessage($0, shop: account.shopID, buyerName: thread.buyerName) },
                        "page_result": ["page_size": page.count, "more": more, "next_offset": String(offset + page.count)],
                    ],
                ])
        case ("POST", "/api/v2/sellerchat/send_message"):
            if let status = self.injectedFailure(account) {
                return self.failure(status, body: ["error": status == 429 ? "error_too_many_request" : "error_server", "message": "try later"])
            }
            guard let body = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any],
                let toID = JSONNumberText.string(body["to_id"]), body["message_type"] as? String == "text",
                let text = (body["content"] as? [String: Any])?["text"] as? String, !text.isEmpty
            else {
                return .json(
                    200, ["error": "error_param", "message": "to_id, message_type text and content.text are required", "request_id": self.nextID()])
            }
            let thread = self.conversation(account: account.channelAccountID, buyer: toID)
            let id = self.nextID()
            self.accept(
                ReceivedReply(
                    platform: .shopee, channelAccountID: account.channelAccountID, addressedTo: toID, text: text, platformMessageID: id,
                    at: self.now()),
                conversationID: thread?.id, buyerID: toID
            )
            return .json(
                200,
                [
                    "error": "", "message": "", "request_id": self.nextID(),
                    "response": [
                        "message_id": id, "to_id": Int64(toID) ?? 0, "message_type": "text", "content": ["text": text],
                        "conversation_id": thread?.id ?? "", "created_timestamp": Int(self.now().timeIntervalSince1970),
                    ],
                ])
        case ("GET", "/api/v2/order/get_order_detail"):
            return self.shopeeOrders(request, account: account)
        case ("GET", "/api/v2/order/get_order_list"):
            return self.shopeeOrderList(request, account: account)
        case ("POST", "/api/v2/order/cancel_order"):
            return self.shopeeCancel(request, account: account)
        case (_, let path) where path.hasPrefix("/api/v2/product/"):
            return self.shopeeProducts(request, account: account)
        case (_, let path)
        where path.hasPrefix("/api/v2/returns/") || path.hasPrefix("/api/v2/account_health/") || path == "/api/v2/order/handle_buyer_cancellation":
            return self.shopeeAfterSales(request, account: account)
        default:
            return .json(404, ["error": "error_not_found", "message": "no such API"])
        }
    }

    static func shopeeMessage(_ message: StoredMessage, shop: String, buyerName: String) -> [String: Any] {
        let (type, content): (String, [String: Any]) =
            switch message.contentType {
            case .sticker: ("sticker", ["sticker_id": "1", "sticker_package_id": "1"])
            case .productCard: ("item", ["item_id": Int64(message.referenceID ?? "") ?? 0, "shop_id": Int64(shop) ?? 0])
            case .image: ("image", ["url": "https://cf.shopee.example/file/\(message.id)"])
            default: ("text", ["text": message.text ?? ""])
            }
        return [
            "message_id": message.id, "conversation_id": message.conversationID, "message_type": type, "content": content,
            "from_id": message.fromBuyer ? (Int64(message.buyerID) ?? 0) : (Int64(shop) ?? 0),
            "from_shop_id": message.fromBuyer ? 0 : (Int64(shop) ?? 0), "from_user_name": message.fromBuyer ? buyerName : "shop",
            "to_id": message.fromBuyer ? (Int64(shop) ?? 0) : (Int64(message.buyerID) ?? 0), "to_shop_id": message.fromBuyer ? (Int64(shop) ?? 0) : 0,
            "to_user_name": message.fromBuyer ? "shop" : buyerName,
            "created_timestamp": Int(message.at.timeIntervalSince1970), "status": "normal",
        ]
    }

    // MARK: Lazada

    func lazada(_ request: SimulatorRequest) -> SimulatorResponse {
        let parameters = request.parameters
        func parameter(_ name: String) -> String? { parameters.first { $0.key == name }?.value }
        let path = request.path.hasPrefix("/rest") ? String(request.path.dropFirst("/rest".count)) : request.path
        guard let appKey = parameter("app_key"),
            let account = self.accounts.values.first(where: { $0.platform == .lazada && $0.credentials["app_key"] == appKey }),
            let secret = account.credentials["app_secret"], parameter("access_token") == account.credentials["access_token"],
            parameter("sign_method") == "sha256",
            self.withinFiveMinutes(parameter("timestamp").flatMap(Double.init).map { $0 / 1000 }),
            PlatformSignature.matches(
                parameter("sign"), expected: PlatformSignature.lazadaAPI(apiPath: path, parameters: parameters, appSecret: secret)
            )
        else {
            self.refuseSignature()
            return .json(
                401,
                [
                    "code": "IncompleteSignature", "type": "ISV", "message": "The request signature does not conform to platform standards",
                    "request_id": self.nextID(),
                ])
        }
        let pageSize = Int(parameter("page_size") ?? "") ?? 20
        switch (request.method, path) {
        case ("GET", "/im/session/list"):
            var threads = self.threads(of: account.channelAccountID)
            if let last = parameter("last_session_id"), let index = threads.firstIndex(where: { $0.id == last }) {
                threads = Array(threads.dropFirst(index + 1))
            }
            let page = Array(threads.prefix(pageSize))
            return .json(
                200,
                [
                    "code": "0", "request_id": self.nextID(),
                    "data": [
                        "session_list": page.map {
                            [
                                "session_id": $0.id, "buyer_id": $0.buyerID, "title": $0.buyerName,
                                "last_message_time": Int64($0.lastActivity.timeIntervalSince1970 * 1000), "unread_count": 1,
                            ]
                        },
                        "has_more": threads.count > page.count,
                    ],
                ])
        case ("GET", "/im/message/list"):
            guard let id = parameter("session_id"), let thread = self.conversation(account: account.channelAccountID, id: id) else {
                return .json(200, ["code": "SessionNotFound", "message": "session not found", "request_id": self.nextID()])
            }
            var ordered = thread.messages.sorted { ($0.at, $0.id) > ($1.at, $1.id) }
            if let last = parameter("last_message_id"), let index = ordered.firstIndex(where: { $0.id == last }) {
                ordered = Array(ordered.dropFirst(index + 1))
            }
            let page = Array(ordered.prefix(pageSize))
            return .json(
                200,
                [
                    "code": "0", "request_id": self.nextID(),
                    "data": [
                        "message_list": page.map { message -> [String: Any] in
                            let (template, content): (String, [String: Any]) =
                                switch message.contentType {
                                case .sticker: ("4", ["imgUrl": "https://lzd.example/sticker/\(message.id).png"])
                                case .productCard: ("10006", ["itemId": message.referenceID ?? ""])
                                case .image: ("3", ["imgUrl": "https://lzd.example/img/\(message.id).jpg"])
                                default: ("1", ["txt": message.text ?? ""])
                                }
                            return [
                                "message_id": message.id, "session_id": thread.id, "template_id": template,
                                "from_account_id": message.fromBuyer ? thread.buyerID : account.shopID,
                                "from_account_type": message.fromBuyer ? 1 : 2,
                                "to_account_id": message.fromBuyer ? account.shopID : thread.buyerID,
                                "send_time": Int64(message.at.timeIntervalSince1970 * 1000),
                                "content": String(
                                    decoding: (try? JSONSerialization.data(withJSONObject: content, options: [.sortedKeys])) ?? Data(), as: UTF8.self),
                            ]
                        },
                        "has_more": ordered.count > page.count,
                    ],
                ])
        case ("POST", "/im/message/send"):
            if let status = self.injectedFailure(account) {
                return self.failure(status, body: ["code": status == 429 ? "ApiCallLimit" : "ServiceTimeout", "message": "try later"])
            }
            guard let id = parameter("session_id"), let thread = self.conversation(account: account.channelAccountID, id: id),
                parameter("template_id") == "1", let text = parameter("txt"), !text.isEmpty
            else {
                return .json(
                    200, ["code": "InvalidParameter", "message": "session_id, template_id 1 and txt are required", "request_id": self.nextID()])
            }
            let messageID = self.nextID()
            self.accept(
                ReceivedReply(
                    platform: .lazada, channelAccountID: account.channelAccountID, addressedTo: thread.id, text: text,
                    platformMessageID: messageID, at: self.now()),
                conversationID: thread.id, buyerID: thread.buyerID
            )
            return .json(200, ["code": "0", "request_id": self.nextID(), "data": ["message_id": messageID]])
        case ("GET", "/order/items/get"):
            return self.lazadaOrderItems(parameter("order_id"), account: account)
        case ("GET", "/order/get"):
            return self.lazadaOrder(parameter("order_id"), account: account)
        case ("GET", "/orders/get"):
            return self.lazadaOrderList(parameter: parameter, account: account)
        case ("GET", "/order/reverse/cancel/validate"), ("GET", "/order/reverse/cancel/create"):
            return self.lazadaCancel(path: path, parameter: parameter, account: account)
        case ("GET", "/reverse/getreverseordersforseller"), ("GET", "/order/reverse/reason/list"), ("GET", "/order/reverse/cancel/seller/decide"),
            ("GET", "/order/reverse/return/update"), ("GET", "/order/reverse/onlyrefund/seller/decide"), ("GET", "/seller/metrics/get"):
            return self.lazadaAfterSales(path: path, parameter: parameter, account: account)
        case (_, let path) where path.hasPrefix("/product"):
            return self.lazadaProducts(request, path: path, parameter: parameter, account: account)
        default:
            return .json(404, ["code": "InvalidApiPath", "message": "no such API"])
        }
    }
}
