import FerryBalancing
import Testing

@Suite struct RandomBalancerTests {
    @Test func withTwoServersTheLessLoadedAlwaysWins() {
        var balancer = RandomBalancer(draws: 2, seed: 1)
        balancer.update(servers: candidates([1, 1]))
        let loads = [5, 1]
        for _ in 0..<1000 {
            #expect(balancer.pick(key: nil, load: { loads[$0] }, isEligible: { _ in true }) == 1)
        }
    }

    @Test func thePickIsNeverTheMostLoadedOfItsDraws() {
        var balancer = RandomBalancer(draws: 2, seed: 2)
        balancer.update(servers: candidates([1, 2, 1, 3, 1, 1, 2, 1]))
        let loads = [7, 3, 9, 1, 4, 6, 2, 8]
        var picked = Array(repeating: 0, count: loads.count)
        for _ in 0..<2000 {
            // The balancer asks for the load of exactly the servers it drew.
            var drawn: [Int] = []
            let pick = balancer.pick(key: nil, load: { drawn.append($0); return loads[$0] }, isEligible: { _ in true })
            guard let pick else {
                Issue.record("no pick")
                return
            }
            picked[pick] += 1
            #expect(drawn.count == 2 && Set(drawn).count == 2, "\(drawn)")
            #expect(drawn.contains(pick))
            // loads / weights = 7, 1.5, 9, 0.33, 4, 6, 1, 8: all distinct, so the pick is strictly the lesser.
            let weights = [1, 2, 1, 3, 1, 1, 2, 1]
            for other in drawn where other != pick {
                #expect(loads[pick] * weights[other] < loads[other] * weights[pick])
            }
        }
        // The most loaded server relative to its weight can never win a pair.
        #expect(picked[2] == 0)
    }

    @Test func aSeedReproducesTheChoices() {
        func sequence(seed: UInt64) -> [Int] {
            var balancer = RandomBalancer(draws: 2, seed: seed)
            balancer.update(servers: candidates([1, 1, 1, 1, 1, 1]))
            let loads = [0, 1, 2, 3, 4, 5]
            return (0..<100).compactMap { _ in balancer.pick(key: nil, load: { loads[$0] }, isEligible: { _ in true }) }
        }
        #expect(sequence(seed: 42) == sequence(seed: 42))
        #expect(sequence(seed: 42) != sequence(seed: 43))
    }

    @Test func singleDrawsFollowWeights() {
        var balancer = RandomBalancer(draws: 1, seed: 3)
        balancer.update(servers: candidates([3, 1]))
        let counts = balancer.counts(picks: 40_000, serverCount: 2)
        #expect(abs(Double(counts[0]) / 40_000 - 0.75) < 0.01, "\(counts)")
    }

    @Test func drawsBeyondTheEligibleServersCompareThemAll() {
        var balancer = RandomBalancer(draws: 5, seed: 4)
        balancer.update(servers: candidates([1, 1, 1]))
        let loads = [4, 2, 3]
        for _ in 0..<100 {
            #expect(balancer.pick(key: nil, load: { loads[$0] }, isEligible: { $0 != 1 }) == 2)
        }
        #expect(balancer.pick(key: nil, load: { loads[$0] }, isEligible: { _ in false }) == nil)
        #expect(balancer.preferenceOrder(key: nil, load: { loads[$0] }) == [1, 2, 0])
    }

    @Test func zeroDrawsCountAsOne() {
        #expect(RandomBalancer(draws: 0, seed: 5).draws == 1)
    }
}
