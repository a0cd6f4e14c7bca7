import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `--port 0`: asks the system for a free port before building, because the site's address,
/// port included, is written into the pages (canonical links, the form's action).
enum FreePort {
    static func find(host: String) -> Int? {
        probe(host: host, port: 0)
    }

    /// Whether the server will be able to listen there (checked before building, so that a
    /// port in use is said plainly, not after the build as a socket error).
    static func isFree(host: String, port: Int) -> Bool {
        probe(host: host, port: port) != nil
    }

    /// Binds a socket as the server will (address reuse on) and returns the port it got.
    /// IPv4 only; other addresses are left to the server.
    private static func probe(host: String, port: Int) -> Int? {
        let ip = host == "localhost" ? "127.0.0.1" : host
        guard inet_addr(ip) != INADDR_NONE || ip == "255.255.255.255" else { return port == 0 ? nil : port }
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var reuse: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr(ip)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { return nil }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else { return nil }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
