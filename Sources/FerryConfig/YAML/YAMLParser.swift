import CLibYAML
import FerryDiagnostics

/// Reads YAML text into ``YAMLNode`` documents through libyaml's event API.
///
/// Untrusted input is bounded: nesting depth, the size of a scalar and the number of nodes a document expands to
/// through aliases (a "billion laughs" document is refused, not expanded). Problems are reported as diagnostics at
/// libyaml's position; the documents read before a syntax error are returned, the rest is not.
public struct YAMLParser {
    public struct Limits: Sendable {
        /// Deepest nesting of sequences and mappings.
        public var depth = 64
        /// Longest scalar, in bytes.
        public var scalarBytes = 65_536
        /// Most nodes a document may hold once aliases are counted as copies of what they name.
        public var expandedNodes = 5_000_000

        public init() {}
    }

    private let file: SourceFile
    private let limits: Limits

    public init(file: SourceFile, limits: Limits = Limits()) {
        self.file = file
        self.limits = limits
    }

    /// The documents of the file. Reports into `diagnostics`.
    public func documents(diagnostics: inout DiagnosticCollector) -> [YAMLNode] {
        guard !file.reportsNUL(into: &diagnostics) else { return [] }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            diagnostics.report(.yamlSyntax, "cannot start the YAML parser", at: .file(file.path))
            return []
        }
        defer { yaml_parser_delete(&parser) }
        return file.bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var builder = Builder(path: file.path, limits: limits)
            defer { for problem in builder.problems { diagnostics.report(problem) } }
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    builder.problems.append(syntaxError(parser))
                    return builder.documents
                }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { return builder.documents }
                if let problem = builder.handle(event) {
                    builder.problems.append(problem)
                    return builder.documents
                }
            }
        }
    }

    private func syntaxError(_ parser: yaml_parser_t) -> Diagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        let context = parser.context.map { String(cString: $0) }
        let mark = parser.problem_mark
        var location = SourceLocation(path: file.path, line: mark.line + 1, column: mark.column + 1)
        if parser.error == YAML_READER_ERROR {
            // Encoding errors carry a byte offset, not a mark.
            let (line, column) = file.position(ofOffset: min(parser.problem_offset, max(0, file.bytes.count - 1)))
            location = SourceLocation(path: file.path, line: line, column: column)
        }
        if location.line > max(1, file.lineCount) {
            // libyaml puts an unexpected end of input one line past the last one.
            location = SourceLocation(path: file.path, line: max(1, file.lineCount), column: file.lineText(max(1, file.lineCount)).unicodeScalars.count + 1)
        }
        var notes: [Diagnostic.Note] = []
        if let context, parser.context_mark.line + 1 != location.line || parser.context_mark.column + 1 != location.column {
            notes.append(Diagnostic.Note(context, at: SourceLocation(path: file.path, line: parser.context_mark.line + 1, column: parser.context_mark.column + 1)))
        }
        let message = context.map { "invalid YAML: \(problem) (\($0))" } ?? "invalid YAML: \(problem)"
        return Diagnostic(.yamlSyntax, message, at: location, notes: notes)
    }
}

/// Builds nodes from events: a stack of open collections, the anchors seen so far, and the expanded size of each
/// node (for the alias limit).
private struct Builder {
    /// A sequence or mapping being read. Collections are changed in place on the stack, never copied: a mapping with
    /// 10,000 backends must not be copied for each one.
    struct Open {
        var isSequence: Bool
        var items: [YAMLNode] = []
        var entries: [(key: YAMLScalar, value: YAMLNode)] = []
        /// The keys of `entries`, to find duplicates without scanning them.
        var keys: Set<String> = []
        /// A mapping key waiting for its value; a duplicate key's value is read and dropped (`discarding`).
        var pendingKey: YAMLScalar?
        var discarding = false
        var size = 1
        var span: YAMLSpan
        var anchor: String?
    }

    let path: String
    let limits: YAMLParser.Limits
    var documents: [YAMLNode] = []
    /// Problems that do not stop reading (duplicate keys).
    var problems: [Diagnostic] = []
    var stack: [Open] = []
    var anchors: [String: (node: YAMLNode, size: Int)] = [:]
    var documentSize = 0

    init(path: String, limits: YAMLParser.Limits) {
        self.path = path
        self.limits = limits
    }

