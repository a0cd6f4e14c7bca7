import Foundation
import HTTPTypes
import Hummingbird
import NIOPosix
import PortalForms

/// `/team/...`: the team's inbox. Plain forms and Post/Redirect/Get, so it works without
/// JavaScript. Every post is checked for this service's own `Origin` and, once signed in, for the
/// session's CSRF token (OWASP CSRF Prevention: a synchronizer token plus the origin check);
/// the session cookie is `__Host-` prefixed, `Secure`, `HttpOnly`, `SameSite=Strict`.
struct TeamInboxHandler: Sendable {
    static let cookieName = "__Host-portal-team"
    /// A sign-in or a note is a few hundred bytes.
    static let maxBodyBytes = 8 * 1024

    let configuration: IntakeConfiguration
    let form: FormDefinition
    let store: RequestStore

    /// Only this service's own pages may post here: not the site (its `--allow-origin`), nor anyone else.
    var origins: OriginPolicy { OriginPolicy(allowed: [], own: configuration.publicURL) }

    // MARK: - Signing in and out

    func signInPage(_ request: Request) async -> Response {
        if await session(request) != nil { return redirect(base(request)) }
        let strings = TeamStrings(TeamStrings.resolved(request.uri.queryParameters["lang"].map(String.init)))
        return html(.ok, pages(request, strings).signIn())
    }

    func signIn(_ request: Request) async -> Response {
        guard isOwnOrigin(request) else { return refused(request, session: nil) }
        guard let values = await formValues(request) else { return refused(request, session: nil) }
        let strings = TeamStrings(TeamStrings.resolved(values["lang"]))
        let name = values["name"] ?? ""
        let password = values["password"] ?? ""
        let code = values["code"] ?? ""
        let store = self.store
        let language = strings.language
        // bcrypt is slow on purpose: keep it off the threads that serve everyone else.
        let outcome = try? await NIOThreadPool.singleton.runIfActive {
            try store.signIn(name: name, password: password, code: code, language: language)
        }
        guard case .signedIn(let id, _) = outcome else {
            // The same wait and the same words whichever of the three was wrong, or the account locked.
            try? await Task.sleep(for: configuration.teamFailureDelay)
            let page = pages(request, strings).signIn(name: TeamCredentials.isValidName(name) ? name : "", failed: true)
            return html(.forbidden, page)
        }
        // A session that came with the request (another account, an old tab) ends: one live id per browser.
        if let old = await session(request) { try? store.endTeamSession(old) }
        var response = redirect(base(request))
        response.headers[.setCookie] = "\(Self.cookieName)=\(id); Path=/; Secure; HttpOnly; SameSite=Strict"
        return response
    }

    func signOut(_ request: Request) async -> Response {
        let checked = await checkedPost(request)
        guard case .allowed(let session, _) = checked else { return checked.response ?? refused(request, session: nil) }
        try? store.endTeamSession(session)
        var response = redirect(base(request) + "login")
        response.headers[.setCookie] = "\(Self.cookieName)=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Strict"
        return response
    }

    func setLanguage(_ request: Request) async -> Response {
        let checked = await checkedPost(request)
        guard case .allowed(let session, let values) = checked else {
            return checked.response ?? refused(request, session: nil)
        }
        try? store.setTeamSessionLanguage(session, language: TeamStrings.resolved(values["lang"]))
        let back = values["back"] ?? ""
        let safeBack = back.hasPrefix("requests/") && ReferenceID.isWellFormed(String(back.dropFirst(9))) ? back : ""
        return redirect(base(request) + safeBack)
    }

    // MARK: - Reading

    func inbox(_ request: Request) async -> Response {
        // The list links relative to `/team/`: send `/team` there first.
        guard request.uri.path.hasSuffix("/") else { return redirect("team/") }
        guard let session = await session(request) else { return redirect(base(request) + "login") }
        do {
            let items = try store.openRequests()
            try store.recordView(
                by: session.member,
                action: "viewed list",
                reference: items.isEmpty ? nil : items.map(\.request.id).joined(separator: " ")
            )
            return html(.ok, pages(request, TeamStrings(session.language)).list(items, session: session))
        } catch {
            return unavailable()
        }
    }

    func requestPage(_ request: Request, reference: String?) async -> Response {
        // Without a session nothing is looked up: a guessed reference gives the sign-in page.
        guard let session = await session(request) else { return redirect(base(request) + "login") }
        let pages = pages(request, TeamStrings(session.language))
        guard let id = reference, ReferenceID.isWellFormed(id), let item = try? store.inboxRequest(id) else {
            return notFound(pages, session: session)
        }
        try? store.recordView(by: session.member, action: "viewed", reference: id)
        return html(.ok, pages.request(item, session: session))
    }

    // MARK: - Changing

    enum Change { case claim, note, handled }

