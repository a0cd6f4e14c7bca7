import Foundation
import PortalSupport

/// Cross-site protection: a POST is accepted only when its `Origin` (or, failing that, its
/// `Referer`) is an allowed origin, or this service's own (its error page posts back to it).
struct OriginPolicy: Sendable {
    let allowed: Set<String>
    /// This service's own public origin (from `--public-url`): its pages post back to it. Known
    /// without the `Host` header, which a proxy may pass on without the port (nginx's `$host`).
    let own: String?

    enum Decision: Equatable {
        /// Accepted; `corsOrigin` is set when the answer should carry CORS headers for it.
        case allowed(corsOrigin: String?)
        case forbidden
    }

    init(allowed: [String], own: String? = nil) {
        self.allowed = Set(allowed.compactMap(Self.normalize))
        self.own = own.flatMap(Self.normalize)
    }

    func decide(origin: String?, referer: String?, host: String?) -> Decision {
        let claimed: String?
        if let origin, origin != "null" {
            claimed = Self.normalize(origin)
        } else if origin == nil, let referer {
            claimed = Self.normalize(referer)
        } else {
            claimed = nil
        }
        guard let claimed else { return .forbidden }
        if allowed.contains(claimed) { return .allowed(corsOrigin: claimed) }
        if claimed == own { return .allowed(corsOrigin: nil) }
        if let host, let authority = claimed.split(separator: "/").last, authority.lowercased() == host.lowercased() {
            return .allowed(corsOrigin: nil)
        }
        return .forbidden
    }

    /// The CORS origin to answer a preflight for, when allowed.
    func corsOrigin(_ origin: String?) -> String? {
        guard let origin, let normal = Self.normalize(origin), allowed.contains(normal) else { return nil }
        return normal
    }

    /// `scheme://host[:port]` (see `webOrigin`); nil for anything else.
    static func normalize(_ text: String) -> String? { webOrigin(text) }
}
