import FerryBalancing
import FerryModel
import Testing

@Suite struct LoadBalancerFactoryTests {
    @Test func eachAlgorithmGetsItsBalancer() {
        let hashType = HashType(method: .consistent)
        #expect(makeLoadBalancer(for: .roundRobin, hashType: hashType) is RoundRobinBalancer)
        #expect(makeLoadBalancer(for: .staticRoundRobin, hashType: hashType) is StaticRoundRobinBalancer)
        #expect(makeLoadBalancer(for: .leastConnections, hashType: hashType) is LeastConnectionsBalancer)
        #expect(makeLoadBalancer(for: .first, hashType: hashType) is FirstBalancer)
        #expect((makeLoadBalancer(for: .random(draws: 3), hashType: hashType) as? RandomBalancer)?.draws == 3)
        let hashed: [BalanceAlgorithm] = [
            .source, .uri(URIHashOptions()), .urlParameter(name: "id"), .header(name: "Host", useDomainOnly: false),
        ]
        for algorithm in hashed {
            #expect((makeLoadBalancer(for: algorithm, hashType: hashType) as? HashBalancer)?.method == .consistent)
        }
        #expect((makeLoadBalancer(for: .source, hashType: HashType()) as? HashBalancer)?.method == .mapBased)
    }

    @Test func theSeedReachesTheRandomBalancer() {
        func picks() -> [Int] {
            var balancer = makeLoadBalancer(for: .random(draws: 1), hashType: HashType(), seed: 99)
            balancer.update(servers: candidates([1, 1, 1, 1]))
            return (0..<50).compactMap { _ in balancer.pick() }
        }
        #expect(picks() == picks())
        #expect(Set(picks()).count > 1)
    }
}
