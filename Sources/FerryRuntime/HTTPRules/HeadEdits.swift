import NIOCore

/// The changes rules make to one request or response head, already resolved into what the head writer needs.
///
/// Semantics are HAProxy's, applied in rule order: `add` appends a field after all others; `delete` removes every
/// field of that name, the received ones and those added before; `set` is `delete` then `add`. So a later `set`
/// overrides an earlier one, and the received fields of a name are gone as soon as any rule deleted or set it.
///
/// The framing and connection fields (`Content-Length`, `Transfer-Encoding`, `Connection`) belong to the proxy:
/// edits naming them are ignored, since a rule that changed them would desynchronise the framing Ferry forwards
/// (request smuggling) or the connection handling it performs. Keep one value per session and call
/// `removeAll()` between messages to reuse its storage.
struct HeadEdits: Sendable, Equatable {
    /// A field to write after the received ones.
    struct AddedField: Sendable, Equatable {
        var name: String
        /// ASCII-lowercased `name`, for comparisons.
        var lowercasedName: String
        var value: String
    }

    /// The new path (`set-path`): replaces the path of the target, the query is kept.
    private(set) var path: String?
    /// Lowercased names whose received fields are dropped.
    private(set) var removedNames: [String] = []
    private(set) var addedFields: [AddedField] = []

    init() {}

    var isEmpty: Bool {
        path == nil && removedNames.isEmpty && addedFields.isEmpty
    }

    mutating func setPath(_ path: String) {
        self.path = path
    }

    mutating func addHeader(_ name: String, _ value: String) {
        addHeader(name, lowercasedName: Self.lowercased(name), value)
    }

    mutating func setHeader(_ name: String, _ value: String) {
        setHeader(name, lowercasedName: Self.lowercased(name), value)
    }

    mutating func deleteHeader(_ name: String) {
        deleteHeader(lowercasedName: Self.lowercased(name))
    }

    /// `lowercasedName` must be `name` lowercased (rule sets compute it once at start-up).
    mutating func addHeader(_ name: String, lowercasedName: String, _ value: String) {
        guard !Self.isProtected(lowercasedName) else { return }
        addedFields.append(AddedField(name: name, lowercasedName: lowercasedName, value: value))
    }

    mutating func setHeader(_ name: String, lowercasedName: String, _ value: String) {
        deleteHeader(lowercasedName: lowercasedName)
        addHeader(name, lowercasedName: lowercasedName, value)
    }

    mutating func deleteHeader(lowercasedName: String) {
        guard !Self.isProtected(lowercasedName) else { return }
        if !removedNames.contains(lowercasedName) { removedNames.append(lowercasedName) }
        addedFields.removeAll { $0.lowercasedName == lowercasedName }
    }

    /// Forgets every edit, keeping the storage for the next message.
    mutating func removeAll() {
        path = nil
        removedNames.removeAll(keepingCapacity: true)
        addedFields.removeAll(keepingCapacity: true)
    }

    /// Whether the received field whose name is at `range` is dropped.
    func removes(_ bytes: UnsafeRawBufferPointer, nameAt range: Range<Int>) -> Bool {
        removedNames.contains { name in HTTPRuleBytes.equalsIgnoringCase(bytes, range, name) }
    }

    /// Whether the edited head has a field with this (lowercased) name: a received one not removed, or an added one.
    func hasField(lowercasedName: String, in head: HTTPHead, buffer: ByteBuffer) -> Bool {
        if addedFields.contains(where: { $0.lowercasedName == lowercasedName }) { return true }
        if removedNames.contains(lowercasedName) { return false }
        return buffer.withUnsafeReadableBytes { bytes in
            head.fields.contains { HTTPRuleBytes.equalsIgnoringCase(bytes, $0.nameRange, lowercasedName) }
        }
    }

    static func lowercased(_ name: String) -> String {
        String(decoding: name.utf8.map(HTTPRuleBytes.lowercased), as: UTF8.self)
    }

    private static func isProtected(_ lowercasedName: String) -> Bool {
        lowercasedName == "content-length" || lowercasedName == "transfer-encoding" || lowercasedName == "connection"
    }
}
