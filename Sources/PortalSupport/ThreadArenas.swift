import Foundation

/// Per-thread bump allocators for C libraries that allocate every node of a document on its own
/// and free them one by one (libxml2 in the checker, cmark-gfm in the Markdown step). Inside
/// `withArena`, a thread's allocations through the library's hooks come from its own slice of
/// memory, which is simply rewound when the document is done.
///
/// Every slice lies in one region reserved up front, so whether a pointer belongs to an arena is
/// one range check on any thread, and freeing arena memory does nothing. Outside an arena the
/// hooks pass straight to malloc, realloc and free, so memory from either source may be freed
/// through them. Only touched pages take memory (`MAP_NORESERVE`).
public final class ThreadArenas: @unchecked Sendable {
    /// The most one thread's document may take from its arena; beyond it, malloc.
    public let sliceSize: Int
    private static let headerSize = 16
    /// The reserved region, as addresses; empty when it could not be reserved (then no arenas).
    private let regionStart: UInt
    private let regionEnd: UInt
    /// Each thread's arena; its slice goes back to the pool when the thread ends.
    private let key: pthread_key_t
    private let lock = NSLock()
    private var freeSlices: [Int]

    public init(sliceSize: Int = 16 << 20, sliceCount: Int = 32) {
        self.sliceSize = sliceSize
        freeSlices = Array((0..<sliceCount).reversed())
        let size = sliceSize * sliceCount
        let mapped = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        var made = pthread_key_t()
        guard let mapped, mapped != UnsafeMutableRawPointer(bitPattern: -1),
            pthread_key_create(&made, { raw in Arena.retire(raw) }) == 0
        else {
            if let mapped, mapped != UnsafeMutableRawPointer(bitPattern: -1) { munmap(mapped, size) }
            key = made
            regionStart = 0
            regionEnd = 0
            return
        }
        key = made
        regionStart = UInt(bitPattern: mapped)
        regionEnd = regionStart + UInt(size)
    }

    /// Inside `withArena` on this thread, with everything allocated through the hooks since it
    /// began taken from the arena: a document made there may be dropped without freeing it node by
    /// node, since the rewind takes all of it.
    public var holdsEverythingAllocated: Bool {
        active.map { !$0.pointee.spilled } ?? false
    }

    public func contains(_ pointer: UnsafeRawPointer) -> Bool {
        let address = UInt(bitPattern: pointer)
        return address >= regionStart && address < regionEnd
    }

    /// Runs `body` with this thread's allocations taken from its arena, rewound afterwards (after
    /// `beforeRewind`). Whatever the library allocated in `body` must be gone or no longer used
    /// when it returns. Nested calls share the outermost arena.
    public func withArena<T>(beforeRewind: () -> Void = {}, _ body: () throws -> T) rethrows -> T {
        guard let arena = current() else { return try body() }
        arena.pointee.depth += 1
        defer {
            arena.pointee.depth -= 1
            if arena.pointee.depth == 0 {
                beforeRewind()
                arena.pointee.rewind()
            }
        }
        return try body()
    }

    /// This thread's arena, made on first use; nil when every slice is taken.
    private func current() -> UnsafeMutablePointer<Arena>? {
        guard regionEnd > regionStart else { return nil }
        if let raw = pthread_getspecific(key) { return raw.assumingMemoryBound(to: Arena.self) }
        lock.lock()
        let slice = freeSlices.popLast()
        lock.unlock()
        guard let slice else { return nil }
        let start = regionStart + UInt(slice * sliceSize)
        let arena = UnsafeMutablePointer<Arena>.allocate(capacity: 1)
        arena.initialize(
            to: Arena(
                owner: Unmanaged.passUnretained(self),
                slice: slice,
                start: start,
                next: start,
                end: start + UInt(sliceSize)
            )
        )
        pthread_setspecific(key, arena)
        return arena
    }

    fileprivate func giveBack(_ slice: Int) {
        lock.lock()
        freeSlices.append(slice)
        lock.unlock()
    }

    /// The calling thread's arena while inside `withArena`.
    private var active: UnsafeMutablePointer<Arena>? {
        guard regionEnd > regionStart, let raw = pthread_getspecific(key) else { return nil }
        let arena = raw.assumingMemoryBound(to: Arena.self)
        return arena.pointee.depth > 0 ? arena : nil
    }

    // MARK: The hooks, for the library's allocation functions

    public func allocate(_ size: Int) -> UnsafeMutableRawPointer? {
        if let arena = active {
            if let pointer = arena.pointee.allocate(size, sliceSize: sliceSize) { return pointer }
            arena.pointee.spilled = true
        }
        return malloc(size)
    }

