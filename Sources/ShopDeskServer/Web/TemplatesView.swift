import Foundation
import ShopDeskCore

/// Canned replies: every version listed; admins add, change and delete versions here.
enum TemplatesView {
    static func render(_ templates: [ReplyTemplate], canEdit: Bool, session: String, error: String?, text: WebText) -> HTML {
        let csrf = WebPage.csrfField(session: session)
        let rows = HTML.joined(
            templates.map { template in
                """
                <tr><td>\(template.name)</td><td>\(template.language)</td><td class="preview">\(template.body)</td>
                <td>\(canEdit ? "<form method=\"post\" action=\"/templates\">\(csrf)<input type=\"hidden\" name=\"name\" value=\"\(template.name)\"><input type=\"hidden\" name=\"language\" value=\"\(template.language)\"><input type=\"hidden\" name=\"delete\" value=\"1\"><button type=\"submit\">Delete</button></form>" as HTML : .empty)</td></tr>
                """ as HTML
            })
        let editor: HTML =
            canEdit
            ? """
            <form method="post" action="/templates" class="template-editor">\(csrf)
            \(error.map { "<p class=\"error\" role=\"alert\">\($0)</p>" as HTML } ?? .empty)
            <label>Name <input name="name" required maxlength="80"></label>
            <label>Language <input name="language" required placeholder="vi" size="8"></label>
            <label>Text <textarea name="body" rows="3" required maxlength="5000"></textarea></label>
            <p class="hint">Variables: {buyer_name} {order_id} {tracking_number} {product}. The same name in another language adds a version; the same name and language replaces it.</p>
            <button type="submit">\(text[.send])</button>
            </form>
            """ : .empty
        return """
            <main class="templates">
            <h1>Templates</h1>
            <table class="conversations"><thead><tr><th>Name</th><th>Language</th><th>Text</th><th></th></tr></thead><tbody>\(rows)</tbody></table>
            \(editor)
            </main>
            """
    }
}
