import Foundation

/// Work run on a thread of its own, beside what the caller does next (a step that leaves a core
/// idle); `result` waits for it to end.
public final class WorkBeside<Value>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var value: Value?

    public init(_ work: @escaping @Sendable () -> Value) {
        let thread = Thread { [self] in
            value = work()
            done.signal()
        }
        thread.start()
    }

    /// The work's value, once it has ended (the same value each time it is asked for).
    public var result: Value? {
        done.wait()
        defer { done.signal() }
        return value
    }
}
