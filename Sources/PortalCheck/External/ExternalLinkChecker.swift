import Foundation

/// `external-link`: links to other sites still answer. Each address is asked once, several at a
/// time, with a timeout; answers are cached. Findings are warnings unless asked otherwise: the
/// site cannot fix another site.
struct ExternalLinkChecker {
    let options: ExternalLinkOptions

    func check(_ references: [ExternalReference], now: Date = Date()) -> [CheckFinding] {
        var cache = ExternalLinkCache(file: options.cacheFile, lifetime: options.cacheLifetime, now: now)
        let addresses = Array(Set(references.map { Self.withoutFragment($0.url) })).sorted()
        let unknown = addresses.filter { cache.fresh($0) == nil }
        let answers = ask(unknown)
        for (address, outcome) in zip(unknown, answers) where outcome.isLasting {
            cache.store(address, Self.entry(outcome, now: now))
        }
        cache.save()
        var verdicts: [String: ExternalLinkCache.Entry] = cache.entries
        for (address, outcome) in zip(unknown, answers) { verdicts[address] = Self.entry(outcome, now: now) }

        return references.compactMap { reference in
            let address = Self.withoutFragment(reference.url)
            guard let verdict = verdicts[address], !verdict.ok else { return nil }
            return CheckFinding(
                options.failOnBroken ? .error : .warning,
                file: reference.file,
                line: max(reference.line, 1),
                column: 0,
                rule: "external-link",
                message: "the link to \(reference.url.absoluteString) \(verdict.note)",
                hint: "check the address in a browser; update the link or remove it if the page is gone",
                clues: [reference.url.absoluteString] + reference.clues
            )
        }
    }

    /// Asks every address, `concurrency` at a time; answers in the same order.
    private func ask(_ addresses: [String]) -> [HTTPProbe.Outcome] {
        guard !addresses.isEmpty else { return [] }
        let probe = HTTPProbe(timeout: options.timeout)
        let results = OutcomeSlots(count: addresses.count)
        let queue = DispatchQueue(label: "portal.external-links", attributes: .concurrent)
        let slots = DispatchSemaphore(value: max(options.concurrency, 1))
        let group = DispatchGroup()
        for (index, address) in addresses.enumerated() {
            slots.wait()
            group.enter()
            queue.async {
                defer {
                    slots.signal()
                    group.leave()
                }
                guard let url = URL(string: address) else {
                    results.store(.unreachable("not a valid address"), at: index)
                    return
                }
                results.store(probe.check(url), at: index)
            }
        }
        group.wait()
        return results.all
    }

    static func withoutFragment(_ url: URL) -> String {
        let text = url.absoluteString
        return text.firstIndex(of: "#").map { String(text[..<$0]) } ?? text
    }

    static func entry(_ outcome: HTTPProbe.Outcome, now: Date) -> ExternalLinkCache.Entry {
        switch outcome {
        case .ok(let status): return .init(ok: true, status: status, note: "works", checked: now)
        case .broken(let status): return .init(ok: false, status: status, note: "answers \(status)", checked: now)
        case .redirectLoop:
            return .init(ok: false, status: nil, note: "redirects in a loop (or more than 20 times)", checked: now)
        case .timeout: return .init(ok: false, status: nil, note: "did not answer in time", checked: now)
        case .unreachable(let reason):
            return .init(ok: false, status: nil, note: "could not be reached (\(reason))", checked: now)
        }
    }
}

private final class OutcomeSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [HTTPProbe.Outcome]
    init(count: Int) { slots = Array(repeating: .timeout, count: count) }
    func store(_ outcome: HTTPProbe.Outcome, at index: Int) {
        lock.lock()
        slots[index] = outcome
        lock.unlock()
    }
    var all: [HTTPProbe.Outcome] {
        lock.lock()
        defer { lock.unlock() }
        return slots
    }
}
