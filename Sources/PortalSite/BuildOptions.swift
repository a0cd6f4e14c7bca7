import Foundation
import PortalTheme
import PortalYAML

public struct BuildOptions: Sendable {
    /// The `site.yml` to build.
    public var configFile: URL
    public var outputOverride: URL?
    public var baseURLOverride: String?
    /// Where the request form posts, in place of `intake_url` (`portal serve` points it at itself).
    public var intakeURLOverride: String?
    /// Accept an `intake_url` on http or on this machine for an https site (a staging build);
    /// otherwise such a form is an error, since published it could not work.
    public var allowLocalIntake = false
    /// Keep pages whose `expirydate` has passed.
    public var includeExpired = false
    public var includeDrafts: Bool
    /// Warnings fail the build.
    public var strict: Bool
    /// The day the build counts from (stale referral entries); today unless a test pins it.
    public var today: YAMLDate
    /// Called from any thread with (pages rendered, pages in all).
    public var progress: (@Sendable (Int, Int) -> Void)?
    /// Read back the written site with `portal check` before it replaces the old one.
    public var check: Bool
    /// Let the check reuse the results of pages unchanged since the last build
    /// (`.cache/check-pages.bin` beside `site.yml`); `--no-cache` turns it off.
    public var reuseCheckResults: Bool
    /// Measure every page's readability for the report. `portal build --quiet` without
    /// `--readability` prints no figure, so it skips the work (a third of a second at 10,000 pages).
    public var measureReadability: Bool
    /// Test hook: which template renderer renders the pages, to show that both write the same
    /// bytes. Not part of the memo's settings: it changes no file.
    public var templateRenderer = TemplateRenderer.fastest
    /// Test hook: writing fails as on a full disk after this many files.
    public var simulatedDiskFullAfter: Int?
    /// The build's pages, bodies and memo are never freed (`KeptUntilExit`): the command line
    /// exits right after the build. Not part of the memo's settings: it changes no file.
    public var keepsMemoryUntilExit = false

    public init(
        configFile: URL,
        outputOverride: URL? = nil,
        baseURLOverride: String? = nil,
        intakeURLOverride: String? = nil,
        includeDrafts: Bool = false,
        strict: Bool = false,
        today: YAMLDate = .today(),
        progress: (@Sendable (Int, Int) -> Void)? = nil,
        check: Bool = true,
        reuseCheckResults: Bool = true,
        measureReadability: Bool = true
    ) {
        self.check = check
        self.reuseCheckResults = reuseCheckResults
        self.measureReadability = measureReadability
        self.configFile = configFile
        self.outputOverride = outputOverride
        self.baseURLOverride = baseURLOverride
        self.intakeURLOverride = intakeURLOverride
        self.includeDrafts = includeDrafts
        self.strict = strict
        self.today = today
        self.progress = progress
    }
}
