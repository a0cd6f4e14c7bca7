import Foundation

/// Links pages to their sections and translations: a section lists the pages and subsections
/// of its folder in its own language, in reading order (weight, then title).
enum SectionTree {
    static func link(_ pages: inout [Page]) {
        var sectionByFolder: [String: Int] = [:]  // "lang|dir" -> index
        var byTranslationKey: [String: [Int]] = [:]
        // By index and field: copying a page (twenty-odd strings and lists) for each look was
        // most of this step's time at 10,000 pages.
        for index in pages.indices {
            if pages[index].isSectionIndex {
                sectionByFolder[pages[index].language + "|" + pages[index].directory] = index
            }
            byTranslationKey[pages[index].translationKey, default: []].append(index)
        }
        for index in pages.indices where pages[index].kind != .home {
            let language = pages[index].language
            let directory = pages[index].directory
            var folder = pages[index].isSectionIndex ? parentFolder(of: directory) : directory
            while true {
                if let section = sectionByFolder[language + "|" + (folder ?? "")] {
                    pages[index].parentSection = section
                    break
                }
                guard let current = folder, !current.isEmpty else { break }
                folder = parentFolder(of: current)
            }
            if let parent = pages[index].parentSection { pages[parent].children.append(index) }
        }
        // Reading order, as in Hugo: weight (pages without one after weighted ones), then title,
        // then file; the keys are made once per page, not per comparison.
        let keys = pages.indices.map { index in
            let matter = pages[index].frontMatter
            return OrderKey(
                weight: matter.weight == 0 ? Int.max : matter.weight,
                title: matter.title,
                lowercasedTitle: matter.title.lowercased(),
                source: pages[index].sourcePath
            )
        }
        for index in pages.indices {
            if pages[index].children.count > 1 { pages[index].children.sort { keys[$0] < keys[$1] } }
            for other in byTranslationKey[pages[index].translationKey] ?? [] where other != index {
                pages[index].translations[pages[other].language] = other
            }
        }
    }

    private struct OrderKey: Comparable {
        var weight: Int
        var title: String
        var lowercasedTitle: String
        var source: String

        static func < (lhs: OrderKey, rhs: OrderKey) -> Bool {
            if lhs.weight != rhs.weight { return lhs.weight < rhs.weight }
            if lhs.title != rhs.title { return lhs.lowercasedTitle < rhs.lowercasedTitle }
            return lhs.source < rhs.source
        }
    }

    /// `a/b` -> `a`; `a` -> `` (the top); `` -> nil.
    static func parentFolder(of folder: String) -> String? {
        if folder.isEmpty { return nil }
        guard let slash = folder.lastIndex(of: "/") else { return "" }
        return String(folder[..<slash])
    }
}
