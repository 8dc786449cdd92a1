import FerryModel
import NIOCore

/// `cookie NAME insert|rewrite|prefix [indirect] [nocache] [httponly] [secure]` with `server … cookie VALUE`:
/// which server a request's cookie names, what the forwarded request keeps of it, and how the response sets it.
struct StickyCookie: Sendable {
    let persistence: CookiePersistence
    /// Each server's `cookie` value, by server index.
    let serverValues: [String?]

    init?(_ backend: Backend) {
        guard let persistence = backend.cookie.value else { return nil }
        self.persistence = persistence
        serverValues = backend.servers.map(\.settings.cookie.value)
    }

    /// What the request said.
    struct Presented: Sendable {
        /// The server the cookie names, if it names one.
        var server: Int?
    }

    /// Reads the cookie from the request's `Cookie` fields; with `indirect` (insert mode) or `prefix` the
    /// forwarded request gets a `Cookie` field without the proxy's part.
    func request(_ head: HTTPHead, in buffer: ByteBuffer, edits: inout HeadEdits) -> Presented {
        let fields = head.values(of: "cookie", in: buffer)
        var presented = Presented()
        var kept: [String] = []
        var changed = false
        for field in fields {
            for pair in field.split(separator: ";") {
                let trimmed = pair.drop { $0 == " " }
                guard let equals = trimmed.firstIndex(of: "="), trimmed[..<equals] == persistence.name else {
                    kept.append(String(trimmed))
                    continue
                }
                let value = trimmed[trimmed.index(after: equals)...]
                switch persistence.mode {
                case .prefix:
                    let (server, rest) = value.firstIndex(of: "~").map { (value[..<$0], value[value.index(after: $0)...]) } ?? (value, "")
                    presented.server = serverValues.firstIndex { $0.map { Substring($0) } == server }
                    kept.append("\(persistence.name)=\(rest)")
                    changed = true
                case .insert where persistence.indirect:
                    presented.server = serverValues.firstIndex { $0.map { Substring($0) } == value }
                    changed = true
                default:
                    presented.server = serverValues.firstIndex { $0.map { Substring($0) } == value }
                    kept.append(String(trimmed))
                }
            }
        }
        if changed {
            edits.deleteHeader("Cookie")
            if !kept.isEmpty { edits.addHeader("Cookie", kept.joined(separator: "; ")) }
        }
        return presented
    }

    /// Sets the cookie on a response from `server`: inserted when the client did not already name that server
    /// (insert), the application's value replaced (rewrite) or prefixed (prefix).
    func response(_ head: HTTPHead, in buffer: ByteBuffer, server: Int, presented: Presented, edits: inout HeadEdits) {
        guard let value = serverValues[server] else { return }
        switch persistence.mode {
        case .passive:
            return
        case .insert:
            guard presented.server != server else { return }
            var cookie = "\(persistence.name)=\(value); path=/"
            if persistence.httpOnly { cookie += "; HttpOnly" }
            if persistence.secure { cookie += "; Secure" }
            edits.addHeader("Set-Cookie", cookie)
            if persistence.noCache { edits.addHeader("Cache-Control", "private") }
        case .rewrite, .prefix:
            let setCookies = head.values(of: "set-cookie", in: buffer)
            guard setCookies.contains(where: { $0.hasPrefix(persistence.name + "=") }) else { return }
            edits.deleteHeader("Set-Cookie")
            for cookie in setCookies {
                guard cookie.hasPrefix(persistence.name + "=") else {
                    edits.addHeader("Set-Cookie", cookie)
                    continue
                }
                let rest = cookie.dropFirst(persistence.name.count + 1)
                let attributes = rest.firstIndex(of: ";").map { rest[$0...] } ?? ""
                let original = rest.firstIndex(of: ";").map { rest[..<$0] } ?? rest
                let newValue = persistence.mode == .rewrite ? value : "\(value)~\(original)"
                edits.addHeader("Set-Cookie", "\(persistence.name)=\(newValue)\(attributes)")
            }
            if persistence.noCache { edits.addHeader("Cache-Control", "private") }
        }
    }
}
