import Testing

@testable import PortalWatch

struct BatchTimerTests {
    let start = ContinuousClock.now

    @Test func nothingPendingWaitsForEver() {
        let timer = BatchTimer(debounce: .milliseconds(25), maximumDelay: .milliseconds(300))
        #expect(timer.deadline == nil)
        #expect(timer.pollTimeout(now: start) == -1)
    }

    @Test func dueAfterTheQuietSpellButNoLaterThanTheMaximumDelay() {
        var timer = BatchTimer(debounce: .milliseconds(25), maximumDelay: .milliseconds(300))
        timer.noteChange(at: start)
        timer.noteChange(at: start + .milliseconds(10))
        #expect(timer.deadline == start + .milliseconds(35))
        timer.noteChange(at: start + .milliseconds(290))
        #expect(timer.deadline == start + .milliseconds(300))
    }

    @Test func ignoredActivityPostponesAPendingBatchButStartsNone() {
        var timer = BatchTimer(debounce: .milliseconds(25), maximumDelay: .milliseconds(300))
        timer.noteActivity(at: start)
        #expect(timer.deadline == nil)
        timer.noteChange(at: start)
        timer.noteActivity(at: start + .milliseconds(20))
        #expect(timer.deadline == start + .milliseconds(45))
    }

    @Test func pollTimeoutRoundsUpAndNeverGoesNegative() {
        var timer = BatchTimer(debounce: .milliseconds(25), maximumDelay: .milliseconds(300))
        timer.noteChange(at: start)
        #expect(timer.pollTimeout(now: start + .microseconds(24_100)) == 1)
        #expect(timer.pollTimeout(now: start) == 25)
        #expect(timer.pollTimeout(now: start + .milliseconds(40)) == 0)
        timer.reset()
        #expect(timer.pollTimeout(now: start) == -1)
    }
}
