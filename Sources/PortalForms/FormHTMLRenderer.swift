import PortalSupport

extension FormDefinition {
    /// The form as an HTML fragment in one language, following the GOV.UK question-page patterns:
    /// labels above controls, hints, fieldsets with legends, "(optional)" instead of asterisks.
    /// With `errors`, the fragment starts with the error summary ("There is a problem") linking to
    /// each field, every field with a problem carries its message, and every value is kept.
    /// No inline styles or scripts (the site's CSP is `default-src 'self'`); the script in
    /// `assets/js/request-form.js` reads the `data-` attributes to validate with the same rules.
    /// `action` is the service's `/requests` address; the form adds `?lang=` (so even an answer
    /// given before the body is read, such as 413, is in the form's language) and the summary's
    /// anchor. With `summaryInForm: false` the caller places `errorSummary` itself (the service
    /// puts it at the top of the page).
    public func renderHTML(
        language: String,
        action: String,
        values: [String: [String]] = [:],
        errors: [FormFieldError] = [],
        contactPhone: String? = nil,
        contactEmail: String? = nil,
        idempotencyKey: String = "",
        summaryInForm: Bool = true
    ) -> String {
        let lang = resolvedLanguage(language)
        var html = ""
        if !errors.isEmpty && summaryInForm { html += errorSummary(errors, language: lang) }
        let target = Self.actionURL(action, language: lang)
        html +=
            "<form class=\"portal-form\" id=\"\(Self.formAnchor)\" method=\"post\" action=\"\(escape(target))\" novalidate"
        html += " accept-charset=\"UTF-8\" data-portal-form data-lang=\"\(escape(lang))\""
        if let contactPhone, !contactPhone.isEmpty {
            html += " data-contact-phone=\"\(escape(contactPhone))\""
        }
        if let contactEmail, !contactEmail.isEmpty {
            html += " data-contact-email=\"\(escape(contactEmail))\""
        }
        for key in Self.scriptTextKeys {
            html +=
                " data-text-\(key.replacingOccurrences(of: "_", with: "-"))=\"\(escape(text(key, lang)))\""
        }
        html += ">\n"
        let privacy = text("privacy", lang)
        if !privacy.isEmpty { html += "<p class=\"form-privacy\">\(escape(privacy))</p>\n" }
        let errorByField = Dictionary(
            errors.map { ($0.field, $0) },
            uniquingKeysWith: { first, _ in first }
        )
        for field in fields {
            html += render(field, lang, values[field.name] ?? [], errorByField[field.name])
        }
        html += honeypot(lang)
        html += "<input type=\"hidden\" name=\"\(Self.languageField)\" value=\"\(escape(lang))\">\n"
        html +=
            "<input type=\"hidden\" name=\"\(Self.idempotencyField)\" value=\"\(escape(idempotencyKey))\""
        html += " data-idempotency-key>\n"
        html += "<div class=\"form-notice\" data-form-notice role=\"alert\" hidden></div>\n"
        html +=
            "<button type=\"submit\" class=\"form-button\" data-submit>\(escape(text("submit", lang)))</button>\n"
        html += "</form>\n"
        return html
    }

    /// Wording the script needs at run time (summary title, unreachable, confirmation, count).
    static let scriptTextKeys = [
        "error_summary", "error_prefix", "unreachable", "contact_team", "too_many", "not_saved", "sent", "reference",
        "sent_next", "characters_remaining", "characters_over",
    ]

    /// The service's address with the form's language and the summary's anchor.
    public static func actionURL(_ action: String, language: String) -> String {
        guard !action.isEmpty else { return action }
        let separator = action.contains("?") ? "&" : "?"
        return action + separator + languageField + "=" + language + "#" + summaryAnchor
    }

    /// The id of the control an error links to: the field's first input.
    public static func controlID(_ field: String) -> String { "f-\(field)" }

    /// GOV.UK's error summary: "There is a problem", then a link to each field with one.
    public func errorSummary(_ errors: [FormFieldError], language: String) -> String {
        let lang = resolvedLanguage(language)
        var html = "<div class=\"form-error-summary\" id=\"\(Self.summaryAnchor)\" data-error-summary role=\"alert\""
        html += " tabindex=\"-1\" aria-labelledby=\"form-error-summary-title\">\n"
        html += "<h2 class=\"form-error-summary__title\" id=\"form-error-summary-title\">"
        html += "\(escape(text("error_summary", lang)))</h2>\n<ul class=\"form-error-summary__list\">\n"
        for error in errors {
            html += "<li><a href=\"#\(Self.controlID(error.field))\">\(escape(error.message))</a></li>\n"
        }
        return html + "</ul>\n</div>\n"
    }

