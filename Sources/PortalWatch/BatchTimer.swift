/// When a pending batch is due: once events have paused for `debounce`, but never later than
/// `maximumDelay` after the first one, so a constant stream of writes still gets reported.
struct BatchTimer {
    let debounce: Duration
    let maximumDelay: Duration
    private(set) var firstEvent: ContinuousClock.Instant?
    private(set) var lastEvent: ContinuousClock.Instant?

    init(debounce: Duration, maximumDelay: Duration) {
        self.debounce = debounce
        self.maximumDelay = maximumDelay
    }

    /// A change to report arrived: starts the batch's clock if it is not running.
    mutating func noteChange(at now: ContinuousClock.Instant) {
        if firstEvent == nil { firstEvent = now }
        lastEvent = now
    }

    /// Any inotify activity, even on an ignored scratch file, is part of the same save: it
    /// postpones a pending batch but does not start one.
    mutating func noteActivity(at now: ContinuousClock.Instant) {
        if firstEvent != nil { lastEvent = now }
    }

    var deadline: ContinuousClock.Instant? {
        guard let firstEvent, let lastEvent else { return nil }
        return min(lastEvent + debounce, firstEvent + maximumDelay)
    }

    /// Milliseconds for `poll()`: -1 (wait for ever) with nothing pending, rounded up so the loop
    /// never wakes just before the deadline and spins.
    func pollTimeout(now: ContinuousClock.Instant) -> Int32 {
        guard let deadline else { return -1 }
        if deadline <= now { return 0 }
        let (seconds, attoseconds) = (deadline - now).components
        let milliseconds =
            seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: milliseconds)
    }

    mutating func reset() {
        firstEvent = nil
        lastEvent = nil
    }
}
