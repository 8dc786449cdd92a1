/// The table of `hash-type map-based`: each server appears `weight` times, so `key % totalWeight` selects servers
/// in proportion to their weights.
///
/// Copies of a server are spread through the table rather than grouped, so that keys which differ only in their
/// low bits (a raw hash without `avalanche`) still land on different servers.
struct WeightedMap: Sendable {
    /// Server indices; empty when there are no candidates.
    private var table: [Int32] = []

    init() {}

    init(servers: [WeightedServer]) {
        // Order the copies by the point in the cycle where each falls due: copy `j` of a server of weight `w` at
        // (j + 1/2) / w. Compared by cross-multiplying: (2j + 1) / 2w.
        var copies: [(numerator: Int, denominator: Int, position: Int, index: Int32)] = []
        copies.reserveCapacity(servers.reduce(0) { $0 + $1.weight })
        for (position, server) in servers.enumerated() {
            for copy in 0..<server.weight {
                copies.append((2 * copy + 1, 2 * server.weight, position, Int32(truncatingIfNeeded: server.index)))
            }
        }
        copies.sort { a, b in
            let left = a.numerator * b.denominator
            let right = b.numerator * a.denominator
            return left != right ? left < right : a.position < b.position
        }
        table = copies.map(\.index)
    }

    /// The server the key maps to, or the next eligible one in the table after it.
    func lookup(_ key: UInt32, isEligible: (Int) -> Bool) -> Int? {
        guard !table.isEmpty else { return nil }
        let start = Int(key) % table.count
        for offset in 0..<table.count {
            let slot = start + offset < table.count ? start + offset : start + offset - table.count
            let index = Int(table[slot])
            if isEligible(index) { return index }
        }
        return nil
    }
}
