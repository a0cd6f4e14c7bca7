import Foundation

/// Links pages to their sections and translations: a section lists the pages and subsections
/// of its folder in its own language, in reading order (weight, then title).
enum SectionTree {
    static func link(_ pages: inout [Page]) {
        var sectionByFolder: [String: Int] = [:]  // "lang|dir" -> index
        var byTranslationKey: [String: [Int]] = [:]
        for page in pages {
            if page.isSectionIndex { sectionByFolder[page.language + "|" + page.directory] = page.index }
            byTranslationKey[page.translationKey, default: []].append(page.index)
        }
        for index in pages.indices {
            let page = pages[index]
            var folder = page.isSectionIndex ? parentFolder(of: page.directory) : page.directory
            if page.kind == .home { continue }
            while true {
                if let section = sectionByFolder[page.language + "|" + (folder ?? "")] {
                    pages[index].parentSection = section
                    break
                }
                guard let current = folder, !current.isEmpty else { break }
                folder = parentFolder(of: current)
            }
            if let parent = pages[index].parentSection { pages[parent].children.append(index) }
        }
        let snapshot = pages
        for index in pages.indices {
            pages[index].children.sort { lhs, rhs in
                let left = snapshot[lhs].frontMatter
                let right = snapshot[rhs].frontMatter
                // As in Hugo, pages without a weight come after weighted ones.
                let leftWeight = left.weight == 0 ? Int.max : left.weight
                let rightWeight = right.weight == 0 ? Int.max : right.weight
                if leftWeight != rightWeight { return leftWeight < rightWeight }
                if left.title != right.title {
                    return left.title.lowercased() < right.title.lowercased()
                }
                return snapshot[lhs].sourcePath < snapshot[rhs].sourcePath
            }
            for other in byTranslationKey[pages[index].translationKey] ?? [] where other != index {
                pages[index].translations[pages[other].language] = other
            }
        }
    }

    /// `a/b` -> `a`; `a` -> `` (the top); `` -> nil.
    static func parentFolder(of folder: String) -> String? {
        if folder.isEmpty { return nil }
        guard let slash = folder.lastIndex(of: "/") else { return "" }
        return String(folder[..<slash])
    }
}
