import FerryBalancing
import FerryModel
import Testing

@Suite struct ConsistentHashTests {
    private static let keys = (0..<10_000).map(testKey)

    private static func owners(of servers: [WeightedServer]) -> [Int] {
        var balancer = HashBalancer(method: .consistent)
        balancer.update(servers: servers)
        return keys.map { balancer.pick(key: $0) ?? -1 }
    }

    @Test(arguments: [5, 10])
    func removingAServerMovesOnlyItsKeys(serverCount: Int) {
        let all = candidates(Array(repeating: 1, count: serverCount))
        let removed = serverCount - 1
        let before = Self.owners(of: all)
        let after = Self.owners(of: all.filter { $0.index != removed })
        let moved = zip(before, after).filter { $0 != $1 }
        #expect(moved.allSatisfy { old, _ in old == removed })
        #expect(moved.count == before.count { $0 == removed })
        #expect(Double(moved.count) <= Double(Self.keys.count) / Double(serverCount) * 1.05)
    }

    @Test(arguments: [5, 10])
    func whicheverServerIsRemovedOnlyItsKeysMove(serverCount: Int) {
        let all = candidates(Array(repeating: 1, count: serverCount))
        let before = Self.owners(of: all)
        for removed in 0..<serverCount {
            let after = Self.owners(of: all.filter { $0.index != removed })
            let moved = zip(before, after).filter { $0 != $1 }
            #expect(moved.allSatisfy { old, _ in old == removed })
            #expect(moved.count == before.count { $0 == removed })
            // The ring's shares vary by about ±8% (160 points per server) on top of the sampling noise of the keys.
            #expect(Double(moved.count) <= Double(Self.keys.count) / Double(serverCount) * 1.15, "removed \(removed)")
        }
    }

    @Test func addingTheServerBackRestoresTheMapping() {
        let all = candidates([1, 1, 1, 1, 1])
        let before = Self.owners(of: all)
        var balancer = HashBalancer(method: .consistent)
        balancer.update(servers: all)
        balancer.update(servers: all.filter { $0.index != 2 })
        balancer.update(servers: all)
        #expect(Self.keys.map { balancer.pick(key: $0) ?? -1 } == before)
    }

    @Test func anIneligibleOwnerSendsItsKeysWhereRemovingItWould() {
        let all = candidates([1, 1, 1, 1, 1])
        let withoutTwo = Self.owners(of: all.filter { $0.index != 2 })
        var balancer = HashBalancer(method: .consistent)
        balancer.update(servers: all)
        let skippingTwo = Self.keys.map { key in
            balancer.pick(key: key, load: { _ in 0 }, isEligible: { $0 != 2 }) ?? -1
        }
        #expect(skippingTwo == withoutTwo)
    }

    @Test func sharesFollowWeights() {
        let owners = Self.owners(of: candidates([1, 3]))
        let heavy = Double(owners.count { $0 == 1 }) / Double(owners.count)
        #expect(abs(heavy - 0.75) < 0.05, "share of the weight-3 server: \(heavy)")
    }

    @Test func preferenceOrderIsStablePerKeyAndCoversEveryCandidate() {
        var balancer = HashBalancer(method: .consistent)
        balancer.update(servers: candidates([1, 2, 1, 1]))
        for key in Self.keys.prefix(50) {
            let order = balancer.preferenceOrder(key: key)
            #expect(order.sorted() == [0, 1, 2, 3])
            #expect(balancer.preferenceOrder(key: key) == order)
        }
    }
}

@Suite struct MapBasedHashTests {
    @Test func keysMapModuloTheTotalWeight() {
        var balancer = HashBalancer(method: .mapBased)
        balancer.update(servers: candidates([2, 1, 1]))
        var counts = [0, 0, 0]
        for key in UInt32(0)..<400 {
            if let server = balancer.pick(key: key) { counts[server] += 1 }
        }
        #expect(counts == [200, 100, 100])
        // Copies of a server are spread through the table, so consecutive keys alternate.
        #expect((0..<4).compactMap { balancer.pick(key: UInt32($0)) } == [0, 1, 2, 0])
        #expect(balancer.pick(key: 5) == balancer.pick(key: 1))
    }

    @Test func theMappingIsDeterministic() {
        var first = HashBalancer(method: .mapBased)
        var second = HashBalancer(method: .mapBased)
        first.update(servers: candidates([3, 1, 2, 5]))
        second.update(servers: candidates([3, 1, 2, 5]))
        for number in 0..<1000 {
            let key = testKey(number)
            #expect(first.pick(key: key) == second.pick(key: key))
            #expect(first.pick(key: key) == first.pick(key: key))
        }
    }

    @Test func anIneligibleServerIsSkippedByWalkingTheTable() {
        var balancer = HashBalancer(method: .mapBased)
        balancer.update(servers: candidates([1, 1, 1]))
        #expect(balancer.pick(key: 1) == 1)
        #expect(balancer.pick(key: 1, load: { _ in 0 }, isEligible: { $0 != 1 }) == 2)
        #expect(balancer.pick(key: 2, load: { _ in 0 }, isEligible: { $0 != 2 }) == 0)
        #expect(balancer.preferenceOrder(key: 1) == [1, 2, 0])
        #expect(balancer.pick(key: 1, load: { _ in 0 }, isEligible: { _ in false }) == nil)
    }
}

@Suite struct HashFallbackTests {
    @Test(arguments: [HashType.Method.mapBased, .consistent])
    func aMissingKeyFallsBackToRoundRobin(method: HashType.Method) {
        var balancer = HashBalancer(method: method)
        balancer.update(servers: candidates([1, 1, 2]))
        #expect((0..<8).compactMap { _ in balancer.pick() } == [2, 0, 1, 2, 2, 0, 1, 2])
    }

    @Test(arguments: [HashType.Method.mapBased, .consistent])
    func noCandidatesMeansNoPick(method: HashType.Method) {
        var balancer = HashBalancer(method: method)
        #expect(balancer.pick(key: 12) == nil)
        #expect(balancer.pick(key: nil) == nil)
    }
}
