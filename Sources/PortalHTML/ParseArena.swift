@preconcurrency import CLibXML2
import Foundation
import PortalSupport

/// libxml2 allocates every node, name and text of a page on its own and frees them one by one:
/// for the checker, which parses a whole site on a few threads, that was a third of the parse.
/// Inside `HTMLDocument.withArena`, the thread's libxml2 allocations come from its own slice of
/// memory (`ThreadArenas`), which is simply rewound when the page is done.
///
/// The hooks are set once for the process (`xmlMemSetup`); outside an arena they pass straight to
/// malloc, realloc and free.
enum ParseArena {
    /// Slices of 16 MB: enough for a page of a few megabytes; a bigger page takes the rest from malloc.
    static let arenas = ThreadArenas(sliceSize: 16 << 20, sliceCount: 32)

    /// Called once, from `HTMLDocument`'s one-time initialisation.
    static func install() {
        _ = arenas
        xmlMemSetup(
            { ParseArena.arenas.free($0) },
            { ParseArena.arenas.allocate($0) },
            { ParseArena.arenas.reallocate($0, $1) },
            { ParseArena.arenas.duplicate($0) }
        )
    }
}

extension HTMLDocument {
    /// Runs `body` with this thread's libxml2 memory taken from its arena and rewound afterwards,
    /// so that a page costs no malloc and free per node. Every `HTMLDocument` made in `body` must be
    /// gone when it returns. Nested calls share the outermost arena.
    public static func withArena<T>(_ body: () throws -> T) rethrows -> T {
        prepareForThreads()
        // libxml2 keeps the thread's last error, whose strings are in the arena.
        return try ParseArena.arenas.withArena(beforeRewind: { xmlResetLastError() }, body)
    }
}
