import Foundation
import PortalForms
import PortalSupport

/// The inbox's HTML. Everything a person wrote goes through `escapeHTML` (on UTF-8 bytes, so a
/// quote followed by a combining mark is still escaped) and sits in its own `<bdi>`, so a bidi
/// control in an answer cannot reorder the text around it. No script, no inline style.
struct TeamPages {
    let form: FormDefinition
    let strings: TeamStrings
    /// The inbox's own path, ending in `/` (`/team/`, or under `portal serve`'s mount).
    let base: String
    var now = Date()

    // MARK: - Pages

    func signIn(name: String = "", failed: Bool = false) -> String {
        let failure =
            failed
            ? "<div class=\"error\" role=\"alert\" id=\"sign-in-error\"><p>\(e(strings[.signInFailed]))</p></div>\n"
            : ""
        let other = strings.other
        let switchLink =
            "<a href=\"\(e(base))login?lang=\(other)\" lang=\"\(other)\" hreflang=\"\(other)\">"
            + "\(e(TeamStrings.languageNames[other] ?? other))</a>"
        let body = """
            <h1>\(e(strings[.signInTitle]))</h1>
            \(failure)<p>\(e(strings[.pleaseSignIn]))</p>
            <form method="post" action="\(e(base))login">
            <input type="hidden" name="lang" value="\(strings.language)">
            <label for="name">\(e(strings[.name]))</label>
            <input id="name" name="name" autocomplete="username" autocapitalize="none" spellcheck="false" required value="\(e(name))">
            <label for="password">\(e(strings[.password]))</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required>
            <label for="code">\(e(strings[.code]))</label>
            <span class="hint" id="code-hint">\(e(strings[.codeHint]))</span>
            <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]*" required aria-describedby="code-hint">
            <button type="submit">\(e(strings[.signIn]))</button>
            </form>
            """
        return layout(title: (failed ? "Error: " : "") + strings[.signInTitle], actions: switchLink, main: body)
    }

    func list(_ items: [RequestStore.InboxItem], session: RequestStore.TeamSession) -> String {
        var body = "<h1>\(e(strings[.inboxTitle]))</h1>\n"
        if items.isEmpty {
            body += "<p>\(e(strings[.noneOpen]))</p>\n"
        } else {
            body += "<ol class=\"requests\">\n"
            for item in items {
                let request = item.request
                body +=
                    "<li class=\"request\">\n<h2><a href=\"\(e(base))requests/\(e(request.id))\">\(e(request.id))</a></h2>\n"
                body += state(item) + "<dl>\n"
                body += row(strings[.received], age(request.receivedAt))
                body += row(strings[.contact], answer("contact_method", request))
                body += row(
                    strings[.when],
                    [answer("timing", request), answer("preferred_time", request)].filter { !$0.isEmpty }.joined(
                        separator: ", "
                    )
                )
                body += row(strings[.talkIn], answer("language", request))
                body += row(strings[.topic], answer("topic", request))
                body += row(strings[.message], answer("message", request), textClass: true)
                body += "</dl>\n</li>\n"
            }
            body += "</ol>\n"
        }
        return layout(title: strings[.inboxTitle], actions: accountActions(session, back: ""), main: body)
    }

    func request(
        _ item: RequestStore.InboxItem,
        session: RequestStore.TeamSession,
        noteError: String? = nil,
        noteText: String = ""
    ) -> String {
        let request = item.request
        let id = request.id
        let title = strings.format(.requestTitle, ["ref": id])
        var body = "<p><a href=\"\(e(base))\">\(e(strings[.back]))</a></p>\n<h1>\(e(title))</h1>\n" + state(item)
        if let noteError {
            body += "<div class=\"error\" role=\"alert\"><p><a href=\"#note\">\(e(noteError))</a></p></div>\n"
        }
        body += "<h2>\(e(strings[.answers]))</h2>\n<dl>\n" + row(strings[.received], age(request.receivedAt))
        for field in form.fields where field.kind != .confirm {
            let value = answer(field.name, request)
            if !value.isEmpty {
                body += row(field.label.in(strings.language), value, textClass: field.kind == .textarea)
            }
        }
        body += "</dl>\n"
        let action = "\(e(base))requests/\(e(id))/"
        if item.claimedBy == nil {
            body += actionForm(action + "claim", strings[.claim], session)
        } else if item.claimedBy == session.member {
            body += "<p>\(e(strings[.claimedByYou]))</p>\n"
        }
        if request.handledAt == nil {
            body += actionForm(action + "handled", strings[.markHandled], session, secondary: true)
        }
        body += "<h2>\(e(strings[.notes]))</h2>\n"
        if item.notes.isEmpty {
            body += "<p>\(e(strings[.noNotes]))</p>\n"
        } else {
            body += "<ol class=\"notes\">\n"
            for note in item.notes {
                let meta = strings.format(
                    .noteBy,
                    ["name": note.author, "age": strings.age(since: note.writtenAt, now: now)]
                )
                body += "<li><p class=\"meta\">\(e(meta))</p><p class=\"text\"><bdi>\(e(note.text))</bdi></p></li>\n"
            }
            body += "</ol>\n"
        }
        let invalid = noteError == nil ? "" : " aria-invalid=\"true\""
        let errorLine = noteError.map { "<span class=\"error-message\" id=\"note-error\">\(e($0))</span>\n" } ?? ""
        let described = noteError == nil ? "note-hint" : "note-hint note-error"
        body += """
            <form method="post" action="\(action)note">
            <input type="hidden" name="csrf" value="\(e(session.csrfToken))">
            <label for="note">\(e(strings[.noteLabel]))</label>
            <span class="hint" id="note-hint">\(e(strings[.noteHint]))</span>
            \(errorLine)<textarea id="note" name="note" rows="4" maxlength="\(TeamInboxRules.noteMaxLength)" aria-describedby="\(described)"\(invalid)>\(e(noteText))</textarea>
            <button type="submit" class="secondary">\(e(strings[.addNote]))</button>
            </form>

            """
        let prefix = noteError == nil ? "" : "Error: "
        return layout(title: prefix + title, actions: accountActions(session, back: "requests/" + id), main: body)
    }

