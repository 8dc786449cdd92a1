extension WeightedServer {
    /// Whether `load / weight` is lower than `otherLoad / other.weight`, compared by cross-multiplying so that no
    /// rounding decides between servers.
    func hasLowerRelativeLoad(_ load: Int, than other: WeightedServer, withLoad otherLoad: Int) -> Bool {
        load * other.weight < otherLoad * weight
    }
}
