import Foundation

/// The origin of a web address: `scheme://host[:port]` in lower case, default ports left out;
/// nil for anything but http(s). The build writes it into the site's Content Security Policy and
/// the intake service compares it with `Origin` headers, so both must read it the same way.
public func webOrigin(_ text: String) -> String? {
    guard let components = URLComponents(string: text.trimmingCharacters(in: .whitespaces)),
        let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
        let host = components.host?.lowercased(), !host.isEmpty
    else { return nil }
    var origin = "\(scheme)://\(host)"
    if let port = components.port, !(scheme == "http" && port == 80), !(scheme == "https" && port == 443) {
        origin += ":\(port)"
    }
    return origin
}
