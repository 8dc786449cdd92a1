import Foundation
import NIOPosix
import Testing

/// 100 MiB each way through a `ferry run` child process, its resident memory watched: bodies must be streamed with
/// backpressure, never held whole.
@Suite("HTTPE2E: streaming large bodies through ferry run", .serialized, .timeLimit(.minutes(5)))
struct HTTPE2EStreamingTests {
    let group = MultiThreadedEventLoopGroup.singleton
    static let size = 100 * 1024 * 1024
    /// How much the proxy's resident memory may grow while it moves one body.
    static let allowedGrowth = 64 * 1024 * 1024
    static let sampleEvery = 4 * 1024 * 1024

    /// A running `ferry run` in front of a `BytesBackend`: its port and its pid.
    private struct Ferry {
        let port: Int
        let pid: Int32
    }

    /// Starts a `BytesBackend` and a `ferry run` in front of it, takes the proxy's warm baseline memory, and runs
    /// `body` with them; stops the proxy and the server after, also when something throws.
    private func withFerry(_ body: (BytesBackend, Ferry, _ baseline: Int) async throws -> Void) async throws {
        let backend = try await BytesBackend.start(group: group)
        var process: FerryProcess?
        do {
            let config = try temporaryConfig(httpConfig(server: "bytes", port: backend.port))
            let started = try FerryProcess(["run", "-f", config])
            process = started
            let ferry = try await waitForStart(of: started)
            try await body(backend, ferry, try warmBaseline(ferry))
        } catch {
            await stop(process)
            await backend.stop()
            throw error
        }
        await stop(process)
        await backend.stop()
    }

    private func waitForStart(of process: FerryProcess) async throws -> Ferry {
        let started = await process.waitForOutput(containing: "ferry started", within: 30)
        let line = try #require(started, "ferry did not start: \(process.standardError)")
        let port = try #require(listeningPort(in: line, frontend: "web"), "\(line)")
        let pid = try #require(startedPid(in: line), "\(line)")
        return Ferry(port: port, pid: pid)
    }

    private func stop(_ process: FerryProcess?) async {
        guard let process else { return }
        process.signal(SIGTERM)
        _ = await process.waitForExit(within: 10)
    }

    /// The proxy's memory once it has carried a small request, so that its buffers and pools exist.
    private func warmBaseline(_ ferry: Ferry) throws -> Int {
        let client = try TestSocket(port: ferry.port)
        let response = try client.get("/bytes/70000")
        #expect(response.status == 200 && response.header("content-length") == "70000")
        return try #require(residentBytes(of: ferry.pid))
    }

    @Test func a100MiBUploadIsStreamedToTheServerIntact() async throws {
        try await withFerry { backend, ferry, baseline in
            var peak = baseline
            let start = ContinuousClock.now
            let client = try TestSocket(port: ferry.port)
            try client.send(rawRequest("POST /upload HTTP/1.1", "Host: e2e.test", "Content-Length: \(Self.size)"))
            var sent = 0
            while sent < Self.size {
                let count = min(BytePattern.maxSlice, Self.size - sent)
                try client.send(Array(BytePattern.slice(at: sent, count: count)))
                sent += count
                if sent % Self.sampleEvery < count { peak = max(peak, residentBytes(of: ferry.pid) ?? 0) }
            }
            let response = try client.readResponse(within: 60)
            let elapsed = ContinuousClock.now - start
            #expect(response.status == 200)
            #expect(response.body == "\(Self.size) bytes, pattern intact\n")
            #expect(backend.receivedUploads.map(\.summary) == ["\(Self.size) bytes, pattern intact"])
            #expect(peak - baseline < Self.allowedGrowth, "RSS grew from \(baseline >> 20) MiB to \(peak >> 20) MiB")
            print("HTTPE2E upload: 100 MiB in \(elapsed), ferry RSS \(baseline >> 20) MiB -> peak \(peak >> 20) MiB")
        }
    }

    @Test func a100MiBDownloadIsStreamedToTheClientIntact() async throws {
        try await withFerry { _, ferry, baseline in
            var peak = baseline
            let start = ContinuousClock.now
            let client = try TestSocket(port: ferry.port)
            try client.send(rawRequest("GET /bytes/\(Self.size) HTTP/1.1", "Host: e2e.test"))
            var head: [UInt8] = []
            while !head.containsHeadEnd { head += try client.read(exactly: 1, within: 30) }
            let headText = String(bytes: head)
            #expect(headText.hasPrefix("HTTP/1.1 200 "))
            #expect(headText.lowercased().contains("content-length: \(Self.size)\r\n"), "\(headText)")
            var check = PatternCheck()
            var nextSample = Self.sampleEvery
            receiving: while check.count < Self.size {
                switch client.read(within: 30, max: min(BytePattern.maxSlice, Self.size - check.count)) {
                case .bytes(let bytes):
                    bytes.withUnsafeBytes { check.check($0) }
                case .end, .reset, .timedOut:
                    break receiving
                }
                if check.count >= nextSample {
                    peak = max(peak, residentBytes(of: ferry.pid) ?? 0)
                    nextSample += Self.sampleEvery
                }
            }
            let elapsed = ContinuousClock.now - start
            #expect(check.count == Self.size && check.firstMismatch == nil, "\(check.summary)")
            #expect(peak - baseline < Self.allowedGrowth, "RSS grew from \(baseline >> 20) MiB to \(peak >> 20) MiB")
            // The connection is still usable after 100 MiB.
            let after = try client.get("/bytes/10")
            #expect(after.status == 200 && after.header("content-length") == "10")
            print("HTTPE2E download: 100 MiB in \(elapsed), ferry RSS \(baseline >> 20) MiB -> peak \(peak >> 20) MiB")
        }
    }

    @Test func aSlowReaderHoldsTheServerBackInsteadOfFillingTheProxy() async throws {
        // The client reads nothing for a while: the proxy must stop reading from the server rather than buffer
        // the 100 MiB it offers.
        try await withFerry { backend, ferry, baseline in
            let warmUp = backend.bytesSent
            var peak = baseline
            let client = try TestSocket(port: ferry.port)
            try client.send(rawRequest("GET /bytes/\(Self.size) HTTP/1.1", "Host: e2e.test"))
            // Watch the proxy for two seconds while the client does not read: this window is the measurement.
            let deadline = ContinuousClock.now + .seconds(2)
            while ContinuousClock.now < deadline {
                peak = max(peak, residentBytes(of: ferry.pid) ?? 0)
                try await Task.sleep(for: .milliseconds(50))
            }
            let offered = backend.bytesSent - warmUp
            #expect(offered < Self.allowedGrowth, "the server could send \(offered >> 20) MiB to a client that reads nothing")
            #expect(peak - baseline < Self.allowedGrowth, "RSS grew from \(baseline >> 20) MiB to \(peak >> 20) MiB while the client did not read")
            print("HTTPE2E slow reader: server got \(offered >> 10) KiB out in 2 s, ferry RSS \(baseline >> 20) MiB -> peak \(peak >> 20) MiB")
            // Leaving the scope closes the socket with unread data: the proxy sees a reset.
        }
    }
}