    /// `calloc`: arena memory is reused after a rewind, so it is cleared here.
    public func allocateZeroed(_ count: Int, _ size: Int) -> UnsafeMutableRawPointer? {
        let total = count.multipliedReportingOverflow(by: size)
        guard !total.overflow else { return nil }
        if let arena = active {
            if let pointer = arena.pointee.allocate(total.partialValue, sliceSize: sliceSize) {
                pointer.initializeMemory(as: UInt8.self, repeating: 0, count: total.partialValue)
                return pointer
            }
            arena.pointee.spilled = true
        }
        return calloc(count, size)
    }

    public func free(_ pointer: UnsafeMutableRawPointer?) {
        // Arena memory goes when its arena is rewound.
        guard let pointer, !contains(pointer) else { return }
        Glibc.free(pointer)
    }

    public func reallocate(_ pointer: UnsafeMutableRawPointer?, _ size: Int) -> UnsafeMutableRawPointer? {
        guard let pointer else { return allocate(size) }
        guard contains(pointer) else {
            // Memory from malloc grown inside an arena stays malloc's: the rewind would not take it.
            if let arena = active { arena.pointee.spilled = true }
            return realloc(pointer, size)
        }
        let old = pointer.load(fromByteOffset: -Self.headerSize, as: Int.self)
        if size <= old { return pointer }
        if let arena = active, arena.pointee.grow(pointer, from: old, to: size, sliceSize: sliceSize) { return pointer }
        guard let moved = allocate(size) else { return nil }
        moved.copyMemory(from: pointer, byteCount: old)
        return moved
    }

    public func duplicate(_ string: UnsafePointer<CChar>?) -> UnsafeMutablePointer<CChar>? {
        guard let string else { return nil }
        let count = strlen(string) + 1
        guard let copy = allocate(count) else { return nil }
        copy.copyMemory(from: string, byteCount: count)
        return copy.assumingMemoryBound(to: CChar.self)
    }

    /// One thread's slice: allocations are bumped from `next`, each after a header with its size
    /// (for realloc); rewinding sets `next` back to `start`.
    struct Arena {
        let owner: Unmanaged<ThreadArenas>
        let slice: Int
        let start: UInt
        var next: UInt
        let end: UInt
        /// Nesting of `withArena` on this thread; the arena is used while above 0.
        var depth = 0
        /// Something allocated inside `withArena` came from malloc (`holdsEverythingAllocated`).
        var spilled = false

        private static func rounded(_ size: Int) -> UInt { (UInt(size) + 15) & ~15 }

        mutating func allocate(_ size: Int, sliceSize: Int) -> UnsafeMutableRawPointer? {
            guard size >= 0, size < sliceSize else { return nil }
            let total = UInt(ThreadArenas.headerSize) + Self.rounded(size)
            guard end - next >= total, let header = UnsafeMutableRawPointer(bitPattern: next) else { return nil }
            header.storeBytes(of: size, as: Int.self)
            next += total
            return header + ThreadArenas.headerSize
        }

        /// Grows the most recent allocation where it is (buffers grow by realloc).
        mutating func grow(_ pointer: UnsafeMutableRawPointer, from old: Int, to size: Int, sliceSize: Int) -> Bool {
            let address = UInt(bitPattern: pointer)
            guard size < sliceSize, address + Self.rounded(old) == next, address + Self.rounded(size) <= end else {
                return false
            }
            next = address + Self.rounded(size)
            pointer.storeBytes(of: size, toByteOffset: -ThreadArenas.headerSize, as: Int.self)
            return true
        }

        /// Back to the start. Pages beyond the first few megabytes, touched by an unusually big
        /// document, go back to the system: a long-running `portal serve` does not keep them.
        mutating func rewind() {
            let keep: UInt = 4 << 20
            // The page size only when there is something to give back: this runs after every page.
            if next > start + keep, case let page = UInt(sysconf(Int32(_SC_PAGESIZE))), page > 0,
                let from = UnsafeMutableRawPointer(bitPattern: start + keep)
            {
                let length = (next - start - keep + page - 1) / page * page
                madvise(from, Int(min(length, end - start - keep)), MADV_DONTNEED)
            }
            next = start
            spilled = false
        }

        /// When its thread ends, the arena's slice goes back to its region's pool.
        static func retire(_ raw: UnsafeMutableRawPointer?) {
            guard let arena = raw?.assumingMemoryBound(to: Arena.self) else { return }
            arena.pointee.owner.takeUnretainedValue().giveBack(arena.pointee.slice)
            arena.deallocate()
        }
    }
}
