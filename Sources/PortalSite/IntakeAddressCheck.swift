import Foundation
import PortalConfig
import PortalDiagnostics
import PortalSupport

/// A request form that cannot work once published is refused, not shipped: on an https site the
/// form must post to an https address that is not the reader's own machine. (Shipped with
/// `http://127.0.0.1:8787`, the form posted to each reader's computer and `--strict` said nothing.)
struct IntakeAddressCheck {
    let config: SiteConfig
    /// `portal build --local-intake`: a staging build against a service on this machine or on http.
    let allowLocal: Bool

    static let hint =
        "set intake_url to the https address of 'portal intake' behind its TLS proxy (docs/deploy.md); "
        + "for a staging build against a local service, run 'portal build --local-intake'"

    func report(to diagnostics: DiagnosticCollector) {
        let node = config.raw["intake_url"]
        let line = node?.line ?? 0
        let column = node?.column ?? 0
        let file = URL(fileURLWithPath: config.file).lastPathComponent
        let address = config.intakeURL.trimmingCharacters(in: .whitespaces)
        let published = config.baseURL.lowercased().hasPrefix("https://")
        func problem(_ message: String) {
            let finding: Diagnostic =
                published
                ? .error(file, line: line, column: column, rule: "intake-url", message, hint: Self.hint)
                : .warning(file, line: line, column: column, rule: "intake-url", message, hint: Self.hint)
            diagnostics.report(finding)
        }
        guard !address.isEmpty else {
            return problem("the request form has nowhere to send requests: 'intake_url' is empty")
        }
        guard let (scheme, host, _) = webOriginParts(address) else {
            return problem(
                "'intake_url' must be the address of 'portal intake', like https://intake.example.org; found '\(address)'"
            )
        }
        guard published, !allowLocal else { return }
        if scheme != "https" {
            problem(
                "'intake_url' is \(address), but the site is published at \(config.baseURL): an https page may not post to http, and the answers would cross the network unencrypted"
            )
        } else if Self.isLocal(host) {
            problem(
                "'intake_url' is \(address), an address on this machine: published like this, the form would post to each reader's own computer"
            )
        }
    }

    static func isLocal(_ host: String) -> Bool {
        let name = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return name == "localhost" || name.hasSuffix(".localhost") || name.hasPrefix("127.") || name == "::1"
            || name == "0.0.0.0" || name == "::"
    }
}
