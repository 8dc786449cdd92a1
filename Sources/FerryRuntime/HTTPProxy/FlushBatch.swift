import NIOCore

/// The flushes of one event loop, held until the loop has handled every I/O event of its current wake-up.
///
/// HAProxy reads what its poll returned first and sends at the end of the loop iteration; a proxy that flushes as
/// soon as each read is handled makes the same system calls, but wakes the peers on the other cores once per write.
/// Flushing as a batch measured 4–5% less CPU per proxied keep-alive request here (docs/PERFORMANCE.md).
///
/// The batch runs as one task of the loop, which NIO runs after the I/O events of the wake-up that queued it. So a
/// write is never held past the end of the loop iteration, and never across a wait for more events. A session that
/// closes a channel itself must first flush what that channel still holds (``SessionChannelHandler/flushNow()``):
/// a close drops unflushed writes.
///
/// Only used on its event loop.
final class FlushBatch {
    private let eventLoop: EventLoop
    private var queued: [SessionChannelHandler] = []
    /// The list being flushed: swapped with `queued` so that neither allocates once both have grown.
    private var flushing: [SessionChannelHandler] = []
    private var scheduled = false
    /// Made once: scheduling a stored closure allocates nothing per loop iteration.
    private var task: (() -> Void)?

    init(eventLoop: EventLoop) {
        self.eventLoop = eventLoop
    }

    /// Flushes `handler` at the end of the loop iteration. The handler queues itself at most once per batch.
    func enqueue(_ handler: SessionChannelHandler) {
        queued.append(handler)
        guard !scheduled else { return }
        scheduled = true
        let task = self.task ?? makeTask()
        eventLoop.assumeIsolated().execute(task)
    }

    private func makeTask() -> () -> Void {
        // Unowned, or the batch and its task would keep each other alive. While the task is pending, `queued` holds
        // a handler, and every handler holds its batch: the batch outlives its task.
        let task = { [unowned self] in self.run() }
        self.task = task
        return task
    }

    private func run() {
        scheduled = false
        swap(&queued, &flushing)
        // A flush may queue more (a write that a flush's completion triggers): those go in the next batch.
        for handler in flushing { handler.flushNow() }
        flushing.removeAll(keepingCapacity: true)
    }
}
