import Foundation

/// Answers from earlier `--external` runs, so that a rebuild does not ask every site again.
/// A JSON file: address to status, note and when it was asked; entries older than the lifetime
/// are asked again.
struct ExternalLinkCache {
    struct Entry: Codable {
        var ok: Bool
        var status: Int?
        var note: String
        var checked: Date
    }

    let file: URL?
    let lifetime: TimeInterval
    private(set) var entries: [String: Entry] = [:]

    init(file: URL?, lifetime: TimeInterval, now: Date = Date()) {
        self.file = file
        self.lifetime = lifetime
        guard let file, let data = try? Data(contentsOf: file) else { return }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let stored = (try? decoder.decode([String: Entry].self, from: data)) ?? [:]
        entries = stored.filter { now.timeIntervalSince($0.value.checked) < lifetime }
    }

    func fresh(_ address: String) -> Entry? { entries[address] }

    mutating func store(_ address: String, _ entry: Entry) { entries[address] = entry }

    func save() {
        guard let file else { return }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard let data = try? encoder.encode(entries) else { return }
        try? FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(),
            withIntermediateDirectories: true
        )
        try? data.write(to: file, options: .atomic)
    }
}
