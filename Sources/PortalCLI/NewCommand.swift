import ArgumentParser
import Foundation
import PortalYAML

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create a page from a front-matter skeleton.",
        discussion: """
            PATH is relative to the content folder: 'portal new self-care/rest.md' writes
            content/self-care/rest.md; 'portal new self-care/rest.es.md' writes its Spanish translation.
            """
    )

    @Argument(help: ArgumentHelp("The new page, relative to content/ (ends in .md).", valueName: "path"))
    var path: String

    @Option(help: ArgumentHelp("The content folder.", valueName: "dir"))
    var content: String = "content"

    func validate() throws {
        guard path.hasSuffix(".md") else { throw ValidationError("'\(path)' must end in .md, e.g. self-care/rest.md") }
        guard !path.split(separator: "/").contains("..") else {
            throw ValidationError("'\(path)' must stay inside the content folder")
        }
    }

    func run() throws {
        var relative = path
        if relative.hasPrefix(content + "/") { relative = String(relative.dropFirst(content.count + 1)) }
        let file = URL(fileURLWithPath: content).appendingPathComponent(relative)
        guard !FileManager.default.fileExists(atPath: file.path) else {
            throw ValidationError("\(file.path) already exists; pick another name or edit that file")
        }
        let parts = file.deletingPathExtension().lastPathComponent.split(separator: ".").map(String.init)
        let name = parts.first ?? "page"
        let title = name == "_index" ? file.deletingLastPathComponent().lastPathComponent : name
        let readable = title.replacingOccurrences(of: "-", with: " ").capitalized
        // rest.es.md is the Spanish page: its editor gets the skeleton in Spanish.
        let skeleton = parts.count > 1 && parts[1] == "es" ? Self.spanish : Self.english(title: readable)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try skeleton.write(to: file, atomically: true, encoding: .utf8)
        Terminal.output("Created \(file.path) (a draft: set 'draft: false' to publish it)")
    }

    static func english(title: String) -> String {
        """
        ---
        title: \(title)
        description: One plain sentence that says what this page is for.
        weight: 10
        draft: true
        updated: \(YAMLDate.today())
        topics: []
        ---

        Write the page here. Start sections with '## ' and keep sentences short. Link to other
        pages by their .md file, relative to this one (docs/editing.md shows how).

        ## Sources

        - Name the seed document this page draws its facts from.

        """
    }

    static var spanish: String {
        """
        ---
        title: Título de la página en español
        description: Una oración sencilla que dice para qué sirve esta página.
        # slug: nombre-en-espanol (opcional: la última parte de la dirección, en minúsculas)
        weight: 10
        draft: true
        updated: \(YAMLDate.today())
        topics: []
        ---

        Escriba aquí la página, en español y de usted. Empiece las secciones con '## ' y use
        oraciones cortas. Enlace a otras páginas por su archivo .es.md, relativo a esta
        (docs/editing.md explica cómo).

        ## Fuentes

        - Nombre el documento del que vienen los datos de esta página.

        """
    }
}
