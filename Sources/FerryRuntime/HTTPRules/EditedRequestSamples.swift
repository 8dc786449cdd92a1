import FerryModel
import NIOCore

/// The request as the rules so far have left it: HAProxy evaluates each rule against the current message, so a
/// condition after `set-path` sees the new path and one after `set-header` sees the new value.
///
/// Only `path` and `hdr()` change; the query, the method and the URL parameters are never edited.
struct EditedRequestSamples: SampleSource {
    let request: HTTPRequestSamples
    let edits: HeadEdits

    var sourceAddress: SocketAddress? { request.sourceAddress }
    var destinationPort: Int? { request.destinationPort }

    func values(of fetch: ACLFetch) -> [Substring]? {
        guard !edits.isEmpty else { return request.values(of: fetch) }
        switch fetch {
        case .path:
            return path.map { [$0] }
        case .header(let name):
            // ACL and formatted-value header names are lowercase in the model, as `HeadEdits` keeps them.
            return headerValues(name)
        default:
            return request.values(of: fetch)
        }
    }

    /// The current path: the `set-path` value where the target has a path to replace, else the received one.
    var path: Substring? {
        guard let received = request.path else { return nil }
        guard let path = edits.path else { return received }
        return path.isEmpty ? "/" : Substring(path)
    }

    /// The current path and query, for `prefix` and `scheme` redirects.
    var pathAndQuery: Substring? {
        guard edits.path != nil else { return request.pathAndQuery }
        guard let path else { return nil }
        guard let query = request.query else { return path }
        return Substring(path + "?" + query)
    }

    private func headerValues(_ name: String) -> [Substring]? {
        var values: [Substring] = []
        var found = false
        if !edits.removedNames.contains(name), let received = request.headerValues(name) {
            values = received
            found = true
        }
        for field in edits.addedFields where field.lowercasedName == name {
            values += HTTPListSplitter.elements(of: field.value)
            found = true
        }
        return found ? values : nil
    }
}
