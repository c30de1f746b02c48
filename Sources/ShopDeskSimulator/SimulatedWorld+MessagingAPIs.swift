import Foundation
import ShopDeskChannels
import ShopDeskCore

/// The messaging apps' send APIs (Messenger, Instagram, WhatsApp, LINE): bearer tokens and messaging windows.
extension SimulatedWorld {
    // MARK: Meta

    private func graphError(_ status: Int, _ message: String, code: Int, subcode: Int? = nil) -> SimulatorResponse {
        var error: [String: Any] = ["message": message, "type": "OAuthException", "code": code, "fbtrace_id": self.nextID("A")]
        if let subcode { error["error_subcode"] = subcode }
        return .json(status, ["error": error], headers: status == 429 ? ["retry-after": "1"] : [:])
    }

    func meta(_ platform: Platform, _ request: SimulatorRequest) -> SimulatorResponse {
        guard let token = request.bearer,
            let account = self.accounts.values.first(where: { $0.platform == platform && $0.credentials["page_access_token"] == token })
        else {
            self.refuseSignature()
            return self.graphError(401, "Invalid OAuth access token.", code: 190)
        }
        guard request.method == "POST", let body = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any] else {
            return self.graphError(400, "Unsupported request", code: 100)
        }
        if let status = self.injectedFailure(account) {
            return status == 429
                ? self.graphError(429, "Calls to this api have exceeded the rate limit.", code: 613)
                : self.graphError(status, "An unexpected error has occurred. Please retry your request later.", code: 2)
        }
        let parts = request.path.split(separator: "/").map(String.init)
        if parts == ["me", "messages"] {
            guard let recipient = (body["recipient"] as? [String: Any])?["id"] as? String,
                let text = (body["message"] as? [String: Any])?["text"] as? String, !text.isEmpty
            else {
                return self.graphError(400, "(#100) The parameter recipient is required", code: 100)
            }
            let type = body["messaging_type"] as? String
            let tag = body["tag"] as? String
            // §4.4: 24 hours after the person's last message, or 7 days with HUMAN_AGENT.
            let last = self.lastBuyerMessage(account: account.channelAccountID, buyer: recipient)
            let age = last.map { self.now().timeIntervalSince($0) } ?? .infinity
            let allowed = type == "RESPONSE" ? age <= 24 * 3600 : (type == "MESSAGE_TAG" && tag == "HUMAN_AGENT" && age <= 7 * 24 * 3600)
            guard allowed else {
                return self.graphError(400, "(#10) This message is sent outside of allowed window.", code: 10, subcode: 2018278)
            }
            let id = "m_" + SimulatedAccount.token(40)
            self.accept(
                ReceivedReply(
                    platform: platform, channelAccountID: account.channelAccountID, addressedTo: recipient, text: text,
                    platformMessageID: id, messagingType: type, tag: tag, at: self.now()),
                conversationID: nil, buyerID: nil
            )
            return .json(200, ["recipient_id": recipient, "message_id": id])
        }
        if parts.count == 2, parts[1] == (platform == .instagram ? "replies" : "comments") {
            guard let text = body["message"] as? String, !text.isEmpty else {
                return self.graphError(400, "(#100) The parameter message is required", code: 100)
            }
            let id = self.nextID()
            self.accept(
                ReceivedReply(
                    platform: platform, channelAccountID: account.channelAccountID, addressedTo: parts[0], text: text,
                    platformMessageID: id, at: self.now()),
                conversationID: nil, buyerID: nil
            )
            return .json(200, ["id": id])
        }
        return self.graphError(404, "Unknown path components: \(request.path)", code: 2500)
    }

    func whatsapp(_ request: SimulatorRequest) -> SimulatorResponse {
        let parts = request.path.split(separator: "/").map(String.init)
        guard let token = request.bearer, parts.count == 2, parts[1] == "messages",
            let account = self.accounts.values.first(where: {
                $0.platform == .whatsapp && $0.credentials["access_token"] == token && $0.credentials["phone_number_id"] == parts[0]
            })
        else {
            self.refuseSignature()
            return self.graphError(401, "Invalid OAuth access token.", code: 190)
        }
        if let status = self.injectedFailure(account) {
            return status == 429
                ? self.graphError(429, "Rate limit hit", code: 130429)
                : self.graphError(status, "Service temporarily unavailable", code: 131016)
        }
        guard let body = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any],
            body["messaging_product"] as? String == "whatsapp", let to = body["to"] as? String
        else {
            return self.graphError(400, "(#100) Invalid parameter", code: 100)
        }
        let text: String
        var template: String?
        switch body["type"] as? String {
        case "text":
            guard let free = (body["text"] as? [String: Any])?["body"] as? String, !free.isEmpty else {
                return self.graphError(400, "(#100) Invalid parameter", code: 100)
            }
            // Free-form text only within 24 hours of the buyer's last message; a template may go at any time.
            let last = self.lastBuyerMessage(account: account.channelAccountID, buyer: to)
            guard let last, self.now().timeIntervalSince(last) <= 24 * 3600 else {
                return self.graphError(
                    400, "Re-engagement message: more than 24 hours have passed since the recipient last replied", code: 131047)
            }
            text = free
        case "template":
            switch self.whatsAppTemplateText(body["template"] as? [String: Any] ?? [:]) {
            case .success(let filled):
                (template, text) = (filled.name, filled.text)
            case .failure(let refusal):
                return self.graphError(400, refusal.message, code: refusal.code)
            }
        default:
            return self.graphError(400, "(#100) Invalid parameter", code: 100)
        }
        let id = "wamid." + SimulatedAccount.token(48)
        self.accept(
            ReceivedReply(
                platform: .whatsapp, channelAccountID: account.channelAccountID, addressedTo: to, text: text, platformMessageID: id,
                template: template, at: self.now()),
            conversationID: nil, buyerID: nil
        )
        return .json(200, ["messaging_product": "whatsapp", "contacts": [["input": to, "wa_id": to]], "messages": [["id": id]]])
    }

    // MARK: LINE

    func line(_ request: SimulatorRequest) -> SimulatorResponse {
        guard let token = request.bearer,
            let account = self.accounts.values.first(where: { $0.platform == .line && $0.credentials["channel_access_token"] == token })
        else {
            self.refuseSignature()
            return .json(401, ["message": "Authentication failed. Confirm that the access token in the authorization header is valid."])
        }
        guard request.method == "POST", request.path == "/v2/bot/message/push" else { return .json(404, ["message": "Not found"]) }
        let retryKey = request.headers["x-line-retry-key"]
        if let retryKey, let accepted = self.lineRetryKeys[retryKey] {
            return .json(409, ["message": "The retry key is already accepted"], headers: ["x-line-accepted-request-id": accepted])
        }
        if let status = self.injectedFailure(account) {
            return .json(
                status, ["message": status == 429 ? "The API rate limit has been exceeded. Try again later." : "Internal server error"],
                headers: status == 429 ? ["retry-after": "1"] : [:])
        }
        guard let body = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any], let to = body["to"] as? String,
            let message = (body["messages"] as? [[String: Any]])?.first, message["type"] as? String == "text",
            let text = message["text"] as? String, !text.isEmpty
        else {
            return .json(400, ["message": "The request body has 1 error(s)"])
        }
        let id = self.nextID()
        if let retryKey { self.lineRetryKeys[retryKey] = self.nextID("req-") }
        self.accept(
            ReceivedReply(
                platform: .line, channelAccountID: account.channelAccountID, addressedTo: to, text: text, platformMessageID: id,
                at: self.now()),
            conversationID: nil, buyerID: nil
        )
        return .json(200, ["sentMessages": [["id": id, "quoteToken": SimulatedAccount.token(40)]]])
    }
}
