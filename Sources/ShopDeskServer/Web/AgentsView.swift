import Foundation
import ShopDeskCore

/// The workspace's agents, for owners and admins: who is active, and (owners) deactivation,
/// reactivation and one-time reset codes. A code just issued is shown once, here.
enum AgentsView {
    struct IssuedCode: Sendable {
        var agentName: String
        var code: String
        var expiresAt: Date
    }

    static func render(_ agents: [Agent], viewer: Agent, issued: IssuedCode?, zone: String, session: String, text: WebText) -> HTML {
        let csrf = WebPage.csrfField(session: session)
        let owner = viewer.role == .owner
        let rows = HTML.joined(
            agents.map { agent in
                let active = agent.deactivatedAt == nil
                let actions: HTML =
                    owner && agent.id != viewer.id
                    ? """
                    <form method="post" action="/agents/\(agent.id.rawValue)/active">\(csrf)<input type="hidden" name="active" value="\(active ? "0" : "1")"><button type="submit">\(active ? text[.deactivate] : text[.reactivate])</button></form>
                    \(active ? "<form method=\"post\" action=\"/agents/\(agent.id.rawValue)/reset\">\(csrf)<button type=\"submit\">\(text[.issueResetCode])</button></form>" as HTML : .empty)
                    """ : .empty
                return """
                    <tr\(active ? .empty : " class=\"inactive\"" as HTML)><td>\(agent.name)</td><td>\(agent.email)</td><td>\(Self.roleName(agent.role, text: text))</td>
                    <td>\(active ? text[.active] : text[.deactivated])</td><td class="agent-actions">\(actions)</td></tr>
                    """ as HTML
            })
        let notice: HTML =
            issued.map { issued in
                """
                <div class="issued-code" role="status"><p>\(text.format(.resetCodeIssued, ["name": issued.agentName, "time": WebPage.clock(issued.expiresAt, zone: zone)]))</p>
                <p><code>\(issued.code)</code></p></div>
                """
            } ?? .empty
        return """
            <main class="agents">
            <h1>\(text[.agents])</h1>
            \(notice)
            \(owner ? .empty : "<p class=\"hint\">\(text[.agentsOwnersOnly])</p>" as HTML)
            <table class="agents-table"><thead><tr><th>\(text[.name])</th><th>\(text[.email])</th><th>\(text[.role])</th><th>\(text[.status])</th><th></th></tr></thead>
            <tbody>\(rows)</tbody></table>
            </main>
            """
    }

    static func roleName(_ role: Agent.Role, text: WebText) -> String {
        switch role {
        case .owner: text[.roleOwner]
        case .admin: text[.roleAdmin]
        case .agent: text[.roleAgent]
        }
    }
}
