import Foundation

/// Writes the statements of one section as the keys of its YAML mapping (the reverse of ``YAMLSectionReader``).
struct YAMLSectionWriter {
    let section: SectionSyntax

    /// A value under a key: a word, a flag, lines, or a mapping of sub-keys.
    private enum Value {
        case word(String)
        case flag
        case lines([(text: String, comments: [String])])
        case mapping([(key: String, values: [String], comments: [String])])
        case servers([(text: String, comments: [String])])
    }

    private static let serverFlags: Set<String> = ["check", "no-check", "backup", "no-backup", "disabled", "send-proxy", "no-send-proxy"]
    private static let serverValues: Set<String> = [
        "inter", "fastinter", "downinter", "rise", "fall", "weight", "maxconn", "maxqueue", "cookie", "slowstart", "port",
    ]

    func write(into out: inout YAMLOutput, indent: Int) {
        let header = section.header.words
        if section.kind == .defaults, header.count > 1, header[1].text != "from" {
            out.line("name: \(YAMLOutput.scalar(Self.wordText(header[1])))", indent: indent)
        }
        if let from = header.firstIndex(where: { $0.text == "from" }), from + 1 < header.count, from > 0 {
            out.line("from: \(YAMLOutput.scalar(Self.wordText(header[from + 1])))", indent: indent)
        }
        let (values, comments) = collect()
        let table = section.kind == .global ? YAMLKeys.global : YAMLKeys.proxy
        for (key, _) in table {
            guard let value = values[key] else { continue }
            out.comments(comments[key] ?? [], indent: indent)
            emit(key, value, into: &out, indent: indent)
        }
    }

    private func emit(_ key: String, _ value: Value, into out: inout YAMLOutput, indent: Int) {
        switch value {
        case .word(let text):
            out.line("\(key): \(YAMLOutput.scalar(text))", indent: indent)
        case .flag:
            out.line("\(key): true", indent: indent)
        case .lines(let items) where items.count == 1 && items[0].comments.isEmpty && ["balance", "hash-type", "cookie", "default-server"].contains(key):
            out.line("\(key): \(YAMLOutput.scalar(items[0].text))", indent: indent)
        case .lines(let items):
            out.line("\(key):", indent: indent)
            for item in items {
                out.comments(item.comments, indent: indent + 2)
                out.line("- \(YAMLOutput.scalar(item.text))", indent: indent + 2)
            }
        case .servers(let items):
            out.line("\(key):", indent: indent)
            for item in items {
                out.comments(item.comments, indent: indent + 2)
                out.line("- \(item.text)", indent: indent + 2)
            }
        case .mapping(let entries):
            out.line("\(key):", indent: indent)
            for entry in entries {
                out.comments(entry.comments, indent: indent + 2)
                let name = YAMLOutput.scalar(entry.key)
                if entry.values.count == 1 {
                    out.line("\(name): \(entry.values[0])", indent: indent + 2)
                } else {
                    out.line("\(name):", indent: indent + 2)
                    for value in entry.values { out.line("- \(value)", indent: indent + 4) }
                }
            }
        }
    }

    /// The values of the section's statements by YAML key, and the comments that go above each key.
    private func collect() -> ([String: Value], [String: [String]]) {
        var values: [String: Value] = [:]
        var keyComments: [String: [String]] = [:]
        let statements = section.statements.filter { !$0.isIncomplete }
        let embedsDefaultServer = Self.defaultServerIsInterleaved(statements)
        for statement in statements {
            let words = statement.words
            let keyword = words[0].text
            let rest = Array(words.dropFirst())
            var comments = statement.comments
            func addLine(_ key: String, _ tokens: [Token]) {
                if case .lines(var items) = values[key] {
                    items.append((CFGWriter.line(tokens), comments))
                    values[key] = .lines(items)
                } else {
                    values[key] = .lines([(CFGWriter.line(tokens), [])])
                    keyComments[key] = comments
                }
                comments = []
            }
            func addEntry(_ key: String, _ sub: String, _ value: String) {
                var entries: [(key: String, values: [String], comments: [String])] = []
                if case .mapping(let existing) = values[key] { entries = existing }
                if let index = entries.firstIndex(where: { $0.key == sub }) {
                    entries[index].values.append(value)
                } else {
                    entries.append((sub, [value], comments))
                }
                values[key] = .mapping(entries)
                comments = []
            }
            switch keyword {
            case "server":
                appendServer(Self.serverText(rest), comments, to: &values)
            case "default-server" where embedsDefaultServer:
                appendServer("{default-server: \(YAMLOutput.scalar(CFGWriter.line(rest)))}", comments, to: &values)
            case "timeout" where rest.count == 2, "errorfile" where rest.count == 2:
                addEntry(keyword, rest[0].text, YAMLOutput.scalar(Self.wordText(rest[1])))
            case "acl" where rest.count >= 1:
                addEntry("acl", rest[0].text, YAMLOutput.scalar(CFGWriter.line(Array(rest.dropFirst()))))
            case "stats" where rest.count >= 1:
                let sub = rest[0].text
                let shape = YAMLKeys.stats.first { $0.key == sub }?.shape
                let value = shape == .flag ? "true" : shape == .line ? YAMLOutput.scalar(CFGWriter.line(Array(rest.dropFirst())))
                    : YAMLOutput.scalar(Self.wordsText(Array(rest.dropFirst())))
                addEntry("stats", sub, value)
            case "no" where rest.first?.text == "log":
                values["no log"] = .flag
            case "no" where rest.first?.text == "option":
                addLine("no option", Array(rest.dropFirst()))
            default:
                let table = section.kind == .global ? YAMLKeys.global : YAMLKeys.proxy
                switch table.first(where: { $0.key == keyword })?.shape {
                case .word:
                    // HAProxy keeps the first global maxconn and pidfile; everything else, the last.
                    if section.kind == .global, ["maxconn", "pidfile"].contains(keyword), values[keyword] != nil { continue }
                    values[keyword] = .word(Self.wordsText(rest))
                    keyComments[keyword] = comments
                case .flag:
                    values[keyword] = .flag
                    keyComments[keyword] = comments
                default:
                    addLine(keyword, rest)
                }
            }
        }
        return (values, keyComments)
    }

