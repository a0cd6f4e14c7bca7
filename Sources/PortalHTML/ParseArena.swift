@preconcurrency import CLibXML2
import Foundation

/// libxml2 allocates every node, name and text of a page on its own and frees them one by one:
/// for the checker, which parses a whole site on a few threads, that was a third of the parse.
/// Inside `HTMLDocument.withArena`, the thread's libxml2 allocations come from its own slice of
/// memory, which is simply rewound when the page is done.
///
/// The hooks are set once for the process (`xmlMemSetup`); outside an arena they pass straight to
/// malloc, realloc and free. Every slice lies in one region reserved up front, so whether a pointer
/// belongs to an arena is one range check on any thread, and freeing arena memory does nothing.
enum ParseArena {
    /// Enough for a page of a few megabytes; a bigger page takes the rest from malloc.
    static let sliceSize = 16 << 20
    static let sliceCount = 32
    private static let headerSize = 16

    /// The reserved region, as addresses; empty when it could not be reserved (then no arenas).
    /// Only touched pages take memory (`MAP_NORESERVE`). Set once by `install`, before any hook
    /// runs; plain stored values, so the hooks pay no lazy-initialisation check per call.
    nonisolated(unsafe) private static var regionStart: UInt = 0
    nonisolated(unsafe) private static var regionEnd: UInt = 0
    /// Each thread's arena; its slice goes back to the pool when the thread ends.
    nonisolated(unsafe) private static var key = pthread_key_t()

    private static let lock = NSLock()
    nonisolated(unsafe) private static var freeSlices = Array((0..<sliceCount).reversed())

    /// Called once, from `HTMLDocument`'s one-time initialisation.
    static func install() {
        let size = sliceSize * sliceCount
        let mapped = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        guard let mapped, mapped != UnsafeMutableRawPointer(bitPattern: -1),
            pthread_key_create(&key, { raw in ParseArena.retire(raw) }) == 0
        else { return }
        regionStart = UInt(bitPattern: mapped)
        regionEnd = regionStart + UInt(size)
        xmlMemSetup(
            { ParseArena.free($0) }, { ParseArena.allocate($0) }, { ParseArena.reallocate($0, $1) },
            { ParseArena.duplicate($0) })
    }

    static func contains(_ pointer: UnsafeRawPointer) -> Bool {
        let address = UInt(bitPattern: pointer)
        return address >= regionStart && address < regionEnd
    }

    /// This thread's arena, made on first use; nil when every slice is taken.
    static func current(creating: Bool) -> UnsafeMutablePointer<Arena>? {
        guard regionEnd > regionStart else { return nil }
        if let raw = pthread_getspecific(key) { return raw.assumingMemoryBound(to: Arena.self) }
        guard creating else { return nil }
        lock.lock()
        let slice = freeSlices.popLast()
        lock.unlock()
        guard let slice else { return nil }
        let start = regionStart + UInt(slice * sliceSize)
        let arena = UnsafeMutablePointer<Arena>.allocate(capacity: 1)
        arena.initialize(to: Arena(slice: slice, start: start, next: start, end: start + UInt(sliceSize)))
        pthread_setspecific(key, arena)
        return arena
    }

    private static func retire(_ raw: UnsafeMutableRawPointer?) {
        guard let arena = raw?.assumingMemoryBound(to: Arena.self) else { return }
        lock.lock()
        freeSlices.append(arena.pointee.slice)
        lock.unlock()
        arena.deallocate()
    }

    // MARK: libxml2's allocation hooks

    private static func allocate(_ size: Int) -> UnsafeMutableRawPointer? {
        if regionEnd > regionStart, let raw = pthread_getspecific(key) {
            let arena = raw.assumingMemoryBound(to: Arena.self)
            if arena.pointee.depth > 0, let pointer = arena.pointee.allocate(size) { return pointer }
        }
        return malloc(size)
    }

    private static func free(_ pointer: UnsafeMutableRawPointer?) {
        // Arena memory goes when its arena is rewound.
        guard let pointer, !contains(pointer) else { return }
        Glibc.free(pointer)
    }

    private static func reallocate(_ pointer: UnsafeMutableRawPointer?, _ size: Int) -> UnsafeMutableRawPointer? {
        guard let pointer else { return allocate(size) }
        guard contains(pointer) else { return realloc(pointer, size) }
        let old = pointer.load(fromByteOffset: -headerSize, as: Int.self)
        if size <= old { return pointer }
        if let raw = pthread_getspecific(key) {
            let arena = raw.assumingMemoryBound(to: Arena.self)
            if arena.pointee.depth > 0, arena.pointee.grow(pointer, from: old, to: size) { return pointer }
        }
        guard let moved = allocate(size) else { return nil }
        moved.copyMemory(from: pointer, byteCount: old)
        return moved
    }

    private static func duplicate(_ string: UnsafePointer<CChar>?) -> UnsafeMutablePointer<CChar>? {
        guard let string else { return nil }
        let count = strlen(string) + 1
        guard let copy = allocate(count) else { return nil }
        copy.copyMemory(from: string, byteCount: count)
        return copy.assumingMemoryBound(to: CChar.self)
    }

    /// One thread's slice: allocations are bumped from `next`, each after a header with its size
    /// (for realloc); rewinding sets `next` back to `start`.
    struct Arena {
        let slice: Int
        let start: UInt
        var next: UInt
        let end: UInt
        /// Nesting of `withArena` on this thread; the arena is used while above 0.
        var depth = 0

        private static func rounded(_ size: Int) -> UInt { (UInt(size) + 15) & ~15 }

        mutating func allocate(_ size: Int) -> UnsafeMutableRawPointer? {
            guard size >= 0, size < ParseArena.sliceSize else { return nil }
            let total = UInt(ParseArena.headerSize) + Self.rounded(size)
            guard end - next >= total, let header = UnsafeMutableRawPointer(bitPattern: next) else { return nil }
            header.storeBytes(of: size, as: Int.self)
            next += total
            return header + ParseArena.headerSize
        }

        /// Grows the most recent allocation where it is (libxml2's buffers grow by realloc).
        mutating func grow(_ pointer: UnsafeMutableRawPointer, from old: Int, to size: Int) -> Bool {
            let address = UInt(bitPattern: pointer)
            guard size < ParseArena.sliceSize, address + Self.rounded(old) == next, address + Self.rounded(size) <= end else { return false }
            next = address + Self.rounded(size)
            pointer.storeBytes(of: size, toByteOffset: -ParseArena.headerSize, as: Int.self)
            return true
        }
    }
}

extension HTMLDocument {
    /// Runs `body` with this thread's libxml2 memory taken from its arena and rewound afterwards,
    /// so that a page costs no malloc and free per node. Every `HTMLDocument` made in `body` must be
    /// gone when it returns. Nested calls share the outermost arena.
    public static func withArena<T>(_ body: () throws -> T) rethrows -> T {
        prepareForThreads()
        guard let arena = ParseArena.current(creating: true) else { return try body() }
        arena.pointee.depth += 1
        defer {
            arena.pointee.depth -= 1
            if arena.pointee.depth == 0 {
                // libxml2 keeps the thread's last error, whose strings are in the arena.
                xmlResetLastError()
                arena.pointee.next = arena.pointee.start
            }
        }
        return try body()
    }
}
