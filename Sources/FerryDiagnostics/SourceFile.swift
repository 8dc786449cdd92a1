/// The text of one configuration file, kept so that diagnostics can quote the lines they point at.
///
/// A `SourceFile` is immutable and shared by reference: every token, diagnostic and model origin that comes from the
/// file names it by ``path``, and renderers look it up again through a ``SourceStore``.
public final class SourceFile: Sendable {
    /// The path as the user gave it (relative paths stay relative, so output is stable across machines).
    public let path: String
    /// The raw bytes; configuration files are read as bytes because HAProxy's syntax is byte-oriented.
    public let bytes: [UInt8]
    /// Byte offset of the first byte of each line; `lineStarts[0] == 0`.
    public let lineStarts: [Int]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
        var starts = [0]
        starts.reserveCapacity(bytes.count / 32 + 1)
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(offset + 1)
        }
        // A final newline does not start another line.
        if starts.count > 1, starts.last == bytes.count {
            starts.removeLast()
        }
        self.lineStarts = starts
    }

    public convenience init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    /// The number of lines, counting a last line without a newline.
    public var lineCount: Int { bytes.isEmpty ? 0 : lineStarts.count }

    /// The bytes of a 1-based line, without its line ending (`\n` or `\r\n`).
    public func lineBytes(_ line: Int) -> ArraySlice<UInt8> {
        guard line >= 1, line <= lineStarts.count else { return [] }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\n") { end -= 1 }
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return bytes[start..<end]
    }

    /// The text of a 1-based line for display; invalid UTF-8 is shown as U+FFFD.
    public func lineText(_ line: Int) -> String {
        String(decoding: lineBytes(line), as: UTF8.self)
    }

    /// The 1-based line and column of a byte offset. Columns count Unicode scalars, as editors do.
    public func position(ofOffset offset: Int) -> (line: Int, column: Int) {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        let lineStart = lineStarts[low]
        return (low + 1, SourceFile.column(of: offset, lineStart: lineStart, in: bytes))
    }

    /// The 1-based column of `offset` on a line starting at `lineStart`, counting UTF-8 lead bytes only.
    public static func column(of offset: Int, lineStart: Int, in bytes: [UInt8]) -> Int {
        var column = 1
        var index = lineStart
        let end = min(offset, bytes.count)
        while index < end {
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return column
    }
}

/// The files of one compilation, by path, so renderers can quote source lines.
public struct SourceStore: Sendable {
    private var files: [String: SourceFile] = [:]

    public init(_ files: [SourceFile] = []) {
        for file in files { add(file) }
    }

    public mutating func add(_ file: SourceFile) {
        files[file.path] = file
    }

    public subscript(path: String) -> SourceFile? { files[path] }
}
