import Foundation
import Hummingbird
import PortalForms

/// `POST /requests`: every check in the order that changes nothing until the request is known to
/// be good, then one committed write, then the answer.
final class RequestsHandler: Sendable {
    let configuration: IntakeConfiguration
    let form: FormDefinition
    let store: RequestStore
    let counters: IntakeCounters
    let limiter: RateLimiter
    let origins: OriginPolicy

    init(
        configuration: IntakeConfiguration,
        form: FormDefinition,
        store: RequestStore,
        counters: IntakeCounters,
        limiter: RateLimiter,
        origins: OriginPolicy
    ) {
        self.configuration = configuration
        self.form = form
        self.store = store
        self.counters = counters
        self.limiter = limiter
        self.origins = origins
    }

    func receive(_ request: Request, context: IntakeContext) async -> Response {
        let wantsJSON = request.headers[.contentType]?.lowercased().hasPrefix("application/json") ?? false
        // The form's action carries `?lang=`, so answers given before the body is read are in the
        // person's language too.
        let pageLanguage = form.resolvedLanguage(request.uri.queryParameters["lang"].map(String.init) ?? "")
        let decision = origins.decide(
            origin: request.headers[.origin],
            referer: request.headers[.referer],
            host: request.head.authority
        )
        guard case .allowed(let cors) = decision else {
            return refused(
                .forbidden,
                "forbidden",
                language: pageLanguage,
                json: wantsJSON,
                cors: nil,
                request: request
            )
        }
        let encoding: Submission.Encoding
        do {
            encoding = try Submission.encoding(forContentType: request.headers[.contentType])
        } catch {
            return problem(
                .unsupportedMediaType,
                "Send application/x-www-form-urlencoded or application/json in UTF-8.",
                json: wantsJSON,
                cors: cors
            )
        }
        let limit = configuration.maxBodyBytes
        // Refused from the header when it says so, else while reading (a chunked body has none).
        let tooLarge = {
            self.refused(
                .contentTooLarge,
                "too_large",
                language: pageLanguage,
                json: wantsJSON,
                cors: cors,
                request: request
            )
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { return tooLarge() }
        let body: [UInt8]
        switch await BodyReader.read(request.body, limit: limit, within: configuration.bodyTimeout) {
        case .complete(let bytes): body = bytes
        case .tooLarge: return tooLarge()
        case .tooSlow:
            var response = problem(.requestTimeout, "The request took too long to arrive.", json: wantsJSON, cors: cors)
            response.headers[.connection] = "close"
            return response
        case .unreadable:
            return problem(.badRequest, "The request body could not be read.", json: wantsJSON, cors: cors)
        }
        let submission: Submission
        do {
            submission = try Submission.decode(body, as: encoding)
        } catch {
            let reason: String
            if case .malformed(let why) = error { reason = why } else { reason = "malformed body" }
            return problem(.badRequest, "Malformed request: \(reason).", json: wantsJSON, cors: cors)
        }
        // Only posts that reach validation use up the address's allowance: a refused cross-site
        // post does not lock the person out.
        if let wait = await limiter.check(clientAddress(request, context)) {
            return tooMany(submission, wait: wait, pageLanguage: pageLanguage, request: request, cors: cors)
        }
        return await accept(submission, request: request, context: context, cors: cors)
    }

    /// 429: the script says to wait a minute (the answer carries CORS, so it can read it); a
    /// plain post gets its form back with every answer and the same advice.
    private func tooMany(
        _ submission: Submission,
        wait: Int,
        pageLanguage: String,
        request: Request,
        cors: String?
    ) -> Response {
        let values = submission.values
        let language = form.resolvedLanguage(values[FormDefinition.languageField]?.first ?? pageLanguage)
        var response: Response
        if submission.encoding == .json {
            struct Body: Encodable {
                let error: String
                let retry_after: Int
            }
            response = json(
                .tooManyRequests,
                Body(error: form.text("too_many", language), retry_after: wait),
                cors: cors
            )
        } else {
            response = page(
                .tooManyRequests,
                pages.formPage(
                    language: language,
                    values: values,
                    notice: form.text("too_many", language),
                    key: postedKey(values, request) ?? IdempotencyKey.make(),
                    action: action(request)
                ),
                request: request,
                cors: cors
            )
        }
        response.headers[.retryAfter] = String(wait)
        return response
    }

    private func accept(
        _ submission: Submission,
        request: Request,
        context: IntakeContext,
        cors: String?
    ) async
        -> Response
    {
        let values = submission.values
        let language = form.resolvedLanguage(values[FormDefinition.languageField]?.first ?? "")
        let postedKey = postedKey(values, request)

        if FormDefinition.isHoneypotFilled(values) {
            // Same answer as a success, so the bot learns nothing; nothing is stored.
            let caught = await counters.caughtHoneypot()
            context.logger.notice("honeypot filled; not stored (\(caught) since start)")
            return success(id: ReferenceID.make(), submission.encoding, language: language, cors: cors, created: true)
        }
        var errors = form.validate(values, language: language)
        for name in submission.wrongTypes
        where form.field(named: name) != nil && !errors.contains(where: { $0.field == name }) {
            let message = form.message(for: .invalid, field: name, language: language)
            errors.append(FormFieldError(field: name, kind: .invalid, message: message))
        }
        if !errors.isEmpty {
            context.logger.info("rejected: \(errors.count) field error(s)")
            return invalid(
                errors,
                values: values,
                key: postedKey,
                submission.encoding,
                language: language,
                request: request,
                cors: cors
            )
        }
        do {
            let outcome = try await store.store(
                answers: form.answers(from: values),
                language: language,
                idempotencyKey: postedKey,
                dedupeWindow: configuration.dedupeWindow,
                notify: configuration.notificationChannels
            )
            switch outcome {
            case .created(let id): context.logger.info("stored \(id)")
            case .duplicate(let id): context.logger.info("repeat of \(id); nothing new stored")
            }
            return success(id: outcome.id, submission.encoding, language: language, cors: cors, created: true)
        } catch {
            // Not acknowledged, so the person (or script) knows to try again; a plain post gets its
            // form back, filled in. The error text is SQLite's, which names no answers.
            context.logger.error("could not store the request: \(error)")
            var response: Response
            if submission.encoding == .json {
                response = json(.serviceUnavailable, ["error": form.text("not_saved", language)], cors: cors)
            } else {
                response = page(
                    .serviceUnavailable,
                    pages.formPage(
                        language: language,
                        values: values,
                        notice: form.text("not_saved", language),
                        key: postedKey ?? IdempotencyKey.make(),
                        action: action(request)
                    ),
                    request: request,
                    cors: cors
                )
            }
            response.headers[.retryAfter] = "5"
            return response
        }
    }

    // MARK: - Answers

    func success(
        id: String,
        _ encoding: Submission.Encoding,
        language: String,
        cors: String?,
        created: Bool
    )
        -> Response
    {
        switch encoding {
        case .json:
            return json(.created, ["id": id, "status": "received"], cors: cors)
        case .form:
            // Post/Redirect/Get to this service's own confirmation page, which shows the reference
            // in its text (a reload does not post again). Relative, so it works wherever the
            // service is mounted. Without a confirmation shell: the site's page with `?ref=`.
            let location: String
            if pages.hasConfirmationPage(language: language) {
                // Relative to the post's own address (`.../requests`), whatever --public-url says.
                location = "requests/sent?ref=\(id)&\(FormDefinition.languageField)=\(language)#main"
            } else {
                location = configuration.resolvedSiteURL + (form.confirmation[language] ?? "") + "?ref=" + id
            }
            return Response(status: .seeOther, headers: baseHeaders([.location: location], cors: cors))
        }
    }

    /// `GET /requests/sent?ref=PS-...&lang=es`: the confirmation after a plain post, in the
    /// request's language, with the reference in the page. Its language switch leads here again.
    func confirmation(_ request: Request) -> Response {
        let reference = request.uri.queryParameters["ref"].map(String.init) ?? ""
        let language = form.resolvedLanguage(request.uri.queryParameters["lang"].map(String.init) ?? "")
        guard ReferenceID.isWellFormed(reference) else {
            return problem(.notFound, "No such page.", json: false, cors: nil)
        }
        guard let html = pages.confirmationPage(reference: reference, language: language) else {
            let location = configuration.resolvedSiteURL + (form.confirmation[language] ?? "") + "?ref=" + reference
            return Response(status: .seeOther, headers: baseHeaders([.location: location], cors: nil))
        }
        return page(.ok, html, request: request, cors: nil)
    }

    func invalid(
        _ errors: [FormFieldError],
        values: [String: [String]],
        key: String?,
        _ encoding: Submission.Encoding,
        language: String,
        request: Request,
        cors: String?
    ) -> Response {
        if encoding == .json {
            struct Body: Encodable {
                let errors: [FormFieldError]
                let title: String
            }
            return json(
                .unprocessableContent,
                Body(errors: errors, title: form.text("error_summary", language)),
                cors: cors
            )
        }
        let html = pages.formPage(
            language: language,
            values: values,
            errors: errors,
            key: key ?? IdempotencyKey.make(),
            action: action(request)
        )
        return page(.unprocessableContent, html, request: request, cors: cors)
    }

    /// A refusal before the answers could be read: the script gets JSON; a person gets a page in
    /// the form's language that says what happened, with a way back to the form.
    func refused(
        _ status: HTTPResponse.Status,
        _ textKey: String,
        language: String,
        json wantsJSON: Bool,
        cors: String?,
        request: Request
    ) -> Response {
        let message = form.text(textKey, language)
        if wantsJSON { return json(status, ["error": message], cors: cors) }
        let html = pages.formPage(
            language: language,
            values: [:],
            notice: message,
            keepForm: false,
            key: "",
            action: action(request)
        )
        return page(status, html, request: request, cors: cors)
    }

    /// An HTML answer: never cached, with the service's own policy.
    func page(_ status: HTTPResponse.Status, _ html: String, request: Request, cors: String?) -> Response {
        var headers = baseHeaders([.contentType: "text/html; charset=utf-8"], cors: cors)
        headers[.contentSecurityPolicy] = pages.contentSecurityPolicy(action: action(request))
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    func problem(_ status: HTTPResponse.Status, _ message: String, json wantsJSON: Bool, cors: String?) -> Response {
        if wantsJSON { return json(status, ["error": message], cors: cors) }
        return Response(
            status: status,
            headers: baseHeaders([.contentType: "text/plain; charset=utf-8"], cors: cors),
            body: .init(byteBuffer: ByteBuffer(string: message + "\n"))
        )
    }

    func json(_ status: HTTPResponse.Status, _ value: some Encodable, cors: String?) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(
            status: status,
            headers: baseHeaders([.contentType: "application/json"], cors: cors),
            body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }

    /// Answers may echo what someone wrote: never cache them anywhere.
    func baseHeaders(_ fields: HTTPFields, cors: String?) -> HTTPFields {
        var headers = fields
        headers[.cacheControl] = "no-store"
        headers[.xContentTypeOptions] = "nosniff"
        headers[.vary] = "Origin"
        if let cors { headers[.accessControlAllowOrigin] = cors }
        return headers
    }

    /// CORS preflight: only allowed origins get the go-ahead.
    func preflight(_ request: Request) -> Response {
        guard let origin = origins.corsOrigin(request.headers[.origin]),
            request.headers[.accessControlRequestMethod]?.uppercased() == "POST"
        else {
            return Response(status: .forbidden, headers: [.vary: "Origin"])
        }
        return Response(
            status: .noContent,
            headers: [
                .accessControlAllowOrigin: origin, .accessControlAllowMethods: "POST",
                .accessControlAllowHeaders: "Content-Type, Idempotency-Key", .accessControlMaxAge: "600",
                .vary: "Origin",
            ]
        )
    }

    // MARK: - Helpers

    /// A header by name (case-insensitive); for headers HTTPTypes has no constant for.
    static func header(_ request: Request, _ name: String) -> String? {
        request.headers.first { $0.name.canonicalName == name }?.value
    }

    func clientAddress(_ request: Request, _ context: IntakeContext) -> String {
        if configuration.trustForwardedFor,
            let last = Self.header(request, "x-forwarded-for")?.split(separator: ",").last
        {
            return RateLimitKey.of(last.trimmingCharacters(in: .whitespaces))
        }
        return RateLimitKey.of(context.peerAddress ?? "unknown")
    }

    var pages: ServicePages { ServicePages(configuration: configuration, form: form) }

    func action(_ request: Request) -> String { configuration.publicURL ?? derivedAction(request) }

    func postedKey(_ values: [String: [String]], _ request: Request) -> String? {
        (values[FormDefinition.idempotencyField]?.first ?? Self.header(request, "idempotency-key"))
            .flatMap { IdempotencyKey.isWellFormed($0) ? $0 : nil }
    }

    func derivedAction(_ request: Request) -> String {
        let scheme = configuration.trustForwardedFor ? (Self.header(request, "x-forwarded-proto") ?? "http") : "http"
        return "\(scheme)://\(request.head.authority ?? "localhost")/requests"
    }
}
