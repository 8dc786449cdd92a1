/// `balance first`: the eligible candidate with the lowest index.
///
/// The caller marks servers at their `maxconn` as not eligible, so servers fill up one after the other in
/// declaration order and the last ones can be stopped when idle. Weights play no part.
public struct FirstBalancer: LoadBalancer {
    /// Candidate indices in ascending order.
    private var indices: [Int] = []

    public init() {}

    public mutating func update(servers: [WeightedServer]) {
        indices = servers.map(\.index).sorted()
    }

    public mutating func pick(key: UInt32?, load: (Int) -> Int, isEligible: (Int) -> Bool) -> Int? {
        indices.first(where: isEligible)
    }
}
