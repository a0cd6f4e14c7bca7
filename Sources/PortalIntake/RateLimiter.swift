import Foundation

/// A token bucket per client address: `perMinute` requests at once, refilled at `perMinute` a
/// minute. Kept in memory: a restart forgives everyone, which is fine for this purpose.
actor RateLimiter {
    private let perMinute: Int
    private var buckets: [String: (tokens: Double, updated: Date)] = [:]

    init(perMinute: Int) { self.perMinute = perMinute }

    /// nil when the request may go ahead; otherwise the seconds to wait (for `Retry-After`).
    func check(_ client: String, now: Date = Date()) -> Int? {
        guard perMinute > 0 else { return nil }
        let rate = Double(perMinute) / 60
        var bucket = buckets[client] ?? (Double(perMinute), now)
        bucket.tokens = min(Double(perMinute), bucket.tokens + now.timeIntervalSince(bucket.updated) * rate)
        bucket.updated = now
        defer {
            buckets[client] = bucket
            if buckets.count > 50_000 { forgetFullBuckets(now: now) }
        }
        if bucket.tokens >= 1 {
            bucket.tokens -= 1
            return nil
        }
        return max(1, Int(((1 - bucket.tokens) / rate).rounded(.up)))
    }

    private func forgetFullBuckets(now: Date) {
        let refill = 60.0
        buckets = buckets.filter { now.timeIntervalSince($0.value.updated) < refill }
    }
}

/// The address a client is counted by. An IPv6 client usually holds a whole /64 and can pick a new
/// address in it for every request, so its first 64 bits are the client; IPv4 (also written as
/// `::ffff:a.b.c.d`) is counted by the address.
enum RateLimitKey {
    static func of(_ address: String) -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        let text = address.split(separator: "%").first.map(String.init) ?? address  // drop a zone (fe80::1%eth0)
        guard text.contains(":"), inet_pton(AF_INET6, text, &bytes) == 1 else { return address }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
            return bytes[12...].map(String.init).joined(separator: ".")
        }
        let groups = stride(from: 0, to: 8, by: 2).map {
            String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16)
        }
        return groups.joined(separator: ":") + "::/64"
    }
}
