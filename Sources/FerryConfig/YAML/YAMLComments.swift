import FerryDiagnostics

/// The full-line comments of a YAML file, by the line of the node that follows them, so that `ferry convert` can
/// carry them over (libyaml's events do not report comments).
struct YAMLComments {
    private var byNextLine: [Int: [String]] = [:]

    init(file: SourceFile) {
        var pending: [String] = []
        for line in 1...max(1, file.lineCount) where file.lineCount > 0 {
            let text = file.lineText(line)
            let trimmed = text.drop { $0 == " " || $0 == "\t" }
            if trimmed.hasPrefix("#") {
                pending.append(String(trimmed.dropFirst()))
            } else if trimmed == "---" || trimmed == "..." || trimmed.hasPrefix("%") {
                // Document markers and directives hold no node: the comments go to what follows them.
                continue
            } else if !trimmed.isEmpty, !pending.isEmpty {
                // A line that holds a value (or "- " of a sequence item) takes the comments above it.
                byNextLine[line] = pending
                pending.removeAll()
            }
        }
    }

    /// Moves comments to go with a later line (those of a group key, `frontends:`, to its first proxy).
    mutating func prepend(_ comments: [String], before line: Int) {
        guard !comments.isEmpty else { return }
        byNextLine[line] = comments + (byNextLine[line] ?? [])
    }

    /// The comments just above a line, once: later statements from the same line get none.
    mutating func take(_ line: Int) -> [String] {
        byNextLine.removeValue(forKey: line) ?? []
    }
}
