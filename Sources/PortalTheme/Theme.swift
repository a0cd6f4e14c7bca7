import Foundation
import Mustache
import PortalYAML

/// A loaded theme: its Mustache layouts and partials, its assets and its UI strings, with a
/// parent theme's files filling in whatever the child does not override.
public struct Theme: Sendable {
    public var name: String
    /// Theme folders, child first.
    public var chain: [URL]
    /// Template names (`page`, `partials/header`) to the file that defines them, for messages.
    public var templateFiles: [String: String]
    /// Template names to their source text (`portal serve` compares them to find what changed).
    public var templateTexts: [String: String]
    public var library: MustacheLibrary
    /// Asset path below `assets/` (`css/site.css`) to its source file.
    public var assets: [String: URL]
    /// UI strings per language code (a YAML map; templates see it as `t`).
    public var strings: [String: YAMLNode]
    public var stringFiles: [String: String]
    /// Partials rendered once per distinct input (`CachedPartials`); nil when none qualifies.
    public var cachedPartials: CachedPartials?

    public func hasLayout(_ name: String) -> Bool { templateFiles[name] != nil }

    /// Layout names a page may ask for (partials excluded), for hints.
    public var layoutNames: [String] {
        templateFiles.keys.filter { !$0.contains("/") }.sorted()
    }

    public func render(_ layout: String, context: [String: Any]) -> String? {
        guard let cached = cachedPartials,
            let outputs = cached.outputs(
                for: layout,
                context: context,
                render: { library.render(context, withTemplate: $0) ?? "" }
            )
        else { return library.render(context, withTemplate: layout) }
        var context = context
        context[CachedPartials.contextKey] = outputs
        return cached.library.render(context, withTemplate: layout)
    }
}
