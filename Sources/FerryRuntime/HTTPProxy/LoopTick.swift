import NIOCore

/// What an event loop's HTTP sessions put off to the end of the loop's current iteration (its flushes), and what
/// they take once per iteration (the time).
///
/// HAProxy reads what its poll returned first and sends at the end of the loop iteration; a proxy that flushes as
/// soon as each read is handled makes the same system calls, but wakes the peers on the other cores once per write.
/// Flushing as a batch measured 4–8% less CPU per proxied keep-alive request here (docs/PERFORMANCE.md). HAProxy
/// also reads the clock once per iteration; timeouts of seconds don't need more.
///
/// The end of the iteration is one task of the loop, which NIO runs after the I/O events of the wake-up that
/// scheduled it. So a write is never held past the end of the iteration, nor across a wait for more events, and the
/// time is never older than the iteration. A close drops unflushed writes, so ``SessionChannelHandler`` flushes
/// what it still holds when a close passes through it.
///
/// Only used on its event loop.
final class LoopTick {
    private let eventLoop: EventLoop
    private var queued: [SessionChannelHandler] = []
    /// The list being flushed: swapped with `queued` so that neither allocates once both have grown.
    private var flushing: [SessionChannelHandler] = []
    private var time: NIODeadline?
    private var scheduled = false

    init(eventLoop: EventLoop) {
        self.eventLoop = eventLoop
    }

    /// The time, read at its first use in this iteration.
    func now() -> NIODeadline {
        if let time { return time }
        let now = NIODeadline.now()
        time = now
        scheduleEnd()
        return now
    }

    /// Flushes `handler` at the end of the iteration. A handler queues itself once until it is flushed; one that
    /// was flushed at once meanwhile (by a close) may be queued again, and its second flush finds nothing to do.
    func flushAtEnd(_ handler: SessionChannelHandler) {
        queued.append(handler)
        scheduleEnd()
    }

    private func scheduleEnd() {
        guard !scheduled else { return }
        scheduled = true
        // The task holds the tick until it has run: whoever else let go of it meanwhile, it ends its iteration.
        eventLoop.assumeIsolated().execute { self.end() }
    }

    private func end() {
        scheduled = false
        time = nil
        swap(&queued, &flushing)
        // A flush may queue more (a write that a flush's completion triggers): those go at the end of the next one.
        for handler in flushing { handler.flushNow() }
        flushing.removeAll(keepingCapacity: true)
    }
}
