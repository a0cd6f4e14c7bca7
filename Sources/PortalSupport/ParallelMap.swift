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

/// Each slot is written by exactly one iteration, so no lock is needed.
private final class ResultSlots<T>: @unchecked Sendable {
    private var slots: [T?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func store(_ value: T, at index: Int) {
        slots.withUnsafeMutableBufferPointer { $0[index] = value }
    }
    func collect() -> [T] { slots.compactMap { $0 } }
}

private struct UnsafeSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
