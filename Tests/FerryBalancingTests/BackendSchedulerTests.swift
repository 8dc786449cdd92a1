import FerryBalancing
import FerryModel
import Testing

@Suite struct BackendSchedulerQueueTests {
    @Test func connectionsBeyondMaxconnQueueAndAreServedInOrder() {
        var scheduler = BackendScheduler<Int>(backend: backend([server("a", maxconn: 2)]))
        let decisions = (0..<10).map { scheduler.acquire(key: nil, excluding: [], waiter: $0) }
        #expect(decisions == [.server(0), .server(0)] + Array(repeating: .queued, count: 8))
        #expect(scheduler.load(of: 0) == 2)
        #expect(scheduler.queueLength == 8)

        var served: [Int] = []
        while let (waiter, server) = scheduler.release(server: 0) {
            #expect(server == 0)
            #expect(scheduler.load(of: 0) == 2)
            served.append(waiter)
        }
        #expect(served == Array(2..<10))
        #expect(scheduler.queueLength == 0)
        // The last release found nobody waiting.
        #expect(scheduler.load(of: 0) == 1)
    }

    @Test func loadNeverExceedsMaxconn() {
        var scheduler = BackendScheduler<Int>(
            backend: backend([server("a", maxconn: 2), server("b", weight: 3, maxconn: 3)], balance: .leastConnections)
        )
        var next = 0
        var connections: [(waiter: Int, server: Int)] = []
        var random = SplitMix64(seed: 9)
        for _ in 0..<2000 {
            if connections.isEmpty || Bool.random(using: &random) {
                if case .server(let server) = scheduler.acquire(key: nil, excluding: [], waiter: next) {
                    connections.append((next, server))
                }
                next += 1
            } else {
                let ended = connections.remove(at: Int.random(in: connections.indices, using: &random))
                if let resumed = scheduler.release(server: ended.server) {
                    connections.append(resumed)
                }
            }
            #expect(scheduler.load(of: 0) <= 2 && scheduler.load(of: 1) <= 3)
            #expect(scheduler.load(of: 0) + scheduler.load(of: 1) == connections.count)
        }
    }

    @Test func aCancelledWaiterIsNotServed() {
        var scheduler = BackendScheduler<String>(backend: backend([server("a", maxconn: 1)]))
        #expect(scheduler.acquire(key: nil, excluding: [], waiter: "first") == .server(0))
        for waiter in ["w1", "w2", "w3"] {
            #expect(scheduler.acquire(key: nil, excluding: [], waiter: waiter) == .queued)
        }
        let cancelled = scheduler.cancel("w2")
        let cancelledTwice = scheduler.cancel("w2")
        let cancelledWhileServed = scheduler.cancel("first")
        #expect(cancelled && !cancelledTwice && !cancelledWhileServed)
        #expect(scheduler.queueLength == 2)
        #expect(scheduler.release(server: 0)?.waiter == "w1")
        #expect(scheduler.release(server: 0)?.waiter == "w3")
        #expect(scheduler.release(server: 0) == nil)
    }

