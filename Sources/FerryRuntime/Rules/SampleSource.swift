import FerryModel
import NIOCore

/// What conditions can look at for one connection or request.
///
/// A `mode tcp` session offers the layer-4 samples only; the HTTP layer adds the request's.
protocol SampleSource {
    /// The client's address (the one a PROXY header named, when there was one).
    var sourceAddress: SocketAddress? { get }
    /// The port the client connected to.
    var destinationPort: Int? { get }
    /// The values of an HTTP fetch, or `nil` when the fetch has no value (no such header, no query, not HTTP).
    func values(of fetch: ACLFetch) -> [Substring]?
}

/// The samples of a `mode tcp` connection.
struct ConnectionSamples: SampleSource {
    var sourceAddress: SocketAddress?
    var destinationPort: Int?

    func values(of fetch: ACLFetch) -> [Substring]? { nil }
}