    private func appendServer(_ text: String, _ comments: [String], to values: inout [String: Value]) {
        var items: [(text: String, comments: [String])] = []
        if case .servers(let existing) = values["servers"] { items = existing }
        items.append((text, comments))
        values["servers"] = .servers(items)
    }

    /// `default-server` lines stay in place among the servers when they are not all before the first server.
    private static func defaultServerIsInterleaved(_ statements: [Statement]) -> Bool {
        let keywords = statements.map(\.keyword.text).filter { $0 == "server" || $0 == "default-server" }
        guard let firstServer = keywords.firstIndex(of: "server") else { return false }
        return keywords[firstServer...].contains("default-server") || keywords.filter { $0 == "default-server" }.count > 1
    }

    /// A server as a flow mapping when its options are all known (`{name: s1, address: …, check: true}`), else as
    /// its line.
    private static func serverText(_ words: [Token]) -> String {
        let line = YAMLOutput.scalar(CFGWriter.line(words))
        guard words.count >= 2 else { return line }
        var entries = ["name: \(YAMLOutput.scalar(wordText(words[0])))", "address: \(YAMLOutput.scalar(wordText(words[1])))"]
        var seen: Set<String> = []
        var index = 2
        while index < words.count {
            let option = words[index].text
            guard seen.insert(option).inserted else { return line }
            if serverFlags.contains(option) {
                entries.append("\(option): true")
                index += 1
            } else if serverValues.contains(option), index + 1 < words.count {
                entries.append("\(option): \(YAMLOutput.scalar(wordText(words[index + 1])))")
                index += 2
            } else {
                return line
            }
        }
        return "{" + entries.joined(separator: ", ") + "}"
    }

    /// Several words as one YAML word (`description: Public web entry`).
    private static func wordsText(_ words: [Token]) -> String {
        words.map(wordText).joined(separator: " ")
    }

    /// A word as a YAML word: its text, or, when it refers to environment variables, the word as written with
    /// HAProxy's quotes and escapes removed but `${…}` kept (YAML words expand `${VAR}` as if double-quoted).
    static func wordText(_ word: Token) -> String {
        let source = Array(word.source.unicodeScalars)
        guard word.source.contains("${") else { return word.text }
        var text = String.UnicodeScalarView()
        var doubleQuoted = false
        var singleQuoted = false
        var index = 0
        while index < source.count {
            let scalar = source[index]
            let next: Unicode.Scalar? = index + 1 < source.count ? source[index + 1] : nil
            switch scalar {
            case "\"" where !singleQuoted:
                doubleQuoted.toggle()
            case "'" where !doubleQuoted:
                singleQuoted.toggle()
            case "\\" where !singleQuoted:
                guard let escaped = next else {
                    text.append(scalar)
                    break
                }
                index += 1
                switch escaped {
                case " ", "#", "\\", "'", "\"", "$": text.append(escaped)
                case "t": text.append("\t")
                case "n": text.append("\n")
                case "r": text.append("\r")
                default:
                    text.append("\\")
                    text.append(escaped)
                }
            default:
                text.append(scalar)
            }
            index += 1
        }
        return String(text)
    }
}
