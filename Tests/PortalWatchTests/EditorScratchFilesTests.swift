import Testing

@testable import PortalWatch

struct EditorScratchFilesTests {
    @Test(arguments: [
        ".#page.md", ".page.md.swp", ".page.md.swx", "page.md~", "page.md.tmp", "4913", ".git",
    ])
    func scratchNamesAreIgnored(name: String) {
        #expect(EditorScratchFiles.isScratch(name))
    }

    @Test(arguments: ["page.md", "site.yml", "49130", "tmp.md", "swp"])
    func contentNamesAreKept(name: String) {
        #expect(!EditorScratchFiles.isScratch(name))
    }
}
