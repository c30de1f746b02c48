import Foundation
import ShopDeskCore
import ShopDeskStore

/// A conversation: its thread, the reply box (checked as the agent types, findings shown when the guard
/// stopped a reply), the forms beside it and the buyer across channels. Everything shown is masked.
enum ConversationView {
    static func render(_ screen: ConversationScreen, session: String, compliance: ComplianceResult?, draft: String, text: WebText) -> HTML {
        let conversation = screen.conversation
        let findings: HTML
        if let compliance, !compliance.findings.isEmpty {
            let blocked = compliance.verdict == .block
            findings = """
                <div class="findings \(blocked ? "block" : "warn")" role="alert">
                <strong>\(blocked ? text[.blocked] : text[.warning])</strong>
                <ul>\(HTML.joined(compliance.findings.map { "<li>\($0.explanation)</li>" as HTML }))</ul>
                \(blocked ? .empty : "<label><input type=\"checkbox\" name=\"override\" value=\"1\"> \(text[.sendAnyway])</label>" as HTML)
                </div>
                """
        } else {
            findings = "<div class=\"findings\" id=\"live-findings\" aria-live=\"polite\"></div>"
        }
        let templates: HTML =
            screen.templateNames.isEmpty
            ? .empty
            : """
            <label class="template-picker">\(text[.template]) <select id="template"><option value="">\(text[.chooseTemplate])</option>\(HTML.joined(screen.templateNames.map { "<option value=\"\($0)\">\($0)</option>" as HTML }))</select></label>
            """
        return """
            <main class="conversation" data-conversation="\(conversation.id.rawValue)" data-language="\(text.language)">
            <p><a href="/">\(text[.back])</a></p>
            <h1>\(conversation.buyerName ?? text[.buyer]) <span class="platform">\(WebPage.platformName(conversation.platform, text: text))</span> <span class="status">\(WebPage.statusLabel(conversation.state.status, text: text))</span></h1>
            \(Self.deadline(conversation, now: screen.now, text: text))
            \(conversation.subject.map { "<p class=\"subject\">\($0)</p>" as HTML } ?? .empty)
            \(Self.actionForms(for: conversation, agents: screen.agents, session: session, text: text))
            \(Self.buyerSidebar(screen, text: text))
            <ol class="thread" id="thread">\(Self.thread(screen.messages, of: conversation.id, account: screen.account, session: session, text: text))</ol>
            \(Self.whatsAppTemplates(screen, session: session, text: text))
            <form class="reply" method="post" action="/conversations/\(conversation.id.rawValue)/reply">
            \(WebPage.csrfField(session: session))
            \(templates)
            <label for="reply-text">\(text[.reply])</label>
            <div class="draft"><div class="highlights" id="reply-highlights" aria-hidden="true"></div><textarea id="reply-text" name="text" rows="4" required maxlength="\(Message.maximumTextLength)">\(draft)</textarea></div>
            \(findings)
            <button type="submit">\(text[.send])</button>
            </form>
            </main>
            """
    }

    /// When the waiting buyer must have an answer, and by whose rule: the team's target or the platform's metric.
    static func deadline(_ conversation: Conversation, now: Date, text: WebText) -> HTML {
        guard let due = conversation.state.nextDeadline, let rule = conversation.state.deadlineRule else { return .empty }
        let label: String
        switch rule {
        case .workspacePolicy:
            label = text[.deadlineWorkspace]
        case .platform(let ruleSet, let metric):
            label = text.format(
                .deadlinePlatform,
                ["platform": WebPage.platformName(ruleSet.platform, text: text), "metric": DashboardView.metricName(metric, text: text)])
        }
        return """
            <p class="deadline-rule" data-rule="\(rule.description)">\(WebPage.deadline(due, now: now, text: text)) · \(label)</p>
            """
    }

