import NIOCore
import NIOEmbedded
import Testing

@testable import FerryRuntime

/// What `SessionChannelHandler` writes through a `LoopTick`: held until the loop runs its tasks, which NIO does
/// after the I/O events of a wake-up, or sent at once by `flushNow()`; and the tick's clock, read once per iteration.
@Suite("The end of an event loop iteration: flushes and the time", .timeLimit(.minutes(1)))
struct LoopTickTests {
    /// Hears nothing of interest: the tests drive the handler's write side only.
    private final class SilentOwner: ChannelOwner {
        func channelActive(_ side: RelayHandler.Side) {}
        func received(_ buffer: ByteBuffer, from side: RelayHandler.Side) {}
        func readComplete(_ side: RelayHandler.Side) {}
        func writable(_ side: RelayHandler.Side) {}
        func inputClosed(_ side: RelayHandler.Side) {}
        func channelClosed(_ side: RelayHandler.Side) {}
        func errorCaught(_ error: Error, on side: RelayHandler.Side) {}
        func mayRead(_ side: RelayHandler.Side) -> Bool { true }
    }

    private struct Fixture {
        let loop = EmbeddedEventLoop()
        let tick: LoopTick
        let owner = SilentOwner()
        let channels: [EmbeddedChannel]
        let handlers: [SessionChannelHandler]

        init(count: Int, batched: Bool = true) {
            tick = LoopTick(eventLoop: loop)
            var channels: [EmbeddedChannel] = []
            var handlers: [SessionChannelHandler] = []
            for _ in 0..<count {
                let handler = SessionChannelHandler(side: .client, owner: owner, tick: batched ? tick : nil)
                channels.append(EmbeddedChannel(handler: handler, loop: loop))
                handlers.append(handler)
            }
            self.channels = channels
            self.handlers = handlers
        }

        func written(_ index: Int) throws -> String? {
            try channels[index].readOutbound(as: ByteBuffer.self).map { String(buffer: $0) }
        }
    }

    @Test func writesOfSeveralChannelsGoOutTogetherWhenTheLoopRunsItsTasks() throws {
        let fixture = Fixture(count: 2)
        fixture.handlers[0].write(ByteBuffer(string: "a1"))
        fixture.handlers[0].flush()
        fixture.handlers[1].write(ByteBuffer(string: "b1"))
        fixture.handlers[1].flush()
        fixture.handlers[0].write(ByteBuffer(string: "a2"))
        fixture.handlers[0].flush()
        #expect(try fixture.written(0) == nil)
        #expect(try fixture.written(1) == nil)

        fixture.loop.run()
        #expect(try fixture.written(0) == "a1")
        #expect(try fixture.written(0) == "a2")
        #expect(try fixture.written(1) == "b1")
        #expect(try fixture.written(0) == nil)
    }

    @Test func aWriteAfterTheIterationEndedWaitsForTheEndOfTheNextOne() throws {
        let fixture = Fixture(count: 1)
        fixture.handlers[0].write(ByteBuffer(string: "first"))
        fixture.handlers[0].flush()
        fixture.loop.run()
        #expect(try fixture.written(0) == "first")

        fixture.handlers[0].write(ByteBuffer(string: "second"))
        fixture.handlers[0].flush()
        #expect(try fixture.written(0) == nil)
        fixture.loop.run()
        #expect(try fixture.written(0) == "second")
    }

    @Test func flushNowSendsAtOnceAndLeavesNothingForTheEnd() throws {
        let fixture = Fixture(count: 1)
        fixture.handlers[0].write(ByteBuffer(string: "before close"))
        fixture.handlers[0].flush()
        fixture.handlers[0].flushNow()
        #expect(try fixture.written(0) == "before close")

        fixture.loop.run()
        #expect(try fixture.written(0) == nil)
    }

    @Test func aCloseSendsWhatAQueuedFlushStillHolds() throws {
        let fixture = Fixture(count: 1)
        fixture.handlers[0].write(ByteBuffer(string: "last words"))
        fixture.handlers[0].flush()
        try fixture.channels[0].close().wait()
        #expect(try fixture.written(0) == "last words")
    }

    @Test func withoutATickAFlushIsImmediate() throws {
        let fixture = Fixture(count: 1, batched: false)
        fixture.handlers[0].write(ByteBuffer(string: "now"))
        fixture.handlers[0].flush()
        #expect(try fixture.written(0) == "now")
    }

    @Test func aFlushWithoutWritesQueuesNothing() throws {
        let fixture = Fixture(count: 1)
        fixture.handlers[0].flush()
        fixture.loop.run()
        #expect(try fixture.written(0) == nil)
        // The handler was not left marked as queued: its next flush still goes out.
        fixture.handlers[0].write(ByteBuffer(string: "later"))
        fixture.handlers[0].flush()
        fixture.loop.run()
        #expect(try fixture.written(0) == "later")
    }

    @Test func theTimeIsReadOncePerIteration() throws {
        let fixture = Fixture(count: 0)
        let first = fixture.tick.now()
        while NIODeadline.now() <= first {}  // The clock moves on; the tick's time does not, until the iteration ends.
        #expect(fixture.tick.now() == first)
        fixture.loop.run()
        #expect(fixture.tick.now() > first)
    }
}
