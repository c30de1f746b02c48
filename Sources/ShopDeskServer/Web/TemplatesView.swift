import Foundation
import ShopDeskCore

/// Canned replies: every version listed; admins add, change and delete versions here.
enum TemplatesView {
    /// What an admin typed into the editor, shown again beside the reason when it was refused.
    struct Draft: Sendable {
        var name = ""
        var language = ""
        var body = ""
    }

    static func render(_ templates: [ReplyTemplate], canEdit: Bool, session: String, refused: Draft?, text: WebText) -> HTML {
        let csrf = WebPage.csrfField(session: session)
        let rows = HTML.joined(
            templates.map { template in
                """
                <tr><td>\(template.name)</td><td>\(template.language)</td><td class="preview">\(template.body)</td>
                <td>\(canEdit ? "<form method=\"post\" action=\"/templates\">\(csrf)<input type=\"hidden\" name=\"name\" value=\"\(template.name)\"><input type=\"hidden\" name=\"language\" value=\"\(template.language)\"><input type=\"hidden\" name=\"delete\" value=\"1\"><button type=\"submit\">\(text[.delete])</button></form>" as HTML : .empty)</td></tr>
                """ as HTML
            })
        let draft = refused ?? Draft()
        let editor: HTML =
            canEdit
            ? """
            <form method="post" action="/templates" class="template-editor">\(csrf)
            \(refused == nil ? .empty : "<p class=\"error\" role=\"alert\">\(text[.templateInvalid])</p>" as HTML)
            <label>\(text[.name]) <input name="name" required maxlength="80" value="\(draft.name)"></label>
            <label>\(text[.language]) <input name="language" required placeholder="\(text[.templateLanguageExample])" size="8" value="\(draft.language)"></label>
            <label>\(text[.text]) <textarea name="body" rows="3" required maxlength="5000">\(draft.body)</textarea></label>
            <p class="hint">\(text[.templateHint])</p>
            <button type="submit">\(text[.save])</button>
            </form>
            """ : .empty
        let empty: HTML = templates.isEmpty ? "<tr class=\"empty\"><td colspan=\"4\">\(text[.templatesEmpty])</td></tr>" : .empty
        return """
            <main class="templates">
            <h1>\(text[.templates])</h1>
            <table class="conversations"><thead><tr><th>\(text[.name])</th><th>\(text[.language])</th><th>\(text[.text])</th><th></th></tr></thead><tbody>\(rows)\(empty)</tbody></table>
            \(editor)
            </main>
            """
    }
}
