import FerryBalancing
import Testing

@Suite struct LeastConnectionsBalancerTests {
    @Test func thePickHasTheLeastLoadRelativeToWeight() {
        var random = SplitMix64(seed: 7)
        var balancer = LeastConnectionsBalancer()
        for _ in 0..<1000 {
            let count = Int.random(in: 1...8, using: &random)
            let weights = (0..<count).map { _ in Int.random(in: 1...10, using: &random) }
            let loads = (0..<count).map { _ in Int.random(in: 0...20, using: &random) }
            balancer.update(servers: candidates(weights))
            guard let pick = balancer.pick(key: nil, load: { loads[$0] }, isEligible: { _ in true }) else {
                Issue.record("no pick among \(count) servers")
                continue
            }
            for other in 0..<count {
                // loads[pick] / weights[pick] <= loads[other] / weights[other]
                #expect(loads[pick] * weights[other] <= loads[other] * weights[pick], "\(loads) \(weights) → \(pick)")
            }
        }
    }

    @Test func serversWithEqualLoadTakeTurns() {
        var balancer = LeastConnectionsBalancer()
        balancer.update(servers: candidates([1, 1, 1, 1]))
        let picks = (0..<8).compactMap { _ in balancer.pick() }
        #expect(picks == [0, 1, 2, 3, 0, 1, 2, 3])
    }

    @Test func tiesRotateAmongTheLeastLoadedOnly() {
        var balancer = LeastConnectionsBalancer()
        balancer.update(servers: candidates([1, 2, 1, 2]))
        // Relative loads 2, 1, 1, 1.5: servers 1 and 2 tie.
        let loads = [2, 2, 1, 3]
        let picks = (0..<6).compactMap { _ in balancer.pick(key: nil, load: { loads[$0] }, isEligible: { _ in true }) }
        #expect(picks == [1, 2, 1, 2, 1, 2])
    }

    @Test func preferenceOrderFollowsRelativeLoad() {
        var balancer = LeastConnectionsBalancer()
        balancer.update(servers: candidates([1, 1, 1, 4]))
        let loads = [3, 1, 2, 6]
        #expect(balancer.preferenceOrder(key: nil, load: { loads[$0] }) == [1, 3, 2, 0])
    }

    @Test func ineligibleServersAreSkipped() {
        var balancer = LeastConnectionsBalancer()
        balancer.update(servers: candidates([1, 1]))
        #expect(balancer.pick(key: nil, load: { $0 == 0 ? 0 : 5 }, isEligible: { $0 != 0 }) == 1)
        #expect(balancer.pick(key: nil, load: { _ in 0 }, isEligible: { _ in false }) == nil)
    }
}

@Suite struct FirstBalancerTests {
    @Test func thePickIsTheLowestEligibleIndex() {
        var balancer = FirstBalancer()
        balancer.update(servers: [WeightedServer(index: 4, weight: 1), WeightedServer(index: 2, weight: 9)])
        #expect(balancer.pick() == 2)
        #expect(balancer.pick(key: nil, load: { _ in 0 }, isEligible: { $0 != 2 }) == 4)
        #expect(balancer.pick(key: nil, load: { _ in 0 }, isEligible: { _ in false }) == nil)
    }

    @Test func serversFillUpInOrder() {
        var balancer = FirstBalancer()
        balancer.update(servers: candidates([1, 1, 1]))
        let maxConnections = 2
        var loads = [0, 0, 0]
        var picks: [Int] = []
        while let server = balancer.pick(key: nil, load: { loads[$0] }, isEligible: { loads[$0] < maxConnections }) {
            loads[server] += 1
            picks.append(server)
        }
        #expect(picks == [0, 0, 1, 1, 2, 2])
        loads[0] = 1
        #expect(balancer.pick(key: nil, load: { loads[$0] }, isEligible: { loads[$0] < maxConnections }) == 0)
    }
}
