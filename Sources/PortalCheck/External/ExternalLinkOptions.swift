import Foundation

/// How `--external` asks other sites about the links to them.
public struct ExternalLinkOptions: Sendable {
    /// Where answers are kept between runs (`.cache/external-links.json`); nil keeps none.
    public var cacheFile: URL?
    /// How long a kept answer counts.
    public var cacheLifetime: TimeInterval
    /// Per request.
    public var timeout: TimeInterval
    /// Requests in flight at once.
    public var concurrency: Int
    /// Broken links are warnings unless this is set: other sites come and go.
    public var failOnBroken: Bool

    public init(
        cacheFile: URL? = nil,
        cacheLifetime: TimeInterval = 24 * 3600,
        timeout: TimeInterval = 10,
        concurrency: Int = 8,
        failOnBroken: Bool = false
    ) {
        self.cacheFile = cacheFile
        self.cacheLifetime = cacheLifetime
        self.timeout = timeout
        self.concurrency = concurrency
        self.failOnBroken = failOnBroken
    }
}
