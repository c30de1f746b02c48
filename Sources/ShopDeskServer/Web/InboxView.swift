import Foundation
import ShopDeskCore
import ShopDeskStore

/// The inbox: the agent's conversations, nearest deadline first, with its filters and counts.
enum InboxView {
    /// The inbox's filters from the query string, and the search term as typed.
    static func query(_ parameters: [String: String], agent: Agent) -> (ConversationQuery, String) {
        var query = ConversationQuery()
        query.platform = parameters["platform"].flatMap(Platform.init(rawValue:))
        query.status = parameters["status"].flatMap(Conversation.Status.init(rawValue:))
        // Snoozed conversations leave the queue until their time; the status filter shows them.
        query.hidesSnoozed = true
        query.kind = parameters["kind"].flatMap(Conversation.Kind.init(rawValue:))
        query.channelAccountID = parameters["channel"].flatMap { $0.isEmpty ? nil : ChannelAccount.ID(rawValue: $0) }
        switch parameters["assignee"] {
        case "me": query.assignee = .agent(agent.id)
        case "none": query.assignee = .unassigned
        default: break
        }
        query.tag = parameters["tag"].flatMap { $0.isEmpty ? nil : String($0.prefix(64)) }
        query.language = parameters["language"].flatMap { $0.isEmpty || $0.count > 12 ? nil : $0 }
        let search = parameters["q"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        query.text = search.isEmpty ? nil : String(search.prefix(200))
        query.limit = 50
        return (query, search)
    }

    /// The table's rows (the conversations are already masked).
    static func rows(_ screen: InboxScreen, now: Date, text: WebText) -> HTML {
        guard !screen.conversations.isEmpty else { return "<tr class=\"empty\"><td colspan=\"5\">\(text[.inboxEmpty])</td></tr>" }
        return HTML.joined(
            screen.conversations.map { conversation in
                """
                <tr data-conversation="\(conversation.id.rawValue)"\(screen.unread.contains(conversation.id) ? " class=\"unread\"" as HTML : .empty)>
                <td>\(WebPage.deadline(conversation.state.nextDeadline, now: now, text: text))</td>
                <td><span class="platform">\(WebPage.platformName(conversation.platform, text: text))</span></td>
                <td><a href="/conversations/\(conversation.id.rawValue)">\(conversation.buyerName ?? text[.buyer])</a></td>
                <td class="preview">\(conversation.state.lastMessagePreview ?? "")</td>
                <td>\(WebPage.statusLabel(conversation.state.status, text: text))</td>
                </tr>
                """ as HTML
            })
    }

    static func render(_ screen: InboxScreen, query: ConversationQuery, search: String, agent: Agent, now: Date, text: WebText) -> HTML {
        func option(_ value: String, _ label: String, selected: Bool) -> HTML {
            "<option value=\"\(value)\"\(selected ? " selected" as HTML : .empty)>\(label)</option>"
        }
        func options<Value: Equatable>(_ values: [Value], id: (Value) -> String, label: (Value) -> String, selected: Value?) -> HTML {
            HTML.joined(values.map { option(id($0), label($0), selected: selected == $0) })
        }
        let any = option("", text[.any], selected: false)
        let platformOptions = options(Platform.allCases, id: \.rawValue, label: { WebPage.platformName($0, text: text) }, selected: query.platform)
        let statusOptions = options(
            Conversation.Status.allCases, id: \.rawValue, label: { WebPage.statusLabel($0, text: text) }, selected: query.status)
        let kindOptions = options(Conversation.Kind.allCases, id: \.rawValue, label: { WebPage.kindLabel($0, text: text) }, selected: query.kind)
        let channelOptions = HTML.joined(screen.accounts.map { option($0.id.rawValue, $0.name, selected: query.channelAccountID == $0.id) })
        let languageOptions = HTML.joined(
            WebPage.buyerLanguages.map { option($0.code, text[$0.key], selected: query.language == $0.code) })
        let assignee = query.assignee == .agent(agent.id) ? "me" : query.assignee == .unassigned ? "none" : ""
        let atRisk: HTML = "<span id=\"at-risk\">\(screen.atRisk)</span>"
        let unread: HTML = "<span id=\"unread\">\(WebPage.countLabel(screen.unreadCount))</span>"
        return """
            <main class="inbox">
            <h1>\(text[.inbox]) <span class="counter" title="\(text[.atRiskHint])">\(text.format(.atRiskCount, ["count": atRisk]))</span>
            <span class="counter unread-count">\(text.format(.unreadCount, ["count": unread]))</span></h1>
            <form class="filters" method="get" action="/" role="search">
            <label>\(text[.platform]) <select name="platform"><option value="">\(text[.allPlatforms])</option>\(platformOptions)</select></label>
            <label>\(text[.status]) <select name="status"><option value="">\(text[.allStatuses])</option>\(statusOptions)</select></label>
            <label>\(text[.channel]) <select name="channel">\(any)\(channelOptions)</select></label>
            <label>\(text[.kind]) <select name="kind">\(any)\(kindOptions)</select></label>
            <label>\(text[.assignee]) <select name="assignee">\(any)\(option("me", text[.me], selected: assignee == "me"))\(option("none", text[.nobody], selected: assignee == "none"))</select></label>
            <label>\(text[.tag]) <input name="tag" value="\(query.tag ?? "")" size="10"></label>
            <label>\(text[.buyerLanguage]) <select name="language">\(any)\(languageOptions)</select></label>
            <label>\(text[.search]) <input type="search" name="q" value="\(search)" id="search"></label>
            <button type="submit">\(text[.search])</button>
            </form>
            <table class="conversations">
            <thead><tr><th>\(text[.timeLeft])</th><th>\(text[.platform])</th><th>\(text[.buyer])</th><th>\(text[.lastMessage])</th><th>\(text[.status])</th></tr></thead>
            <tbody id="inbox-rows">\(Self.rows(screen, now: now, text: text))</tbody>
            </table>
            </main>
            """
    }
}
