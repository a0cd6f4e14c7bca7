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
    /// The same templates rendered without swift-mustache's dynamic casts (`CompiledTemplates`);
    /// nil when one holds a token it cannot read.
    public var compiled: CompiledTemplates?
    /// Which renderer renders a page (tests compare them).
    public var renderer = TemplateRenderer.fastest

    public func hasLayout(_ name: String) -> Bool { templateFiles[name] != nil }

    /// Layout names a page may ask for (partials excluded), for hints.
    public var layoutNames: [String] {
        templateFiles.keys.filter { !$0.contains("/") }.sorted()
    }

    /// The layout's output for this page's data; nil when the layout does not exist.
    public func render(_ layout: String, context: [String: Any]) -> String? {
        if renderer != .swiftMustacheOnly, let compiled, let text = compiled.render(layout, context: context) {
            return text
        }
        if renderer == .compiledOnly { return nil }
        return library.render(context, withTemplate: layout)
    }
}

/// `CompiledTemplates` renders every page it can, swift-mustache the rest; tests ask for one.
public enum TemplateRenderer: Sendable {
    case fastest
    case swiftMustacheOnly
    /// A page only swift-mustache renders comes out empty, so a test sees it.
    case compiledOnly
}