    /// A short page: not found, or refused (a forged or stale post).
    func message(title: String, text: String, session: RequestStore.TeamSession?) -> String {
        let actions = session.map { accountActions($0, back: "") } ?? ""
        return layout(
            title: title,
            actions: actions,
            main: "<h1>\(e(title))</h1>\n<p>\(e(text))</p>\n<p><a href=\"\(e(base))\">\(e(strings[.back]))</a></p>\n"
        )
    }

    // MARK: - Parts

    private func layout(title: String, actions: String, main: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(strings.language)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex">
        <title>\(e(title)) - \(e(strings[.product]))</title>
        <link rel="stylesheet" href="\(e(base))style.css">
        </head>
        <body>
        <header class="bar">
        <p>\(e(strings[.product]))</p>
        <div class="actions">\(actions)</div>
        </header>
        <main id="main">
        \(main)</main>
        </body>
        </html>

        """
    }

    /// Who is signed in, the language switch (a post: it changes the session) and signing out.
    private func accountActions(_ session: RequestStore.TeamSession, back: String) -> String {
        let other = strings.other
        let token = "<input type=\"hidden\" name=\"csrf\" value=\"\(e(session.csrfToken))\">"
        return """
            <span>\(e(strings.format(.signedInAs, ["name": session.member])))</span>
            <form method="post" action="\(e(base))language">\(token)<input type="hidden" name="lang" value="\(other)"><input type="hidden" name="back" value="\(e(back))"><button type="submit" lang="\(other)">\(e(TeamStrings.languageNames[other] ?? other))</button></form>
            <form method="post" action="\(e(base))logout">\(token)<button type="submit">\(e(strings[.signOut]))</button></form>
            """
    }

    private func actionForm(
        _ action: String,
        _ label: String,
        _ session: RequestStore.TeamSession,
        secondary: Bool = false
    )
        -> String
    {
        """
        <form class="action" method="post" action="\(action)"><input type="hidden" name="csrf" value="\(e(session.csrfToken))"><button type="submit"\(secondary ? " class=\"secondary\"" : "")>\(e(label))</button></form>

        """
    }

    private func state(_ item: RequestStore.InboxItem) -> String {
        if item.request.handledAt != nil {
            return "<p class=\"state state-handled\">\(e(strings[.stateHandled]))</p>\n"
        }
        if let holder = item.claimedBy {
            return "<p class=\"state state-claimed\">\(e(strings.format(.stateClaimed, ["name": holder])))</p>\n"
        }
        return "<p class=\"state state-new\">\(e(strings[.stateNew]))</p>\n"
    }

    /// `html` is already escaped.
    private func row(_ label: String, _ html: String, textClass: Bool = false) -> String {
        guard !html.isEmpty else { return "" }
        return "<dt>\(e(label))</dt><dd\(textClass ? " class=\"text\"" : "")>\(html)</dd>\n"
    }

    private func age(_ date: Date) -> String {
        let stamp = ISO8601DateFormatter().string(from: date)
        return "<time datetime=\"\(stamp)\">\(e(strings.age(since: date, now: now)))</time>"
    }

    /// One answer as HTML: each value escaped in its own `<bdi>`; an option shown by its label in
    /// the inbox's language. Free text carries the form's language.
    func answer(_ name: String, _ request: StoredRequest) -> String {
        guard let values = request.answers[name], !values.isEmpty else { return "" }
        let field = form.field(named: name)
        let isFreeText = field.map { $0.kind == .text || $0.kind == .textarea } ?? true
        return values.map { value in
            let shown = field?.options.first { $0.value == value }?.label.in(strings.language) ?? value
            let lang = isFreeText ? " lang=\"\(e(request.language))\"" : ""
            return "<bdi\(lang)>\(e(shown))</bdi>"
        }.joined(separator: ", ")
    }

    private func e(_ text: String) -> String { escapeHTML(text) }
}

enum TeamInboxRules {
    static let noteMaxLength = 500
}