    mutating func handle(_ event: yaml_event_t) -> Diagnostic? {
        let start = event.start_mark
        let end = event.end_mark
        let span = YAMLSpan(line: start.line + 1, column: start.column + 1, endLine: end.line + 1, endColumn: end.column + 1)
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            anchors.removeAll()
            documentSize = 0
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            guard stack.count < limits.depth else {
                return limit("nesting deeper than \(limits.depth) levels", span)
            }
            let isSequence = event.type == YAML_SEQUENCE_START_EVENT
            _ = checkTag(isSequence ? event.data.sequence_start.tag : event.data.mapping_start.tag, span)
            let anchorPointer = isSequence ? event.data.sequence_start.anchor : event.data.mapping_start.anchor
            stack.append(Open(isSequence: isSequence, span: span, anchor: anchorPointer.map { String(cString: $0) }))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard var open = stack.popLast() else { return nil }
            open.span.endLine = span.endLine
            open.span.endColumn = span.endColumn
            let node: YAMLNode = open.isSequence ? .sequence(open.items, open.span) : .mapping(open.entries, open.span)
            return add(node, size: open.size, anchor: open.anchor, at: span)
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let tagged = checkTag(data.tag, span)
            guard data.length <= limits.scalarBytes else {
                return limit("a scalar of \(data.length) bytes (the limit is \(limits.scalarBytes))", span)
            }
            let text = data.value.map { pointer in
                String(decoding: UnsafeBufferPointer(start: pointer, count: data.length), as: UTF8.self)
            } ?? ""
            let style: YAMLScalar.Style = switch data.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: .literal
            case YAML_FOLDED_SCALAR_STYLE: .folded
            default: .plain
            }
            let anchor = data.anchor.map { String(cString: $0) }
            return add(.scalar(YAMLScalar(text: text, style: style, span: span, hasUnsupportedTag: tagged)), size: 1, anchor: anchor, at: span)
        case YAML_ALIAS_EVENT:
            let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
            guard let target = anchors[name] else {
                return Diagnostic(.yamlSyntax, "invalid YAML: alias '*\(name)' names no anchor", at: location(span))
            }
            return add(target.node, size: target.size, anchor: nil, at: span)
        default:
            break
        }
        return nil
    }

    /// Adds a finished node to its parent (or as a document), counting its expanded size.
    private mutating func add(_ node: YAMLNode, size: Int, anchor: String?, at span: YAMLSpan) -> Diagnostic? {
        documentSize = saturatingAdd(documentSize, size)
        guard documentSize <= limits.expandedNodes else {
            return limit("more than \(limits.expandedNodes) nodes once aliases are expanded", span)
        }
        if let anchor { anchors[anchor] = (node, size) }
        guard !stack.isEmpty else {
            documents.append(node)
            return nil
        }
        let top = stack.count - 1
        stack[top].size = saturatingAdd(stack[top].size, size)
        if stack[top].isSequence {
            stack[top].items.append(node)
            return nil
        }
        guard let key = stack[top].pendingKey else {
            guard case .scalar(let scalar) = node else {
                return Diagnostic(.yamlWrongType, "mapping keys must be scalars, got \(node.kindDescription)", at: location(node.span))
            }
            if !stack[top].keys.insert(scalar.text).inserted, let first = stack[top].entries.first(where: { $0.key.text == scalar.text }) {
                // Reported, and the second value dropped, so that the rest of the document is still read.
                stack[top].discarding = true
                problems.append(Diagnostic(
                    .duplicateKey, "duplicate key '\(scalar.text)'", at: location(scalar.span),
                    notes: [Diagnostic.Note("first used here", at: location(first.key.span))],
                    help: "each key may appear once in a mapping; merge the two entries"
                ))
            }
            stack[top].pendingKey = scalar
            return nil
        }
        if !stack[top].discarding {
            stack[top].entries.append((key, node))
        } else if case .mapping(let more, _) = node, let index = stack[top].entries.firstIndex(where: { $0.key.text == key.text }),
                  case .mapping(let first, let span) = stack[top].entries[index].value {
            // A repeated mapping key (`backends:` twice) is an error, but its entries are still read, so that the
            // proxies under it are not also reported as missing.
            let known = Set(first.map(\.key.text))
            stack[top].entries[index].value = .mapping(first + more.filter { !known.contains($0.key.text) }, span)
        }
        stack[top].pendingKey = nil
        stack[top].discarding = false
        return nil
    }

    /// Tags of YAML's core schema (`!!str`, `!!int`, …) are accepted; others (`!include`, `!env`) would mean
    /// something Ferry does not do, so they are reported rather than ignored.
    /// Returns whether the tag was reported.
    private mutating func checkTag(_ pointer: UnsafeMutablePointer<yaml_char_t>?, _ span: YAMLSpan) -> Bool {
        guard let pointer else { return false }
        let tag = String(cString: pointer)
        let core = ["str", "int", "bool", "null", "float", "seq", "map"].map { "tag:yaml.org,2002:" + $0 }
        guard !core.contains(tag), tag != "!" else { return false }
        let shown = tag.hasPrefix("tag:yaml.org,2002:") ? "!!" + tag.dropFirst(18) : tag
        problems.append(Diagnostic(
            .unsupportedKeyword, "YAML tag '\(shown)' is not supported", at: location(span),
            help: "Ferry reads plain YAML values; include files by putting them in the configuration directory"
        ))
        return true
    }

    private func saturatingAdd(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? Int.max : sum
    }

    private func location(_ span: YAMLSpan) -> SourceLocation {
        SourceLocation(path: path, line: span.line, column: span.column, endLine: span.line, endColumn: span.line == span.endLine ? max(span.endColumn, span.column + 1) : span.column + 1)
    }

    private func limit(_ what: String, _ span: YAMLSpan) -> Diagnostic {
        Diagnostic(
            .yamlLimit, "YAML document too large or too deep: \(what)", at: location(span),
            help: "configuration files are small; this looks like a generated or hostile document"
        )
    }
}