    /// The approved templates of a WhatsApp number, each a form to fill and send; first when only a
    /// template can be sent (more than 24 hours after the buyer's last message).
    static func whatsAppTemplates(_ screen: ConversationScreen, session: String, text: WebText) -> HTML {
        guard !screen.whatsAppTemplates.isEmpty else { return .empty }
        let action = "/conversations/\(screen.conversation.id.rawValue)/template-reply"
        let forms = screen.whatsAppTemplates.map { template -> HTML in
            let fields = HTML.joined(
                (0..<template.parameterCount).map { index in
                    let label = text.format(.templateValue, ["number": String(index + 1)])
                    return
                        "<input name=\"parameters[]\" required maxlength=\"1024\" aria-label=\"\(label)\" placeholder=\"{{\(String(index + 1))}}\">"
                        as HTML
                })
            return """
                <details class="wa-template"\(screen.templateOnly ? " open" as HTML : .empty)><summary>\(template.name) · \(template.language)</summary>
                <form method="post" action="\(action)">\(WebPage.csrfField(session: session))<input type="hidden" name="template" value="\(template.id.rawValue)">
                <p class="template-body">\(template.body)</p>\(fields) <button type="submit">\(text[.sendTemplate])</button></form>
                </details>
                """
        }
        return """
            <section class="wa-templates" aria-label="\(text[.whatsAppTemplates])">
            <h2>\(text[.whatsAppTemplates])</h2>
            \(screen.templateOnly ? "<p class=\"window-closed\" role=\"status\">\(text[.whatsAppWindowClosed])</p>" as HTML : .empty)
            \(HTML.joined(forms))
            </section>
            """
    }

    /// A conversation's messages as list items (already masked).
    static func thread(_ messages: [Message], of conversation: Conversation.ID, account: ChannelAccount, session: String, text: WebText) -> HTML {
        HTML.joined(
            messages.map { message in
                """
                <li class="message \(message.direction.rawValue)">
                <div class="meta">\(WebPage.senderLabel(message, text: text)) · <time datetime="\(ISO8601DateFormatter().string(from: message.platformAt))">\(WebPage.clock(message.platformAt, zone: account.timeZone))</time>\(message.deliveryStatus.map { " · " + HTML.text(WebPage.deliveryLabel($0, text: text)) as HTML } ?? .empty)</div>
                \(message.text.map { "<p class=\"text\">\($0)</p>" as HTML } ?? .empty)
                \(HTML.joined(message.attachments.map { WebPage.attachment($0, text: text) }))
                \(message.deliveryError.map { "<p class=\"error\">\($0)</p>" as HTML } ?? .empty)
                \(Self.retryButton(for: message, conversation: conversation, session: session, text: text))
                </li>
                """ as HTML
            })
    }

    /// The forms beside a conversation: assignment, status, tags and an internal note.
    static func actionForms(for conversation: Conversation, agents: [Agent], session: String, text: WebText) -> HTML {
        let csrf = WebPage.csrfField(session: session)
        let base = "/conversations/\(conversation.id.rawValue)"
        let options = HTML.joined(
            agents.map { agent in
                "<option value=\"\(agent.id.rawValue)\"\(conversation.assigneeID == agent.id ? " selected" as HTML : .empty)>\(agent.name)</option>"
                    as HTML
            })
        let resolved = conversation.state.status == .resolved
        let snoozeOptions = HTML.joined([1, 4, 24].map { "<option value=\"\($0)\">\(text.format(.hours, ["count": String($0)]))</option>" as HTML })
        return """
            <aside class="actions">
            <form method="post" action="\(base)/assign">\(csrf)<label>\(text[.assignee]) <select name="assignee"><option value="">\(text[.nobody])</option>\(options)</select></label> <button type="submit">\(text[.ok])</button></form>
            <form method="post" action="\(base)/status" id="resolve-form">\(csrf)<input type="hidden" name="status" value="\(resolved ? "open" : "resolved")"><button type="submit">\(resolved ? text[.reopen] : text[.resolve])</button></form>
            <form method="post" action="\(base)/status">\(csrf)<input type="hidden" name="status" value="snoozed"><label>\(text[.snoozeFor]) <select name="snooze">\(snoozeOptions)</select></label> <button type="submit">\(text[.ok])</button></form>
            <form method="post" action="\(base)/tags">\(csrf)<label>\(text[.tags]) <input name="tags" value="\(conversation.tags.joined(separator: ", "))"></label> <button type="submit">\(text[.ok])</button></form>
            <form method="post" action="\(base)/note">\(csrf)<label>\(text[.note]) <textarea name="text" rows="2" required></textarea></label> <button type="submit">\(text[.ok])</button></form>
            </aside>
            """
    }

