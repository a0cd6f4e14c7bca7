import Foundation
import PortalDiagnostics
import Testing

@testable import PortalCheck

/// The checker on HTML it did not write (Hugo's output, raw HTML kept from Markdown), read
/// against what browsers do: `<base href>`, `srcset`, images without a source, addresses that
/// cannot work.
@Suite struct CheckForeignHTMLTests {
    static let other = CheckFolder.page(title: "Other page", body: "<h2 id=\"there\">There</h2>")

    func findings(_ body: String, head: String = "", files: [String: String] = [:]) throws -> [Diagnostic] {
        var all = files
        all["docs/guide/index.html"] = CheckFolder.page(head: head, body: body)
        let folder = try CheckFolder(all)
        defer { folder.remove() }
        return folder.check().diagnostics.filter { $0.file.hasSuffix("docs/guide/index.html") }
    }

    @Test func relativeLinksResolveAgainstTheBaseHrefOfThePage() throws {
        let files = ["other/index.html": Self.other, "img/a.png": "png"]
        let body = "<p><a href=\"other/#there\">Other</a> <img src=\"img/a.png\" alt=\"A\"></p>"
        #expect(try findings(body, head: "<base href=\"/\">", files: files).isEmpty)
        #expect(try findings(body, head: "<base href=\"../../\">", files: files).isEmpty)
        // Without the base the same links are broken: the base is what makes them work.
        #expect(try findings(body, files: files).filter { $0.rule == "link-target" }.count == 2)
    }

    @Test func aBaseOnAnotherSiteMakesRelativeResourcesThirdParty() throws {
        let found = try findings(
            "<p><img src=\"a.png\" alt=\"A\"></p>",
            head: "<base href=\"https://cdn.example.net/\">"
        )
        #expect(found.map(\.rule) == ["third-party"])
    }

    @Test func srcsetIsReadAsBrowsersReadItDataURIsKeepTheirCommas() throws {
        #expect(
            ReferenceRules.srcset("a.png 1x, b.png 2x") == ["a.png", "b.png"]
        )
        #expect(
            ReferenceRules.srcset("data:image/png;base64,iVBORw0KGgo= 1x, big.png 2x")
                == ["data:image/png;base64,iVBORw0KGgo=", "big.png"]
        )
        #expect(ReferenceRules.srcset("small.png,,, large.png 800w") == ["small.png", "large.png"])
        #expect(ReferenceRules.srcset("x.png (min-width: 1px, 2px) 1x, y.png") == ["x.png", "y.png"])
        let files = ["docs/guide/a.png": "png"]
        #expect(
            try findings(
                "<p><img src=\"a.png\" srcset=\"data:image/gif;base64,R0lGOD,lhAQ 1x, a.png 2x\" alt=\"A\"></p>",
                files: files
            ).isEmpty
        )
    }

    @Test func anImageWithoutAUsableSourceIsAnError() throws {
        for img in ["<img alt=\"A\">", "<img src=\"\" alt=\"A\">", "<img data-src=\"a.png\" alt=\"A\">"] {
            let found = try findings("<p>\(img)</p>")
            #expect(found.map(\.rule) == ["image-source"], "\(img)")
        }
        #expect(try findings("<p><img srcset=\"a.png 1x\" alt=\"A\"></p>", files: ["docs/guide/a.png": "png"]).isEmpty)
    }

    @Test func emptyOrMalformedMailPhoneAndWebAddressesAreErrors() throws {
        for href in [
            "mailto:", "mailto:team", "mailto:a@b", "tel:", "tel:call-us", "http://exa mple.org/", "https:///x",
        ] {
            let found = try findings("<p><a href=\"\(href)\">Contact</a></p>")
            #expect(found.map(\.rule) == ["link-address"], "\(href)")
        }
        for href in [
            "mailto:team@example.org?subject=Hi", "mailto:?subject=A%20page&body=Look", "tel:988",
            "tel:+1-650-555-0100;ext=12", "tel:+1 (650) 555-0100", "sms:988",
            "https://988lifeline.org/",
        ] {
            #expect(try findings("<p><a href=\"\(href)\">Contact</a></p>").isEmpty, "\(href)")
        }
    }
}
