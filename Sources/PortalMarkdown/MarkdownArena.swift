import CCmarkGFM
import PortalSupport

/// cmark-gfm allocates every node and buffer of a document with calloc and frees them one by one
/// when the tree goes: at 10,000 pages that was about a twelfth of the build's processor time.
/// Every `MarkdownDocument` allocates through these hooks (`cmark_parser_new_with_mem`); inside
/// `withArena` (`PageBodyRenderer.render`), a thread's allocations come from its own slice of
/// memory, rewound when the page is done. Outside, the hooks are calloc, realloc and free.
enum MarkdownArena {
    /// Slices of 16 MB, several times the tree of the largest page; beyond that, malloc.
    static let arenas = ThreadArenas(sliceSize: 16 << 20, sliceCount: 32)

    /// The allocator handed to cmark-gfm for every parser, node and rendering.
    nonisolated(unsafe) static let mem: UnsafeMutablePointer<cmark_mem> = {
        let mem = UnsafeMutablePointer<cmark_mem>.allocate(capacity: 1)
        mem.initialize(
            to: cmark_mem(
                calloc: { MarkdownArena.arenas.allocateZeroed($0, $1) },
                realloc: { MarkdownArena.arenas.reallocate($0, $1) },
                free: { MarkdownArena.arenas.free($0) }
            )
        )
        return mem
    }()

    /// Runs `body` with this thread's cmark-gfm memory in its arena. Every `MarkdownDocument` made
    /// in `body` must be gone when it returns (its memory is reused afterwards).
    static func withArena<T>(_ body: () throws -> T) rethrows -> T {
        try arenas.withArena(body)
    }
}
