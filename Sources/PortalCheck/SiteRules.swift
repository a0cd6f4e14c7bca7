import Foundation
import PortalSupport

/// Rules that need every page (`title-unique`) or files other than pages (`sitemap.xml`,
/// style sheets).
enum SiteRules {
    /// `title-unique`: search results and browser tabs tell pages apart by their titles. Redirects
    /// and pages kept out of search engines (`noindex`) may share one.
    static func uniqueTitles(_ pages: [ScannedPage]) -> [CheckFinding] {
        var first: [String: String] = [:]
        var findings: [CheckFinding] = []
        for page in pages where !page.isRedirect && !page.isNoIndex {
            guard let title = page.title, !title.isEmpty else { continue }
            if let owner = first[title] {
                var finding = CheckFinding(
                    .error,
                    file: page.path,
                    line: page.titleLine,
                    column: 1,
                    rule: "title-unique",
                    message: "the title '\(title)' is also the title of \(owner)",
                    hint: "give each page its own 'title:' in the front matter",
                    clues: ["<title"]
                )
                finding.frontMatterKey = "title"
                findings.append(finding)
            } else {
                first[title] = page.path
            }
        }
        return findings
    }

    /// `link-target` for `sitemap.xml`: every `<loc>` and alternate `href` is a built page. On
    /// bytes: the sitemap has lines for every page, and Foundation's search is slow on Linux.
    static func sitemap(folder: URL, resolution: LinkResolution, base: URL?) -> [CheckFinding] {
        guard let bytes = SourceFile.read(folder.path + "/sitemap.xml")?.bytes else { return [] }
        var findings: [CheckFinding] = []
        // Most entries are the site's address and a plain path: no URL parsing for those.
        let prefix = base.map(\.absoluteString).flatMap { $0.hasSuffix("/") ? $0 : nil }
        let basePath = base.map { $0.path.hasSuffix("/") ? $0.path : $0.path + "/" } ?? "/"
        for (index, line) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            for address in addresses(in: line) {
                let unescaped = address.contains("&") ? address.replacingOccurrences(of: "&amp;", with: "&") : address
                let classified =
                    prefix.flatMap { LinkAddress.underBase(unescaped, prefix: $0, basePath: basePath) }
                    ?? LinkAddress.classify(unescaped, base: base)
                guard case .site = classified,
                    let problem = resolution.problem(unescaped, classified, from: "sitemap.xml")
                else { continue }
                let text = String(decoding: line, as: UTF8.self)
                let column =
                    text.distance(from: text.startIndex, to: text.range(of: address)?.lowerBound ?? text.startIndex) + 1
                findings.append(
                    CheckFinding(
                        .error,
                        file: "sitemap.xml",
                        line: index + 1,
                        column: column,
                        rule: "link-target",
                        message: "the sitemap lists " + problem.message,
                        hint: "the sitemap is written by the build: report this as a bug",
                        clues: []
                    )
                )
            }
        }
        return findings
    }

    /// What `<loc>...</loc>` and `href="..."` hold on one line.
    private static func addresses(in line: ArraySlice<UInt8>) -> [String] {
        var found: [String] = []
        if let start = find("<loc>", in: line), let end = find("</loc>", in: line), start + 5 <= end {
            found.append(String(decoding: line[(start + 5)..<end], as: UTF8.self))
        }
        if let start = find("href=\"", in: line) {
            let rest = line[(start + 6)...]
            if let end = rest.firstIndex(of: UInt8(ascii: "\"")) {
                found.append(String(decoding: rest[..<end], as: UTF8.self))
            }
        }
        return found
    }

    /// Index (in the whole array) where an ASCII needle first starts in a slice.
    private static func find(_ needle: StaticString, in line: ArraySlice<UInt8>) -> Int? {
        let pin = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        guard let first = pin.first, line.count >= pin.count else { return nil }
        var index = line.startIndex
        while index <= line.endIndex - pin.count,
            let hit = line[index...(line.endIndex - pin.count)].firstIndex(of: first)
        {
            if line[hit..<(hit + pin.count)].elementsEqual(pin) { return hit }
            index = hit + 1
        }
        return nil
    }

    /// `third-party` in style sheets: fonts and images from another origin.
    static func stylesheets(folder: URL, files: [String], base: URL?) -> [CheckFinding] {
        files.filter { $0.hasSuffix(".css") }.flatMap { path -> [CheckFinding] in
            guard let bytes = SourceFile.read(folder.path + "/" + path)?.bytes else { return [] }
            var findings: [CheckFinding] = []
            for (index, line) in String(decoding: bytes, as: UTF8.self).split(
                separator: "\n",
                omittingEmptySubsequences: false
            ).enumerated()
            where line.contains("url(") || line.contains("@import") {
                for address in CSSAddresses.find(in: String(line)) {
                    guard case .external(let url) = LinkAddress.classify(address, base: base) else { continue }
                    let column =
                        line.distance(from: line.startIndex, to: line.range(of: address)?.lowerBound ?? line.startIndex)
                        + 1
                    findings.append(
                        CheckFinding(
                            .error,
                            file: path,
                            line: index + 1,
                            column: column,
                            rule: "third-party",
                            message: "the style sheet loads \(address) from \(url.host ?? "another site")",
                            hint:
                                "copy the font or image into the theme's assets and refer to it with a relative url(...)",
                            clues: []
                        )
                    )
                }
            }
            return findings
        }
    }
}
