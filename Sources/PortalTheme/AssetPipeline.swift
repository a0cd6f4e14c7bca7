import Foundation
import PortalSupport

/// A theme asset as published: its bytes are copied to `output` (a name with a content hash, so
/// browsers can cache it forever), and templates find it through `key`.
public struct PublishedAsset: Sendable {
    /// Path below `assets/`, e.g. `css/site.css`.
    public var path: String
    public var source: URL
    /// Site path, e.g. `assets/css/site.4be1c9a0f2.css`.
    public var output: String
    /// The name templates use: `css/site.css` becomes `css_site_css` (`{{assets.css_site_css}}`).
    public var key: String
    /// The bytes to publish when they differ from the source's (compacted scripts and style sheets).
    public var contents: Data?
}

public enum AssetPipeline {
    public static func publish(_ theme: Theme) -> [PublishedAsset] {
        theme.assets.keys.sorted().compactMap { path in
            guard let source = theme.assets[path],
                let data = FileManager.default.contents(atPath: source.path)
            else { return nil }
            let url = URL(fileURLWithPath: path)
            let ext = url.pathExtension
            var contents: Data?
            if ext == "js", let text = String(data: data, encoding: .utf8) {
                contents = Data(ScriptCompaction.compact(text).utf8)
            } else if ext == "css", let text = String(data: data, encoding: .utf8) {
                contents = Data(StyleCompaction.compact(text).utf8)
            }
            let hash = ContentHash.hex(contents ?? data)
            let stem = ext.isEmpty ? path : String(path.dropLast(ext.count + 1))
            let output = "assets/" + stem + "." + hash + (ext.isEmpty ? "" : "." + ext)
            return PublishedAsset(
                path: path,
                source: source,
                output: output,
                key: templateKey(path),
                contents: contents
            )
        }
    }

    public static func templateKey(_ path: String) -> String {
        String(path.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }
}
