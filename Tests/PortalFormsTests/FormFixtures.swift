import Foundation
import PortalForms

/// The form the site ships, loaded from `content/request-form.yml`: tests prove the real definition.
enum FormFixtures {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let shippedPath = repositoryRoot.appendingPathComponent("content/request-form.yml").path

    static func shipped() throws -> FormDefinition {
        try FormDefinition.load(path: shippedPath, displayPath: "content/request-form.yml")
    }

    /// A complete, valid English request.
    static let validValues: [String: [String]] = [
        "contact_method": ["phone"], "phone": ["650 555 0123"], "language": ["en"],
        "timing": ["asap"], "topic": ["stress", "burnout"], "confirm": ["yes"],
    ]
}
