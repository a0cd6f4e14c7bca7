import Foundation

/// The origin of a web address: `scheme://host[:port]` in lower case, default ports left out;
/// nil for anything but http(s). The build writes it into the site's Content Security Policy and
/// the intake service compares it with `Origin` headers, so both must read it the same way.
public func webOrigin(_ text: String) -> String? {
    guard let parts = webOriginParts(text) else { return nil }
    var origin = "\(parts.scheme)://\(parts.host.contains(":") ? "[\(parts.host)]" : parts.host)"
    if let port = parts.port { origin += ":\(port)" }
    return origin
}

/// The parts of `webOrigin`: scheme and host in lower case (an IPv6 host without brackets), and
/// the port unless it is the scheme's default. Whatever needs the host (is it this machine?)
/// reads it here, so that it never disagrees with the origin.
public func webOriginParts(_ text: String) -> (scheme: String, host: String, port: Int?)? {
    guard let components = URLComponents(string: text.trimmingCharacters(in: .whitespaces)),
        let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
        let host = components.host?.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]")),
        !host.isEmpty
    else { return nil }
    var port = components.port
    if (scheme == "http" && port == 80) || (scheme == "https" && port == 443) { port = nil }
    return (scheme, host, port)
}
