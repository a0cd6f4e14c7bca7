import Foundation

/// Everything `portal intake` is told on its command line.
public struct IntakeConfiguration: Sendable {
    /// Origins (scheme://host[:port]) whose pages may post requests, e.g. https://peers.example.org.
    public var allowedOrigins: [String]
    /// Requests per minute per client address; 0 turns the limit off. A person sends one request,
    /// perhaps after fixing a mistake or two, so 10 leaves room while slowing down floods.
    public var rateLimitPerMinute: Int = 10
    public static let defaultRateLimit = 10
    /// The built site (`public/`), where the builder left `form-shell.html` beside each form page.
    public var siteDirectory: String = "public"
    /// Reads a built file by its site path (`request/form-shell.html`) when the site is not in a
    /// folder: `portal serve` keeps it in memory.
    public var readSiteFile: (@Sendable (String) -> Data?)?
    /// Public URL of the site root, ending in `/`; the confirmation redirect and error pages point
    /// there. Defaults to the first allowed origin.
    public var siteURL: String?
    /// This service's public URL for `POST /requests` as the form uses it (site.yml's `intake_url`
    /// plus `/requests`); derived from the request's Host when not given.
    public var publicURL: String?
    /// Read the client address for rate limiting from the last `X-Forwarded-For` entry (set this
    /// only behind a reverse proxy that appends it).
    public var trustForwardedFor: Bool = false
    /// Without an idempotency key, the same answers again within this window are the same request.
    public var dedupeWindow: TimeInterval = 600
    /// Bodies above this many bytes get 413.
    public var maxBodyBytes: Int = 16 * 1024
    /// The team's contact, shown by the form's script when the service cannot be reached.
    public var contactPhone: String?
    public var contactEmail: String?
    /// Called (with ids only, never answers) for each new request.
    public var webhookURL: URL?

    public init(allowedOrigins: [String]) {
        self.allowedOrigins = allowedOrigins.compactMap(OriginPolicy.normalize)
    }

    /// The site root URL, always ending in `/`.
    var resolvedSiteURL: String {
        var url = siteURL ?? allowedOrigins.first ?? "/"
        if !url.hasSuffix("/") { url += "/" }
        return url
    }
}
