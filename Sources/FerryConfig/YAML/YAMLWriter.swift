import Foundation

/// Writes sections as Ferry YAML (docs/YAML.md), with their comments, for `ferry convert --to yaml`.
///
/// The layout is stable: documents hold sections in the order global, defaults, frontends, backends, listen, and a
/// new document (`---`) starts when the next section would otherwise move before one already written, so that reading
/// the YAML back gives the sections in their original order. Within a section, keys follow ``YAMLKeys``.
public enum YAMLWriter {
    public static func write(_ sections: [SectionSyntax]) -> String {
        var documents: [[SectionSyntax]] = []
        var current: [SectionSyntax] = []
        for section in sections {
            if let last = current.last, !fits(section, after: last, in: current) {
                documents.append(current)
                current = []
            }
            current.append(section)
        }
        if !current.isEmpty { documents.append(current) }
        return documents.map(document).joined(separator: "---\n")
    }

    private static func rank(_ kind: SectionKind) -> Int {
        switch kind {
        case .global: 0
        case .defaults: 1
        case .frontend: 2
        case .backend: 3
        case .listen: 4
        }
    }

    /// Whether a section can join the current document without changing the order of reading.
    private static func fits(_ section: SectionSyntax, after last: SectionSyntax, in document: [SectionSyntax]) -> Bool {
        guard rank(section.kind) >= rank(last.kind) else { return false }
        if section.kind == .global, last.kind == .global { return false }
        guard section.kind != .global, section.kind != .defaults else { return true }
        // Two proxies of one kind and one name cannot both be keys of one mapping.
        let name = section.header.words.count > 1 ? section.header.words[1].text : ""
        return !document.contains { $0.kind == section.kind && $0.header.words.count > 1 && $0.header.words[1].text == name }
    }

    private static func document(_ sections: [SectionSyntax]) -> String {
        var out = YAMLOutput()
        if let global = sections.first(where: { $0.kind == .global }) {
            out.comments(global.header.comments, indent: 0)
            out.line("global:", indent: 0)
            YAMLSectionWriter(section: global).write(into: &out, indent: 2)
        }
        let defaults = sections.filter { $0.kind == .defaults }
        if defaults.count == 1 {
            out.comments(defaults[0].header.comments, indent: 0)
            out.line("defaults:", indent: 0)
            YAMLSectionWriter(section: defaults[0]).write(into: &out, indent: 2)
        } else if !defaults.isEmpty {
            out.line("defaults:", indent: 0)
            for section in defaults {
                out.comments(section.header.comments, indent: 2)
                var item = YAMLOutput()
                YAMLSectionWriter(section: section).write(into: &item, indent: 4)
                out.sequenceItem(item, indent: 2)
            }
        }
        for (kind, key) in [(SectionKind.frontend, "frontends"), (.backend, "backends"), (.listen, "listen")] {
            let proxies = sections.filter { $0.kind == kind }
            guard !proxies.isEmpty else { continue }
            out.line("\(key):", indent: 0)
            for section in proxies {
                out.comments(section.header.comments, indent: 2)
                let name = section.header.words.count > 1 ? section.header.words[1].text : ""
                out.line("\(YAMLOutput.scalar(name)):", indent: 2)
                YAMLSectionWriter(section: section).write(into: &out, indent: 4)
            }
        }
        return out.text
    }
}

/// Lines of YAML text being written.
struct YAMLOutput {
    private(set) var text = ""

    mutating func line(_ content: String, indent: Int) {
        text += String(repeating: " ", count: indent) + content + "\n"
    }

    /// Appends `item` (written at `indent + 2`) as a sequence item: `- ` takes the place of the indentation of its
    /// first line that is not a comment.
    mutating func sequenceItem(_ item: YAMLOutput, indent: Int) {
        var lines = item.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard let first = lines.firstIndex(where: { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }) else {
            line("- {}", indent: indent)
            return
        }
        lines[first] = String(repeating: " ", count: indent) + "- " + lines[first].dropFirst(indent + 2)
        // Comments of the first key go above the dash, so that they stay with the item when read back.
        for comment in lines[..<first] { line(comment.trimmingCharacters(in: .whitespaces), indent: indent) }
        for text in lines[first...] { self.text += text + "\n" }
    }

    mutating func comments(_ comments: [String], indent: Int) {
        for comment in comments { line("#" + comment, indent: indent) }
    }

    /// A scalar as YAML: plain when that reads back as the same string, else single-quoted, else (for control
    /// characters) double-quoted.
    static func scalar(_ text: String) -> String {
        let reserved: Set<String> = [
            "true", "false", "null", "yes", "no", "on", "off", "~", "True", "False", "Null", "TRUE", "FALSE", "NULL",
            "Yes", "No", "YES", "NO", "On", "Off", "ON", "OFF", "y", "n", "Y", "N",
        ]
        let safeFirst = { (scalar: Unicode.Scalar) -> Bool in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "_./(".unicodeScalars.contains(scalar))
        }
        let safe = { (scalar: Unicode.Scalar) -> Bool in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "_./-+=~@%()^:*!$ ".unicodeScalars.contains(scalar))
        }
        if let first = text.unicodeScalars.first, safeFirst(first), text.unicodeScalars.allSatisfy(safe), !text.hasSuffix(":"),
           !text.hasSuffix(" "), !text.contains(": "), !reserved.contains(text), !text.contains("${") {
            return text
        }
        if !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
        }
        return ConfigText.doubleQuoted(text, escapingDollar: false)
    }
}
