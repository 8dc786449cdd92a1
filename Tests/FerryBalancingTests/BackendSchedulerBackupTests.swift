import FerryBalancing
import FerryModel
import Testing

@Suite struct BackendSchedulerBackupTests {
    private func servers(
        _ scheduler: inout BackendScheduler<Int>, picks: Int = 40
    ) -> Set<Int> {
        var chosen: Set<Int> = []
        for waiter in 0..<picks {
            if case .server(let server) = scheduler.acquire(key: nil, excluding: [], waiter: waiter) {
                chosen.insert(server)
                _ = scheduler.release(server: server)
            }
        }
        return chosen
    }

    private let mixed = [
        server("p1"), server("p2"), server("b1", backup: true), server("b2", backup: true),
    ]

    @Test(arguments: [false, true])
    func backupsWaitWhilePrimariesAreUsable(allBackups: Bool) {
        var scheduler = BackendScheduler<Int>(backend: backend(mixed, allBackups: allBackups))
        #expect(servers(&scheduler) == [0, 1])
    }

    @Test func withoutAllbackupsOnlyTheFirstUsableBackupServes() {
        var scheduler = BackendScheduler<Int>(backend: backend(mixed))
        _ = scheduler.setUsable(0, false)
        _ = scheduler.setUsable(1, false)
        #expect(servers(&scheduler) == [2])
        _ = scheduler.setUsable(2, false)
        #expect(servers(&scheduler) == [3])
    }

    @Test func withAllbackupsEveryUsableBackupServes() {
        var scheduler = BackendScheduler<Int>(backend: backend(mixed, allBackups: true))
        _ = scheduler.setUsable(0, false)
        _ = scheduler.setUsable(1, false)
        #expect(servers(&scheduler) == [2, 3])
        _ = scheduler.setUsable(1, true)
        #expect(servers(&scheduler) == [1])
    }

    @Test(arguments: [false, true])
    func disabledServersTakeNoTraffic(allBackups: Bool) {
        let list = [
            server("p1", disabled: true), server("p2", disabled: true),
            server("b1", backup: true, disabled: true), server("b2", backup: true), server("b3", backup: true),
        ]
        var scheduler = BackendScheduler<Int>(backend: backend(list, allBackups: allBackups))
        #expect(servers(&scheduler) == (allBackups ? [3, 4] : [3]))
        // Enabling a primary takes the traffic back from the backups.
        _ = scheduler.setUsable(1, true)
        #expect(servers(&scheduler) == [1])
    }

    @Test func weightZeroIsNeverPicked() {
        let algorithms: [BalanceAlgorithm] = [
            .roundRobin, .staticRoundRobin, .leastConnections, .first, .random(draws: 2),
        ]
        for algorithm in algorithms {
            let list = [server("a", weight: 0), server("b"), server("c", weight: 3)]
            var scheduler = BackendScheduler<Int>(backend: backend(list, balance: algorithm), seed: 5)
            #expect(!servers(&scheduler).contains(0), "\(algorithm)")
            _ = scheduler.setWeight(2, 0)
            #expect(servers(&scheduler) == [1], "\(algorithm)")
        }
    }

    @Test func primariesOfWeightZeroLeaveTheTrafficToBackups() {
        var scheduler = BackendScheduler<Int>(backend: backend(mixed))
        _ = scheduler.setWeight(0, 0)
        _ = scheduler.setWeight(1, 0)
        #expect(servers(&scheduler) == [2])
    }

    @Test func aFullBackupQueuesLikeAPrimary() {
        let list = [server("p", disabled: true), server("b", backup: true, maxconn: 1, maxqueue: 1)]
        var scheduler = BackendScheduler<Int>(backend: backend(list))
        #expect(scheduler.acquire(key: nil, excluding: [], waiter: 0) == .server(1))
        #expect(scheduler.acquire(key: nil, excluding: [], waiter: 1) == .queued)
        #expect(scheduler.acquire(key: nil, excluding: [], waiter: 2) == .unavailable(.queueFull))
        // The primary coming back serves the waiter.
        let handed = scheduler.setUsable(0, true)
        #expect(handed.count == 1 && handed.first?.waiter == 1 && handed.first?.server == 0)
    }
}