    func change(_ change: Change, _ request: Request, reference: String?) async -> Response {
        let checked = await checkedPost(request)
        guard case .allowed(let session, let values) = checked else {
            return checked.response ?? refused(request, session: nil)
        }
        let pages = pages(request, TeamStrings(session.language))
        guard let id = reference, ReferenceID.isWellFormed(id) else { return notFound(pages, session: session) }
        let page = base(request) + "requests/" + id
        do {
            switch change {
            case .claim:
                if try store.claim(id, by: session.member) == .notFound { return notFound(pages, session: session) }
                return redirect(page)
            case .handled:
                guard try store.markHandled(id, by: session.member) else { return notFound(pages, session: session) }
                return redirect(base(request))  // handled requests leave the list
            case .note:
                let text = (values["note"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                let problem: TeamStrings.Key? =
                    text.isEmpty ? .noteEmpty : text.count > TeamInboxRules.noteMaxLength ? .noteTooLong : nil
                if let problem {
                    guard let item = try store.inboxRequest(id) else { return notFound(pages, session: session) }
                    return html(
                        .unprocessableContent,
                        pages.request(item, session: session, noteError: pages.strings[problem], noteText: text)
                    )
                }
                guard try store.addNote(id, by: session.member, text: text) else {
                    return notFound(pages, session: session)
                }
                return redirect(page)
            }
        } catch {
            return unavailable()
        }
    }

    // MARK: - Checks

    enum PostCheck {
        case allowed(RequestStore.TeamSession, [String: String])
        case rejected(Response)
        var response: Response? {
            if case .rejected(let response) = self { return response }
            return nil
        }
    }

    /// A post that changes something: from this service's own origin, from a live session, with
    /// that session's token. Anything else changes nothing.
    func checkedPost(_ request: Request) async -> PostCheck {
        guard isOwnOrigin(request) else { return .rejected(refused(request, session: nil)) }
        guard let values = await formValues(request) else { return .rejected(refused(request, session: nil)) }
        guard let session = await session(request) else { return .rejected(redirect(base(request) + "login")) }
        guard TeamCredentials.constantTimeEqual(values["csrf"] ?? "", session.csrfToken) else {
            return .rejected(refused(request, session: session))
        }
        return .allowed(session, values)
    }

    /// `Origin` must be present and be this service's own (`--public-url`'s origin, or the `Host`
    /// the request came to); a missing or `null` Origin is refused.
    func isOwnOrigin(_ request: Request) -> Bool {
        guard let origin = request.headers[.origin] else { return false }
        return origins.decide(origin: origin, referer: nil, host: request.head.authority) != .forbidden
    }

    func session(_ request: Request) async -> RequestStore.TeamSession? {
        guard let id = request.cookies[Self.cookieName]?.value, !id.isEmpty else { return nil }
        return try? store.teamSession(id: id)
    }

    /// The posted form's fields (the first value of each); nil for anything but a small urlencoded body.
    func formValues(_ request: Request) async -> [String: String]? {
        guard (try? Submission.encoding(forContentType: request.headers[.contentType])) == .form else { return nil }
        guard
            case .complete(let bytes) = await BodyReader.read(
                request.body,
                limit: Self.maxBodyBytes,
                within: configuration.bodyTimeout
            )
        else { return nil }
        guard let submission = try? Submission.decode(bytes, as: .form) else { return nil }
        return submission.values.compactMapValues(\.first)
    }

    // MARK: - Answers

    /// The inbox's own path, ending in `/`, from the path the request came to: `/team/`, or the
    /// same under the path `portal serve` mounts the service at. References never contain `/team`.
    func base(_ request: Request) -> String {
        let path = request.uri.path
        if let range = path.range(of: "/team/", options: .backwards) { return String(path[..<range.upperBound]) }
        if path.hasSuffix("/team") { return path + "/" }
        return "/team/"
    }

    func pages(_ request: Request, _ strings: TeamStrings) -> TeamPages {
        TeamPages(form: form, strings: strings, base: base(request))
    }

    func html(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: body))
        )
    }

    func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    func refused(_ request: Request, session: RequestStore.TeamSession?) -> Response {
        let strings = TeamStrings(session?.language ?? "en")
        let page = pages(request, strings)
        return html(.forbidden, page.message(title: strings[.refusedTitle], text: strings[.refused], session: session))
    }

    func notFound(_ pages: TeamPages, session: RequestStore.TeamSession) -> Response {
        html(
            .notFound,
            pages.message(title: pages.strings[.notFoundTitle], text: pages.strings[.notFound], session: session)
        )
    }

    func unavailable() -> Response {
        Response(
            status: .serviceUnavailable,
            headers: [.contentType: "text/plain; charset=utf-8", .retryAfter: "5"],
            body: .init(
                byteBuffer: ByteBuffer(string: "The inbox cannot read the database right now. Try again in a moment.\n")
            )
        )
    }
}

/// In front of every `/team` route: nothing is served until an account exists (a service without a
/// team shows no sign-in page to probe), and every answer is uncacheable, unframeable and scriptless.
struct TeamGuardMiddleware: RouterMiddleware {
    typealias Context = IntakeContext
    let store: RequestStore

    static let contentSecurityPolicy =
        "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        var response: Response
        if store.hasTeamMembers() {
            response = try await next(request, context)
        } else {
            response = Response(
                status: .notFound,
                headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: "Not found\n"))
            )
        }
        response.headers[.cacheControl] = "no-store"
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        // HTTPTypes has no constants for these two; the names are fixed, valid tokens. No address
        // (with its reference) leaves for another site; not `no-referrer`, with which a browser
        // sends `Origin: null` on the inbox's own posts, and the origin check must refuse them.
        if let name = HTTPField.Name("Referrer-Policy") { response.headers[name] = "same-origin" }
        if let name = HTTPField.Name("X-Frame-Options") { response.headers[name] = "DENY" }
        return response
    }
}
