#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Testing

/// A blocking TCP client for tests, with a deadline on every wait so that no test can hang.
final class TestSocket: Sendable {
    let fd: Int32

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Connects to 127.0.0.1:`port`.
    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            // No close here: every stored property is set, so a throw runs deinit, which closes `fd`. A second
            // close could hit a descriptor another thread opened meanwhile (seen: NIO's accept failing with EBADF).
            throw Failure(description: "connect to \(port): \(String(cString: strerror(errno)))")
        }
    }

    /// Takes over a connected descriptor (see ``RawTestListener``).
    init(adopting fd: Int32) {
        self.fd = fd
    }

    deinit { close(fd) }

    /// The client's own port.
    var localPort: Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { throw Failure(description: "send: \(String(cString: strerror(errno)))") }
            offset += written
        }
    }

    func shutdownWrite() { shutdown(fd, Int32(SHUT_WR)) }

    /// Ends the connection in both directions (the descriptor itself is closed on deinit).
    func hangUp() { shutdown(fd, Int32(SHUT_RDWR)) }

    /// What `recv` returned: bytes, the end of the stream, or nothing before the deadline.
    enum Read: Equatable {
        case bytes([UInt8])
        case end
        case timedOut
        case reset
    }

    /// Waits up to `seconds` for data or the end of the stream.
    func read(within seconds: Double = 5, max: Int = 65_536) -> Read {
        var pollDescriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&pollDescriptor, 1, Int32(seconds * 1000))
        guard ready > 0 else { return .timedOut }
        var buffer = [UInt8](repeating: 0, count: max)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, max, 0) }
        if count == 0 { return .end }
        if count < 0 { return .reset }
        return .bytes(Array(buffer[0..<count]))
    }

    /// Reads exactly `count` bytes, or fails when the stream ends or the deadline passes.
    func read(exactly count: Int, within seconds: Double = 5) throws -> [UInt8] {
        var result: [UInt8] = []
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while result.count < count {
            let left = deadline - ContinuousClock.now
            guard left > .zero else { throw Failure(description: "timed out after \(result.count) of \(count) bytes") }
            switch read(within: Double(left.components.seconds) + Double(left.components.attoseconds) / 1e18, max: count - result.count) {
            case .bytes(let bytes): result += bytes
            case .end, .reset: throw Failure(description: "stream ended after \(result.count) of \(count) bytes")
            case .timedOut: throw Failure(description: "timed out after \(result.count) of \(count) bytes")
            }
        }
        return result
    }

    /// Reads until the peer closes; fails on a deadline.
    func readToEnd(within seconds: Double = 5) throws -> [UInt8] {
        var result: [UInt8] = []
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while true {
            let left = deadline - ContinuousClock.now
            guard left > .zero else { throw Failure(description: "no end of stream within \(seconds) s") }
            switch read(within: Double(left.components.seconds) + Double(left.components.attoseconds) / 1e18) {
            case .bytes(let bytes): result += bytes
            case .end, .reset: return result
            case .timedOut: throw Failure(description: "no end of stream within \(seconds) s")
            }
        }
    }

    /// Waits for the peer to close the connection; returns how long it took, or nil if it stayed open.
    func waitForClose(within seconds: Double) -> Duration? {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < .milliseconds(Int(seconds * 1000)) {
            switch read(within: 0.05) {
            case .end, .reset: return ContinuousClock.now - start
            case .bytes, .timedOut: continue
            }
        }
        return nil
    }
}

/// Polls `condition` until it holds or `seconds` pass: for state that changes on other threads.
func eventually(within seconds: Double = 5, _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return condition()
}

extension String {
    init(bytes: [UInt8]) { self = String(decoding: bytes, as: UTF8.self) }
}

/// A socket listening on 127.0.0.1 at a port the kernel picks, and its address (port included). Closes the socket
/// itself when it throws.
func loopbackListener(backlog: Int32) throws -> (fd: Int32, address: sockaddr_in) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw TestSocket.Failure(description: "socket: \(errno)") }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(fd, $0, length) == 0 && listen(fd, backlog) == 0 && getsockname(fd, $0, &length) == 0
        }
    }
    guard bound else {
        let error = TestSocket.Failure(description: "listen: \(String(cString: strerror(errno)))")
        close(fd)
        throw error
    }
    return (fd, address)
}

/// A blocking listener on 127.0.0.1 (port 0) whose connections a test reads and answers by hand: for server
/// behaviour that a test must time to the byte.
final class RawTestListener: Sendable {
    let fd: Int32
    let port: Int

    init() throws {
        let (fd, address) = try loopbackListener(backlog: 16)
        self.fd = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(fd) }

    /// The next connection, waiting up to `seconds` for it.
    func accept(within seconds: Double = 5) throws -> TestSocket {
        var pollDescriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&pollDescriptor, 1, Int32(seconds * 1000)) > 0 else {
            throw TestSocket.Failure(description: "no connection within \(seconds) s")
        }
        let connection = Glibc.accept(fd, nil, nil)
        guard connection >= 0 else { throw TestSocket.Failure(description: "accept: \(String(cString: strerror(errno)))") }
        return TestSocket(adopting: connection)
    }
}
