import Foundation
import PortalConfig
import PortalDiagnostics
import PortalSupport
import PortalYAML

/// Reads the content and data folders into a `ContentSite`: pages with their front matter,
/// URLs, sections and translations. Reports every problem it finds.
public enum ContentLoader {
    public struct Options: Sendable {
        public var includeDrafts: Bool
        /// Keep pages whose `expirydate` has passed (they are left out otherwise, as in Hugo).
        public var includeExpired: Bool
        /// The day expiry dates are compared with.
        public var today: YAMLDate
        public init(includeDrafts: Bool = false, includeExpired: Bool = false, today: YAMLDate = .today()) {
            self.includeDrafts = includeDrafts
            self.includeExpired = includeExpired
            self.today = today
        }
    }

    public static func load(
        config: SiteConfig,
        options: Options = Options(),
        diagnostics: DiagnosticCollector,
        cache: ContentReadCache? = nil,
        frontMatter: FrontMatterMemo? = nil,
        lastRead: ReadStamps? = nil
    ) -> ContentSite {
        let readStarted = Date().timeIntervalSince1970
        let contentRoot = config.contentDirectory
        let display = displayPrefix(for: contentRoot, in: config.rootDirectory)
        let files = cache?.files(under: contentRoot) ?? FileTree.files(under: contentRoot)
        let languageCodes = Set(config.languages.map(\.code))
        let defaultLanguage = config.defaultLanguage.code

        let markdownFiles = files.filter { $0.hasSuffix(".md") }
        // Files the last build read and that are as it read them: front matter from the memo,
        // bodies unread (`ReadStamps`).
        let unread: [PageReader.Result?] =
            if let lastRead, let frontMatter {
                markdownFiles.parallelMap { path -> PageReader.Result? in
                    let absolute = contentRoot.path + "/" + path
                    guard let (stamp, modified) = SourceFile.look(absolute),
                        let known = lastRead.unchanged(path, stamp: stamp, modified: modified),
                        let node = frontMatter.reuse(for: path)
                    else { return nil }
                    return PageReader.unread(
                        absolute,
                        displayPath: display + path,
                        node: node,
                        bodyLineOffset: known.bodyLineOffset,
                        stamp: stamp
                    )
                }
            } else {
                Array(repeating: nil, count: markdownFiles.count)
            }
        // The preview's later builds read only changed files; every other build reads them all.
        let readAhead =
            cache?.holdsReads == true
            ? nil
            : ReadAhead.start(
                markdownFiles.indices.filter { unread[$0] == nil }.map {
                    contentRoot.path + "/" + markdownFiles[$0]
                }
            )
        defer { _ = readAhead?.result }
        let read = Array(markdownFiles.indices).parallelMap { index in
            if let known = unread[index] { return known }
            let path = markdownFiles[index]
            // Said to be a file: otherwise Foundation asks the file system (a stat per page).
            let url = contentRoot.appendingPathComponent(path, isDirectory: false)
            return cache?.read(url, displayPath: display + path)
                ?? PageReader.read(url, displayPath: display + path, memo: frontMatter, source: path)
        }
        var readStamps = ReadStamps(readStarted: readStarted)

        var pages: [Page] = []
        pages.reserveCapacity(markdownFiles.count)
        var drafts: Set<String> = []
        var expired: Set<String> = []
        for (path, result) in zip(markdownFiles, read) {
            diagnostics.report(contentsOf: result.problems)
            if !result.stamp.isEmpty {
                readStamps.sources[path] = .init(stamp: result.stamp, bodyLineOffset: result.bodyLineOffset)
            }
            if result.frontMatter.draft && !options.includeDrafts {
                drafts.insert(path)
                continue
            }
            if let expiry = result.frontMatter.expiry, expiry <= options.today, !options.includeExpired {
                expired.insert(path)
                continue
            }
            let (directory, baseName, language) = split(path, languages: languageCodes, default: defaultLanguage)
            let kind: PageKind =
                baseName == "_index" ? (directory.isEmpty ? .home : .section) : .page
            pages.append(
                Page(
                    index: pages.count,
                    sourcePath: path,
                    displayPath: display + path,
                    directory: directory,
                    baseName: baseName,
                    language: language,
                    kind: kind,
                    frontMatter: result.frontMatter,
                    body: result.body,
                    bodyLineOffset: result.bodyLineOffset
                )
            )
            pages[pages.count - 1].bodyFile = result.bodyFile
        }

        URLPlanner.assignURLs(to: &pages, config: config, diagnostics: diagnostics)
        SectionTree.link(&pages)

        var pageBySource: [String: Int] = [:]
        var pageByURL: [String: Int] = [:]
        for index in pages.indices {
            pageBySource[pages[index].sourcePath] = index
            if let other = pageByURL[pages[index].url] {
                let page = pages[index]
                diagnostics.report(
                    .error(
                        page.displayPath,
                        line: 1,
                        rule: "duplicate-url",
                        "this page and \(pages[other].displayPath) both want the address /\(page.url)",
                        hint: "give one of them a different 'slug' or move it"
                    )
                )
            } else {
                pageByURL[pages[index].url] = index
            }
        }

        let assets = files.filter { !$0.hasSuffix(".md") && !isData($0) }
        var data = DataLoader.load(
            files.filter(isData),
            root: contentRoot,
            display: display,
            diagnostics: diagnostics
        )
        if FileTree.isDirectory(config.dataDirectory) {
            let dataDisplay = displayPrefix(for: config.dataDirectory, in: config.rootDirectory)
            let more = DataLoader.load(
                FileTree.files(under: config.dataDirectory).filter(isData),
                root: config.dataDirectory,
                display: dataDisplay,
                diagnostics: diagnostics
            )
            data.merge(more) { first, _ in first }
        }
        var homes: [String: Int] = [:]
        for index in pages.indices where pages[index].kind == .home && homes[pages[index].language] == nil {
            homes[pages[index].language] = index
        }
        return ContentSite(
            pages: pages,
            assetFiles: assets,
            data: data,
            pageBySource: pageBySource,
            pageByURL: pageByURL,
            draftSources: drafts,
            expiredSources: expired,
            homeByLanguage: homes,
            readStamps: readStamps
        )
    }

    static func isData(_ path: String) -> Bool {
        path.hasSuffix(".yml") || path.hasSuffix(".yaml")
    }

    /// `self-care/boundaries.es.md` is (`self-care`, `boundaries`, `es`).
    static func split(
        _ path: String,
        languages: Set<String>,
        default defaultLanguage: String
    )
        -> (directory: String, baseName: String, language: String)
    {
        var components = path.split(separator: "/").map(String.init)
        let fileName = components.removeLast()
        var stem = String(fileName.dropLast(3))
        var language = defaultLanguage
        if let dot = stem.lastIndex(of: ".") {
            let suffix = String(stem[stem.index(after: dot)...])
            if languages.contains(suffix) {
                language = suffix
                stem = String(stem[..<dot])
            }
        }
        return (components.joined(separator: "/"), stem, language)
    }

    /// `content/` as the user knows it: relative to the site folder when inside it.
    public static func displayPrefix(for folder: URL, in root: URL) -> String {
        let folderPath = folder.standardizedFileURL.path
        let rootPath = root.standardizedFileURL.path + "/"
        if folderPath.hasPrefix(rootPath) { return String(folderPath.dropFirst(rootPath.count)) + "/" }
        return folderPath + "/"
    }
}