    /// A request that was not sent (too many, too large, not saved...): the same box as the error
    /// summary, at the same place, with what happened and what to do, and no field links.
    public func failureNotice(_ message: String, language: String) -> String {
        let lang = resolvedLanguage(language)
        var html = "<div class=\"form-error-summary\" id=\"\(Self.summaryAnchor)\" data-error-summary role=\"alert\""
        html += " tabindex=\"-1\" aria-labelledby=\"form-error-summary-title\">\n"
        html += "<h2 class=\"form-error-summary__title\" id=\"form-error-summary-title\">"
        html += "\(escape(text("not_sent_title", lang)))</h2>\n<p>\(escape(message))</p>\n</div>\n"
        return html
    }

    func render(
        _ field: FormField,
        _ lang: String,
        _ given: [String],
        _ error: FormFieldError?
    )
        -> String
    {
        let id = Self.controlID(field.name)
        var describedBy: [String] = []
        var html = "<div class=\"form-group\(error == nil ? "" : " form-group--error")\""
        html += dataAttributes(field, lang) + ">\n"

        var labelHTML = escape(field.label.in(lang, fallback: languages.first))
        if field.isOptional && field.kind != .confirm {
            labelHTML += " <span class=\"form-optional\">\(escape(text("optional", lang)))</span>"
        }
        var hintHTML = ""
        if field.hint != nil || field.why != nil {
            hintHTML += "<div class=\"form-hint\" id=\"\(id)-hint\">"
            if let hint = field.hint {
                hintHTML += "<p>\(escape(hint.in(lang, fallback: languages.first)))</p>"
            }
            if let why = field.why {
                hintHTML += "<p class=\"form-why\">\(escape(why.in(lang, fallback: languages.first)))</p>"
            }
            hintHTML += "</div>\n"
            describedBy.append("\(id)-hint")
        }
        // Always there, empty and hidden when the answer is fine, so the script only fills it in;
        // an empty description adds nothing for screen readers.
        var errorHTML = "<p class=\"form-error-message\" id=\"\(id)-error\"\(error == nil ? " hidden" : "")>"
        if let error {
            errorHTML += "<span class=\"visually-hidden\">\(escape(text("error_prefix", lang)))</span> "
            errorHTML += escape(error.message)
        }
        errorHTML += "</p>\n"
        describedBy.append("\(id)-error")

        switch field.kind {
        case .radios, .checkboxes:
            html += "<fieldset class=\"form-fieldset\""
            if !describedBy.isEmpty {
                html += " aria-describedby=\"\(describedBy.joined(separator: " "))\""
            }
            html += ">\n<legend class=\"form-legend\">\(labelHTML)</legend>\n\(hintHTML)\(errorHTML)"
            html += choices(field, lang, given)
            html += "</fieldset>\n"
        case .confirm:
            if field.aside != nil { describedBy.append("\(id)-aside") }
            html += hintHTML + errorHTML
            html += "<div class=\"form-checkboxes__item\">"
            html +=
                "<input class=\"form-checkboxes__input\" id=\"\(id)\" name=\"\(field.name)\" type=\"checkbox\" value=\"yes\""
            if given.contains("yes") { html += " checked" }
            if !describedBy.isEmpty {
                html += " aria-describedby=\"\(describedBy.joined(separator: " "))\""
            }
            html +=
                "><label class=\"form-label form-checkboxes__label\" for=\"\(id)\">\(labelHTML)</label></div>\n"
            if let aside = field.aside {
                html +=
                    "<p class=\"form-aside\" id=\"\(id)-aside\">\(escape(aside.in(lang, fallback: languages.first)))</p>\n"
            }
        case .text, .email, .tel, .textarea:
            if field.kind == .textarea && field.maxLength != nil { describedBy.append("\(id)-count") }
            html +=
                "<label class=\"form-label\" for=\"\(id)\">\(labelHTML)</label>\n\(hintHTML)\(errorHTML)"
            html += textControl(
                field,
                id: id,
                value: given.first ?? "",
                describedBy: describedBy,
                invalid: error != nil
            )
            if field.kind == .textarea, let max = field.maxLength {
                let count = text("character_count", lang).replacingOccurrences(
                    of: "{max}",
                    with: Self.grouped(max, lang)
                )
                html +=
                    "<p class=\"form-hint form-character-count\" id=\"\(id)-count\" aria-live=\"polite\""
                html += " data-character-count>\(escape(count))</p>\n"
            }
        }
        return html + "</div>\n"
    }

