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
    /// A connection that sends nothing for this long is closed: an idle keep-alive connection, or
    /// one whose request head never completes (slowloris).
    public var idleTimeout: Duration = .seconds(15)
    /// A request's body must arrive within this long after its head, or the answer is 408 and the
    /// connection closes (a body sent a byte at a time would otherwise hold it for hours).
    public var bodyTimeout: Duration = .seconds(10)
    /// Connections served at once; past it, new ones wait in the kernel's queue. Kept below the
    /// process's open-file limit (`effectiveMaxConnections`) so the database can always be opened.
    public var maxConnections: Int = 1000
    /// The team's contact, shown by the form's script when the service cannot be reached.
    public var contactPhone: String?
    public var contactEmail: String?
    /// The channels that tell the team about each new request (`webhook`, `email`): a stored request
    /// gets one notification per channel, in the same transaction.
    public var notificationChannels: [String] = []
    /// `/health` answers 503 once a notification has waited this long.
    public var notificationStalledAfter: TimeInterval = 120
    /// How long a failed sign-in to the team inbox waits before it is answered.
    public var teamFailureDelay: Duration = TeamPolicy.failureDelay

    public init(allowedOrigins: [String]) {
        self.allowedOrigins = allowedOrigins.compactMap(OriginPolicy.normalize)
    }

    /// `maxConnections`, but at most the open-file limit less 64 descriptors for the database,
    /// logs and the listening socket.
    public var effectiveMaxConnections: Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < rlim_t(Int32.max) else {
            return maxConnections
        }
        return max(8, min(maxConnections, Int(limit.rlim_cur) - 64))
    }

    /// The team inbox's address for a request, for notifications: `--public-url` with its
    /// `/requests` replaced by `/team/requests/` (the reference is appended); nil without it.
    public var teamInboxURL: String? {
        guard let publicURL, publicURL.hasSuffix("/requests") else { return nil }
        return String(publicURL.dropLast("/requests".count)) + "/team/requests/"
    }

    /// The site root URL, always ending in `/`.
    var resolvedSiteURL: String {
        var url = siteURL ?? allowedOrigins.first ?? "/"
        if !url.hasSuffix("/") { url += "/" }
        return url
    }
}
