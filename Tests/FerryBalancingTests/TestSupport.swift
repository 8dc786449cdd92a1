import FerryBalancing
import FerryModel

/// Candidates `0..<weights.count` with the given weights.
func candidates(_ weights: [Int]) -> [WeightedServer] {
    weights.enumerated().map { WeightedServer(index: $0.offset, weight: $0.element) }
}

extension LoadBalancer {
    /// A pick where every candidate is eligible and idle.
    mutating func pick(key: UInt32? = nil) -> Int? {
        pick(key: key, load: { _ in 0 }, isEligible: { _ in true })
    }

    /// Picks repeatedly, excluding each result, as the runtime does for retries: the candidates in preference order.
    mutating func preferenceOrder(key: UInt32?, load: (Int) -> Int = { _ in 0 }) -> [Int] {
        var tried: [Int] = []
        while let next = pick(key: key, load: load, isEligible: { !tried.contains($0) }) {
            tried.append(next)
        }
        return tried
    }

    /// How many times each of `serverCount` servers is chosen in `picks` picks.
    mutating func counts(picks: Int, serverCount: Int) -> [Int] {
        var counts = Array(repeating: 0, count: serverCount)
        for _ in 0..<picks {
            if let server = pick() { counts[server] += 1 }
        }
        return counts
    }
}

/// The key of the test keys `key-0`, `key-1`, … as the runtime would compute it for `hash-type consistent sdbm
/// avalanche`.
func testKey(_ number: Int) -> UInt32 {
    KeyHasher.hash(Array("key-\(number)".utf8), using: HashType(method: .consistent, function: .sdbm, avalanche: true))
}

/// A server for scheduler tests.
func server(
    _ name: String,
    weight: Int = 1,
    backup: Bool = false,
    disabled: Bool = false,
    maxconn: Int? = nil,
    maxqueue: Int? = nil
) -> Server {
    let origin = ConfigLocation(file: "test.cfg", line: 1, column: 1, endColumn: 2)
    return Server(
        name: name,
        address: .tcp(host: .ipv4("127.0.0.1"), port: .fixed(8000)),
        settings: ServerSettings(
            weight: .builtIn(weight),
            backup: .builtIn(backup),
            maxConnections: .builtIn(maxconn),
            maxQueue: .builtIn(maxqueue),
            disabled: .builtIn(disabled)
        ),
        origin: origin
    )
}

/// A backend of `servers` balanced with `algorithm`.
func backend(
    _ servers: [Server],
    balance algorithm: BalanceAlgorithm = .roundRobin,
    hashType: HashType = HashType(),
    allBackups: Bool = false
) -> Backend {
    var options = ProxyOptions()
    options[.allBackups] = .builtIn(allBackups)
    let common = ProxyCommon(
        name: "app", kind: .backend, origin: ConfigLocation(file: "test.cfg", line: 1, column: 1, endColumn: 8),
        options: options
    )
    return Backend(common: common, balance: .builtIn(algorithm), hashType: .builtIn(hashType), servers: servers)
}
