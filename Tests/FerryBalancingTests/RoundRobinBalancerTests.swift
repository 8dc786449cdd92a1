import FerryBalancing
import Testing

@Suite struct RoundRobinBalancerTests {
    @Test func proportionsAreExactOverMultiplesOfTheTotalWeight() {
        var balancer = RoundRobinBalancer()
        balancer.update(servers: candidates([5, 3, 1, 1]))
        #expect(balancer.counts(picks: 10_000, serverCount: 4) == [5000, 3000, 1000, 1000])
    }

    @Test func picksAreSpreadOut() {
        let weights = [5, 3, 1, 1]
        let total = weights.reduce(0, +)
        var balancer = RoundRobinBalancer()
        balancer.update(servers: candidates(weights))
        var counts = Array(repeating: 0, count: weights.count)
        for picks in 1...10_000 {
            guard let server = balancer.pick() else {
                Issue.record("no pick")
                return
            }
            counts[server] += 1
            for (server, weight) in weights.enumerated() {
                // ceil(weight / total × picks) + 1, in integers.
                let bound = (weight * picks + total - 1) / total + 1
                #expect(counts[server] <= bound, "server \(server) after \(picks) picks")
            }
        }
    }

    @Test func theFirstCycleInterleavesServers() {
        var balancer = RoundRobinBalancer()
        balancer.update(servers: candidates([5, 1, 1]))
        let cycle = (0..<7).compactMap { _ in balancer.pick() }
        #expect(cycle == [0, 0, 1, 0, 2, 0, 0])
    }

    @Test func aWeightChangeTakesEffectAtTheNextPick() {
        var balancer = RoundRobinBalancer()
        balancer.update(servers: candidates([5, 3, 1, 1]))
        _ = balancer.counts(picks: 1000, serverCount: 4)
        balancer.update(servers: candidates([1, 1, 1, 1]))
        #expect(balancer.counts(picks: 4000, serverCount: 4) == [1000, 1000, 1000, 1000])
    }

    @Test func aWeightChangeInMidCycleKeepsProportionsClose() {
        var balancer = RoundRobinBalancer()
        balancer.update(servers: candidates([5, 3, 1, 1]))
        _ = balancer.counts(picks: 1003, serverCount: 4)
        balancer.update(servers: candidates([1, 1, 1, 3]))
        let counts = balancer.counts(picks: 6000, serverCount: 4)
        for (count, expected) in zip(counts, [1000, 1000, 1000, 3000]) {
            #expect(abs(count - expected) <= 5, "\(counts)")
        }
    }

    @Test func aRemovedServerIsNeverPickedAndTheOthersKeepTheirProportions() {
        var balancer = RoundRobinBalancer()
        balancer.update(servers: candidates([5, 3, 1, 1]))
        _ = balancer.counts(picks: 10, serverCount: 4)
        balancer.update(servers: candidates([5, 3, 1, 1]).filter { $0.index != 1 })
        #expect(balancer.counts(picks: 7000, serverCount: 4) == [5000, 0, 1000, 1000])
    }

    @Test func ineligibleServersAreSkippedAndRepeatedPicksGiveEachCandidateOnce() {
        var balancer = RoundRobinBalancer()
        balancer.update(servers: candidates([5, 3, 1, 1]))
        let order = balancer.preferenceOrder(key: nil)
        #expect(order.sorted() == [0, 1, 2, 3])
        #expect(balancer.pick(key: nil, load: { _ in 0 }, isEligible: { _ in false }) == nil)
        for _ in 0..<20 {
            #expect(balancer.pick(key: nil, load: { _ in 0 }, isEligible: { $0 != 0 }) != 0)
        }
    }

    @Test func noCandidatesMeansNoPick() {
        var balancer = RoundRobinBalancer()
        #expect(balancer.pick() == nil)
        balancer.update(servers: candidates([2]))
        balancer.update(servers: [])
        #expect(balancer.pick() == nil)
    }
}

@Suite struct StaticRoundRobinBalancerTests {
    @Test func proportionsAreExact() {
        var balancer = StaticRoundRobinBalancer()
        balancer.update(servers: candidates([5, 3, 1, 1]))
        #expect(balancer.counts(picks: 10_000, serverCount: 4) == [5000, 3000, 1000, 1000])
    }

    @Test func weightChangesAreIgnored() {
        var balancer = StaticRoundRobinBalancer()
        balancer.update(servers: candidates([5, 3, 1, 1]))
        balancer.update(servers: candidates([1, 1, 1, 7]))
        #expect(balancer.counts(picks: 10_000, serverCount: 4) == [5000, 3000, 1000, 1000])
    }

    @Test func serversAppearAndDisappearWithTheirFirstWeight() {
        var balancer = StaticRoundRobinBalancer()
        balancer.update(servers: candidates([5, 3, 1, 1]).filter { $0.index != 3 })
        #expect(balancer.counts(picks: 9000, serverCount: 4) == [5000, 3000, 1000, 0])
        // Server 3 appears for the first time with weight 2: that is its weight from now on.
        balancer.update(servers: candidates([5, 3, 1, 2]))
        #expect(balancer.counts(picks: 11_000, serverCount: 4) == [5000, 3000, 1000, 2000])
        balancer.update(servers: candidates([5, 3, 1, 2]).filter { $0.index != 0 })
        #expect(balancer.counts(picks: 6000, serverCount: 4) == [0, 3000, 1000, 2000])
        balancer.update(servers: candidates([9, 9, 9, 9]))
        #expect(balancer.counts(picks: 11_000, serverCount: 4) == [5000, 3000, 1000, 2000])
    }
}