    func choices(_ field: FormField, _ lang: String, _ given: [String]) -> String {
        let type = field.kind == .radios ? "radio" : "checkbox"
        let css = field.kind == .radios ? "form-radios" : "form-checkboxes"
        var html = "<div class=\"\(css)\">\n"
        for (index, option) in field.options.enumerated() {
            let optionID =
                index == 0 ? Self.controlID(field.name) : "\(Self.controlID(field.name))-\(option.value)"
            html += "<div class=\"\(css)__item\"><input class=\"\(css)__input\" id=\"\(optionID)\""
            html += " name=\"\(field.name)\" type=\"\(type)\" value=\"\(escape(option.value))\""
            if given.contains(option.value) { html += " checked" }
            html += "><label class=\"form-label \(css)__label\" for=\"\(optionID)\">"
            html += "\(escape(option.label.in(lang, fallback: languages.first)))</label></div>\n"
        }
        return html + "</div>\n"
    }

    func textControl(
        _ field: FormField,
        id: String,
        value: String,
        describedBy: [String],
        invalid: Bool
    ) -> String {
        var attributes = "id=\"\(id)\" name=\"\(field.name)\""
        if let autocomplete = field.autocomplete {
            attributes += " autocomplete=\"\(escape(autocomplete))\""
        }
        if let inputmode = field.inputmode { attributes += " inputmode=\"\(escape(inputmode))\"" }
        if field.kind == .email || field.kind == .tel { attributes += " spellcheck=\"false\"" }
        if !describedBy.isEmpty {
            attributes += " aria-describedby=\"\(describedBy.joined(separator: " "))\""
        }
        if invalid { attributes += " aria-invalid=\"true\"" }
        if field.kind == .textarea {
            let css = "form-textarea" + (invalid ? " form-textarea--error" : "")
            return "<textarea class=\"\(css)\" \(attributes) rows=\"5\">\(escape(value))</textarea>\n"
        }
        let css = "form-input" + (invalid ? " form-input--error" : "")
        return
            "<input class=\"\(css)\" \(attributes) type=\"\(field.kind.rawValue)\" value=\"\(escape(value))\">\n"
    }

    /// The rules the script checks, as attributes on each field's group.
    func dataAttributes(_ field: FormField, _ lang: String) -> String {
        var html = " data-field=\"\(field.name)\" data-kind=\"\(field.kind.rawValue)\""
        if field.required { html += " data-required" }
        if let condition = field.requiredWhen {
            html +=
                " data-required-when=\"\(escape(condition.field)):\(escape(condition.values.joined(separator: " ")))\""
        }
        if let max = field.maxLength { html += " data-maxlength=\"\(max)\"" }
        var kinds: [FormFieldError.Kind] = [.invalid]
        if !field.isOptional { kinds.append(.required) }
        if field.maxLength != nil { kinds.append(.tooLong) }
        if field.kind == .email || field.kind == .tel { kinds.append(.format) }
        for kind in kinds {
            html +=
                " data-error-\(kind.rawValue.replacingOccurrences(of: "_", with: "-"))=\"\(escape(message(kind, field, lang)))\""
        }
        return html
    }

    /// Hidden from sight, from screen readers (`aria-hidden`) and from the keyboard (`tabindex=-1`);
    /// the CSS class `form-hp` moves it off screen. Browsers' autofill is told to leave it alone.
    func honeypot(_ lang: String) -> String {
        let id = Self.controlID(Self.honeypotField)
        return "<div class=\"form-hp\" aria-hidden=\"true\"><label for=\"\(id)\">Website</label>"
            + "<input type=\"text\" id=\"\(id)\" name=\"\(Self.honeypotField)\" value=\"\" tabindex=\"-1\""
            + " autocomplete=\"off\"></div>\n"
    }
}

@inline(__always) func escape(_ text: String) -> String { escapeHTML(text) }
