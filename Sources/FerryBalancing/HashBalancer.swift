import FerryModel

/// `balance source|uri|url_param|hdr`: the server is a function of the request's hash key.
///
/// The caller computes the key (``KeyHasher``, with the backend's `hash-type` function and `avalanche`); this type
/// maps it to a server:
/// - `map-based`: `key % totalWeight` over a table in which each candidate appears `weight` times. Cheap, but any
///   change of the candidate set remaps most keys.
/// - `consistent`: a hash ring (see ``HashRing``); removing a server moves only the keys it owned.
///
/// When the mapped server is not eligible, the lookup walks forward (through the table or around the ring) to the
/// next eligible one, so repeated picks yield a stable order of preference for each key. A `nil` key (the header or
/// parameter was missing) falls back to weighted round-robin, as HAProxy does.
public struct HashBalancer: LoadBalancer {
    public let method: HashType.Method
    private var map = WeightedMap()
    private var ring = HashRing()
    private var fallback = SmoothWeightedRotation()

    public init(method: HashType.Method) {
        self.method = method
    }

    /// Rebuilds the table or ring: O(total weight) for `map-based`, O(points × log points) for `consistent`.
    public mutating func update(servers: [WeightedServer]) {
        switch method {
        case .mapBased: map = WeightedMap(servers: servers)
        case .consistent: ring = HashRing(servers: servers)
        }
        fallback.update(servers: servers)
    }

    public mutating func pick(key: UInt32?, load: (Int) -> Int, isEligible: (Int) -> Bool) -> Int? {
        guard let key else { return fallback.pick(isEligible: isEligible) }
        // The walk past ineligible servers visits table slots or ring points, many per server; checking the few
        // candidates first keeps the common "everything is full" case from walking the whole ring.
        guard fallback.servers.contains(where: { isEligible($0.index) }) else { return nil }
        switch method {
        case .mapBased: return map.lookup(key, isEligible: isEligible)
        case .consistent: return ring.lookup(key, isEligible: isEligible)
        }
    }
}
