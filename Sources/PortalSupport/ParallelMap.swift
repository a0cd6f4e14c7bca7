import Foundation

extension Array where Element: Sendable {
    /// Maps on every core; the results keep the input order, so output stays deterministic.
    public func parallelMap<T: Sendable>(_ transform: @Sendable (Element) -> T) -> [T] {
        if count < 2 { return map(transform) }
        let results = ResultSlots<T>(count: count)
        self.withUnsafeBufferPointer { input in
            let source = UnsafeSendable(input)
            DispatchQueue.concurrentPerform(iterations: count) { index in
                results.store(transform(source.value[index]), at: index)
            }
        }
        return results.collect()
    }
}

/// Each slot is written by exactly one iteration, so no lock is needed. The slots are plain
/// memory: Array's own mutating methods must not run on several threads at once (its
/// `withUnsafeMutableBufferPointer` moves the storage out while it runs, so a result stored
/// meanwhile by another thread was lost, and the results came back shifted).
private final class ResultSlots<T>: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<T?>
    private let count: Int

    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    func store(_ value: T, at index: Int) {
        (slots + index).pointee = value
    }

    func collect() -> [T] {
        (0..<count).map { index in
            guard let value = (slots + index).pointee else {
                preconditionFailure("parallelMap: slot \(index) was never filled")
            }
            return value
        }
    }
}

private struct UnsafeSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
