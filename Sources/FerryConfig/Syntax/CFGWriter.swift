/// Writes sections in HAProxy syntax, with their comments, for `ferry convert --to cfg`.
///
/// Words are written as they were written (``Token/source``), so quotes, escapes and `${VAR}` references survive.
public enum CFGWriter {
    public static func write(_ sections: [SectionSyntax]) -> String {
        var output = ""
        for (index, section) in sections.enumerated() {
            if index > 0 { output += "\n" }
            for comment in section.header.comments { output += "#\(comment)\n" }
            output += line(section.header.words) + "\n"
            for statement in section.statements where !statement.isIncomplete {
                for comment in statement.comments { output += "    #\(comment)\n" }
                output += "    " + line(statement.words) + "\n"
            }
        }
        return output
    }

    /// The sources of the words, once for the words a `${VAR[*]}` split into.
    static func line(_ words: [Token]) -> String {
        var parts: [String] = []
        var previous: Token?
        for word in words {
            if let last = previous, last.line == word.line, last.column == word.column, last.source == word.source, last.path == word.path {
                continue
            }
            parts.append(word.source)
            previous = word
        }
        return parts.joined(separator: " ")
    }
}