    @Test func theQueueHoldsTheSumOfMaxqueue() {
        let servers = [server("a", maxconn: 1, maxqueue: 2), server("b", maxconn: 1, maxqueue: 1)]
        var scheduler = BackendScheduler<Int>(backend: backend(servers))
        let decisions = (0..<7).map { scheduler.acquire(key: nil, excluding: [], waiter: $0) }
        #expect(decisions == [
            .server(0), .server(1), .queued, .queued, .queued, .unavailable(.queueFull), .unavailable(.queueFull),
        ])
    }

    @Test func oneServerWithoutMaxqueueMakesTheQueueUnlimited() {
        let servers = [server("a", maxconn: 1, maxqueue: 1), server("b", maxconn: 1)]
        var scheduler = BackendScheduler<Int>(backend: backend(servers))
        let decisions = (0..<50).map { scheduler.acquire(key: nil, excluding: [], waiter: $0) }
        #expect(decisions.filter { $0 == .queued }.count == 48)
    }

    @Test func noUsableServerMeansNoServer() {
        var scheduler = BackendScheduler<Int>(backend: backend([server("a", disabled: true), server("b", weight: 0)]))
        #expect(scheduler.acquire(key: nil, excluding: [], waiter: 0) == .unavailable(.noServer))
        #expect(scheduler.queueLength == 0)

        var empty = BackendScheduler<Int>(backend: backend([]))
        #expect(empty.acquire(key: nil, excluding: [], waiter: 0) == .unavailable(.noServer))
        #expect(empty.serverCount == 0)
    }

    @Test func excludingEveryUsableServerMeansNoServer() {
        var scheduler = BackendScheduler<Int>(backend: backend([server("a"), server("b"), server("c", disabled: true)]))
        #expect(scheduler.acquire(key: nil, excluding: [0, 1], waiter: 0) == .unavailable(.noServer))
    }

    @Test func redispatchTriesEachServerOnce() {
        for algorithm in [BalanceAlgorithm.roundRobin, .leastConnections, .first, .random(draws: 2), .source] {
            var scheduler = BackendScheduler<Int>(
                backend: backend([server("a"), server("b", weight: 2), server("c")], balance: algorithm), seed: 11
            )
            var tried: [Int] = []
            while case .server(let server) = scheduler.acquire(key: 1234, excluding: tried, waiter: 0) {
                tried.append(server)
            }
            #expect(tried.sorted() == [0, 1, 2], "\(algorithm)")
            #expect(scheduler.acquire(key: 1234, excluding: tried, waiter: 0) == .unavailable(.noServer))
        }
    }

    @Test func aWaiterIsNotHandedAServerItAlreadyTried() {
        var scheduler = BackendScheduler<String>(backend: backend([server("a", maxconn: 1), server("b", maxconn: 1)]))
        #expect(scheduler.acquire(key: nil, excluding: [], waiter: "x") == .server(0))
        #expect(scheduler.acquire(key: nil, excluding: [], waiter: "y") == .server(1))
        // Tried server 0 already; server 1 is full: it waits for server 1.
        #expect(scheduler.acquire(key: nil, excluding: [0], waiter: "retry") == .queued)
        #expect(scheduler.acquire(key: nil, excluding: [], waiter: "later") == .queued)
        let fromZero = scheduler.release(server: 0)
        #expect(fromZero?.waiter == "later" && fromZero?.server == 0)
        let fromOne = scheduler.release(server: 1)
        #expect(fromOne?.waiter == "retry" && fromOne?.server == 1)
    }

    @Test func aServerComingUpServesTheQueue() {
        let servers = [server("a", maxconn: 1), server("b", disabled: true, maxconn: 2)]
        var scheduler = BackendScheduler<Int>(backend: backend(servers))
        for waiter in 0..<4 {
            _ = scheduler.acquire(key: nil, excluding: [], waiter: waiter)
        }
        #expect(scheduler.queueLength == 3)
        let handed = scheduler.setUsable(1, true)
        #expect(handed.map(\.waiter) == [1, 2])
        #expect(handed.map(\.server) == [1, 1])
        #expect(scheduler.queueLength == 1)
        #expect(scheduler.setUsable(1, true).isEmpty)
    }

    @Test func aWeightRaisedFromZeroServesTheQueue() {
        var scheduler = BackendScheduler<Int>(backend: backend([server("a", maxconn: 1), server("b", weight: 0)]))
        _ = scheduler.acquire(key: nil, excluding: [], waiter: 0)
        #expect(scheduler.acquire(key: nil, excluding: [], waiter: 1) == .queued)
        let handed = scheduler.setWeight(1, 5)
        #expect(handed.count == 1 && handed.first?.waiter == 1 && handed.first?.server == 1)
        #expect(scheduler.weight(of: 1) == 5)
    }

    @Test func connectionsOnAServerGoingDownStayCountedUntilReleased() {
        var scheduler = BackendScheduler<Int>(backend: backend([server("a"), server("b")]))
        #expect(scheduler.acquire(key: nil, excluding: [], waiter: 0) == .server(0))
        _ = scheduler.setUsable(0, false)
        #expect(!scheduler.isUsable(0))
        #expect(scheduler.load(of: 0) == 1)
        #expect(scheduler.acquire(key: nil, excluding: [], waiter: 1) == .server(1))
        #expect(scheduler.release(server: 0) == nil)
        #expect(scheduler.load(of: 0) == 0)
    }

    @Test func hashedKeysStickToTheirServer() {
        let hashType = HashType(method: .consistent, function: .sdbm, avalanche: true)
        var scheduler = BackendScheduler<Int>(
            backend: backend([server("a"), server("b"), server("c")], balance: .source, hashType: hashType)
        )
        for number in 0..<100 {
            let key = testKey(number)
            guard case .server(let first) = scheduler.acquire(key: key, excluding: [], waiter: number) else {
                Issue.record("no server for key \(number)")
                continue
            }
            #expect(scheduler.acquire(key: key, excluding: [], waiter: number) == .server(first))
        }
    }
}