    /// The retry button under a failed reply.
    static func retryButton(for message: Message, conversation: Conversation.ID, session: String, text: WebText) -> HTML {
        guard message.direction == .outbound, message.deliveryStatus == .failed else { return .empty }
        return """
            <form method="post" action="/conversations/\(conversation.rawValue)/retry" class="retry">\(WebPage.csrfField(session: session))<input type="hidden" name="message" value="\(message.id.rawValue)"><button type="submit">\(text[.retry])</button></form>
            """
    }

    /// The stock of what the buyer asks about: each SKU's available units and what this channel may
    /// sell, with its level, linked to its catalog page.
    static func stock(_ screen: ConversationScreen, text: WebText) -> HTML {
        guard !screen.stock.isEmpty else { return .empty }
        let items = HTML.joined(
            screen.stock.map { item in
                let here = item.listings.first { $0.channelAccountID == screen.account.id }
                return """
                    <li data-sku="\(item.sku)"><a href="/catalog/\(item.sku)">\(item.sku)</a> \(CatalogView.title(item.title, text: text))\(CatalogView.levelBadge(item.level, text: text))<br>\(text.format(.stockHere, ["available": String(item.balance.available), "sellable": here.map { String($0.sellable) } ?? "–"]))</li>
                    """ as HTML
            })
        return "<h3>\(text[.stockAskedAbout])</h3><ul class=\"stock\">\(items)</ul>"
    }

    /// The buyer beside a conversation: their identities on every linked channel, their other
    /// conversations, and the orders and products the thread mentions.
    static func buyerSidebar(_ screen: ConversationScreen, text: WebText) -> HTML {
        let identities = HTML.joined(
            screen.buyer.identities.map { identity in
                "<li><span class=\"platform\">\(WebPage.platformName(identity.platform, text: text))</span> \(identity.displayName ?? "") <code>\(identity.platformUserID)</code>\(identity.language.map { " · " + WebPage.buyerLanguageName($0, text: text) } ?? "")</li>"
                    as HTML
            })
        let conversations = HTML.joined(
            screen.otherConversations.map { other in
                "<li><a href=\"/conversations/\(other.id.rawValue)\">\(WebPage.platformName(other.platform, text: text)) · \(WebPage.statusLabel(other.state.status, text: text))</a></li>"
                    as HTML
            })
        let cards = screen.messages.flatMap(\.attachments).filter { ($0.kind == .order || $0.kind == .product) && $0.referenceID != nil }
        let mentioned = HTML.joined(cards.map { "<li>\(WebPage.attachmentLabel($0.kind, text: text)) <code>\($0.referenceID!)</code></li>" as HTML })
        return """
            <aside class="buyer" aria-label="\(text[.buyer])">
            <h2>\(screen.buyer.displayName ?? text[.buyer])</h2>
            <ul class="identities">\(identities)</ul>
            \(screen.otherConversations.isEmpty ? .empty : "<h3>\(text[.otherConversations])</h3><ul>\(conversations)</ul>" as HTML)
            \(cards.isEmpty ? .empty : "<h3>\(text[.ordersAndProducts])</h3><ul>\(mentioned)</ul>" as HTML)
            <div class="buyer-orders" id="buyer-orders">\(OrdersView.sidebar(screen.orders, awaiting: screen.ordersAwaitingAnswer, conversation: screen.conversation.id, now: screen.now, text: text))</div>
            \(Self.stock(screen, text: text))
            </aside>
            """
    }
}
