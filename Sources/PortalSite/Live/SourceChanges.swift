import Foundation

/// What changed on disk since the last rebuild, as a file watcher saw it.
public struct SourceChanges: Sendable {
    /// Absolute paths of files (or folders) created, modified, deleted or moved.
    public var paths: Set<String>
    /// Files or folders appeared or went away (not only modified).
    public var structural: Bool
    /// Events were lost: everything must be read again.
    public var overflow: Bool

    public init(paths: Set<String>, structural: Bool = false, overflow: Bool = false) {
        self.paths = paths
        self.structural = structural
        self.overflow = overflow
    }
}

/// What a changed path means to the build.
enum ChangeKind {
    case config
    case theme
    /// A Markdown page under the content folder.
    case page
    /// A YAML data file (content or data folder): templates may use it anywhere.
    case data
    /// A file copied as it is (beside a page, or in `static/`).
    case file
    case unrelated

    /// `themes` are the folders of the theme in use and its parents. The site's own folders are
    /// looked at first: the themes folder may hold them (the benchmark's does).
    init(path: String, configFile: URL, themes: [URL], content: URL, data: URL, statics: URL) {
        func inside(_ folder: URL) -> Bool {
            let folderPath = folder.standardizedFileURL.path
            return path == folderPath || path.hasPrefix(folderPath + "/")
        }
        let isYAML = path.hasSuffix(".yml") || path.hasSuffix(".yaml")
        if path == configFile.standardizedFileURL.path {
            self = .config
        } else if inside(content) {
            self = path.hasSuffix(".md") ? .page : isYAML || path == content.standardizedFileURL.path ? .data : .file
        } else if inside(data) {
            self = .data
        } else if inside(statics) {
            self = .file
        } else if themes.contains(where: inside) {
            self = .theme
        } else {
            self = .unrelated
        }
    }
}
