#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A port on 127.0.0.1 whose connections never complete: a listening socket with a backlog of zero that never
/// accepts, its queue filled by a first connection, so the kernel drops further SYNs and connects hang until their
/// timeout. Only loopback is involved.
final class BlackHole {
    let port: Int
    private let listener: Int32
    private var fillers: [Int32] = []

    init() throws {
        let (listener, bound) = try loopbackListener(backlog: 0)
        var address = bound
        self.listener = listener
        let length = socklen_t(MemoryLayout<sockaddr_in>.size)
        port = Int(UInt16(bigEndian: address.sin_port))
        // Fill the accept queue: with a backlog of 0 Linux queues one connection; later SYNs go unanswered.
        for _ in 0..<2 {
            let filler = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
            _ = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(filler, $0, length) }
            }
            fillers.append(filler)
        }
    }

    deinit {
        for filler in fillers { close(filler) }
        close(listener)
    }
}
