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

    /// `arenas` for the hooks, which run for every node, name and text libxml2 allocates: a plain
    /// value set once before libxml2 starts, where `arenas` costs a lazy-initialiser check per call.
    nonisolated(unsafe) private static var hooked: Unmanaged<ThreadArenas>? = nil

    /// Called once, from `HTMLDocument`'s one-time initialisation.
    static func install() {
        hooked = Unmanaged.passUnretained(arenas)
        xmlMemSetup(
            { pointer in ParseArena.hooked.unsafelyUnwrapped._withUnsafeGuaranteedRef { $0.free(pointer) } },
            { size in ParseArena.hooked.unsafelyUnwrapped._withUnsafeGuaranteedRef { $0.allocate(size) } },
            { pointer, size in
                ParseArena.hooked.unsafelyUnwrapped._withUnsafeGuaranteedRef { $0.reallocate(pointer, size) }
            },
            { string in ParseArena.hooked.unsafelyUnwrapped._withUnsafeGuaranteedRef { $0.duplicate(string) } }
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
