import FerryModel
import NIOCore

/// `option forwardfor`: tell servers the client's address in a header, `X-Forwarded-For` unless renamed.
///
/// As in HAProxy the header is a new field line appended after the others (an existing `X-Forwarded-For` is left
/// alone, not merged into), written after the `http-request` rules ran, so `if-none` sees what the rules left.
/// Clients in the `except` network, and clients without an IP address (a UNIX socket), get no header.
struct ForwardedForPolicy: Sendable {
    let headerName: String
    let lowercasedHeaderName: String
    private let except: Network?
    let ifNone: Bool

    init(_ forwardFor: ForwardFor) {
        headerName = forwardFor.header
        lowercasedHeaderName = HeadEdits.lowercased(forwardFor.header)
        if case .network(let address, let prefixLength) = forwardFor.except {
            except = Network(address: address, prefixLength: prefixLength)
        } else {
            except = nil
        }
        ifNone = forwardFor.ifNone
    }

    /// The value for a client: its IP address as text, or `nil` when it gets no header. Depends on the client only,
    /// so compute it once per connection.
    func value(for client: SocketAddress?) -> String? {
        guard let client, let address = client.ipAddress else { return nil }
        if let except, except.contains(client) { return nil }
        return address
    }

    /// Adds the header to `edits`, unless `if-none` is set and the request (as edited) already has one.
    func apply(value: String, head: HTTPHead, buffer: ByteBuffer, to edits: inout HeadEdits) {
        if ifNone, edits.hasField(lowercasedName: lowercasedHeaderName, in: head, buffer: buffer) { return }
        edits.addHeader(headerName, lowercasedName: lowercasedHeaderName, value)
    }
}
