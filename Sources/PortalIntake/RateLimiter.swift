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
