import ArgumentParser
import Foundation

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a minimal working site in English and Spanish.",
        discussion: """
            Writes DIR/site.yml, a home page, one page and a search page in each language, and a copy of the
            default theme: from --theme-from, else the copy inside the portal program itself (so
            it works where only the program was installed).
            """
    )

    @Argument(help: ArgumentHelp("The folder for the new site (created if missing).", valueName: "dir"))
    var directory: String

    @Option(name: .customLong("theme-from"), help: ArgumentHelp("A theme folder to copy.", valueName: "dir"))
    var themeFrom: String?

    func run() throws {
        let root = URL(fileURLWithPath: directory).standardizedFileURL
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: root.appendingPathComponent("site.yml").path) {
            throw ValidationError("\(root.path) already has a site.yml; choose an empty folder")
        }
        for (path, text) in StarterSite.files {
            let file = root.appendingPathComponent(path)
            try fileManager.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        let themes = root.appendingPathComponent("themes")
        try fileManager.createDirectory(at: themes, withIntermediateDirectories: true)
        if let themeFrom {
            try fileManager.copyItem(at: URL(fileURLWithPath: themeFrom), to: themes.appendingPathComponent("default"))
        } else {
            try Self.writeEmbeddedTheme(to: themes.appendingPathComponent("default"))
        }
        Terminal.output("Created a site in \(root.path). Next: cd \(directory) && portal build")
    }

    /// The default theme as the program carries it (`EmbeddedTheme`, made from themes/default).
    static func writeEmbeddedTheme(to folder: URL) throws {
        for (path, base64) in EmbeddedTheme.files {
            guard let data = Data(base64Encoded: base64) else { continue }
            let file = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            try data.write(to: file)
        }
    }
}

/// The files of a new site, besides the theme.
enum StarterSite {
    static let files: [(String, String)] = [
        (
            "site.yml",
            """
            # Site settings. Paths are relative to this file's folder.
            base_url: https://example.org/
            theme: default
            languages:
              en:
                name: English
                title: My Portal
                description: A site built with Peer Portal.
              es:
                name: Español
                title: Mi portal
                description: Un sitio hecho con Peer Portal.
            # Where the request form posts (the 'portal intake' service); leave empty until it runs.
            intake_url: ""
            # The search page, linked from every page's header.
            links:
              search: search.md

            """
        ),
        (
            "content/_index.md",
            """
            ---
            title: Welcome
            description: The home page of this site.
            ---

            This is the home page. Read [the first page](first-page.md).

            """
        ),
        (
            "content/_index.es.md",
            """
            ---
            title: Bienvenida
            description: La página principal de este sitio.
            ---

            Esta es la página principal. Lea [la primera página](first-page.es.md).

            """
        ),
        (
            "content/first-page.md",
            """
            ---
            title: First page
            description: A first page to edit.
            weight: 10
            ---

            ## Start here

            Edit this file, then run `portal build` again.

            """
        ),
        (
            "content/first-page.es.md",
            """
            ---
            title: Primera página
            description: Una primera página para editar.
            slug: primera-pagina
            weight: 10
            ---

            ## Empiece aquí

            Edite este archivo y vuelva a ejecutar `portal build`.

            """
        ),
        (
            "content/search.md",
            """
            ---
            title: Search
            description: Find a page of this site. What you type stays in your browser.
            layout: search
            in_menu: false
            ---

            """
        ),
        (
            "content/search.es.md",
            """
            ---
            title: Buscar
            description: Encuentre una página de este sitio. Lo que escribe se queda en su navegador.
            slug: buscar
            layout: search
            in_menu: false
            ---

            """
        ),
    ]
}
