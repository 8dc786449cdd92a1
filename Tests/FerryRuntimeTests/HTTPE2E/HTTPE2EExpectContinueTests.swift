import NIOPosix
import Testing

/// `Expect: 100-continue`: the request goes to the server with its `Expect` field, the server's `100 Continue`
/// comes back to the client before the body is sent, and the final response follows.
@Suite("HTTPE2E: Expect 100-continue", .serialized, .timeLimit(.minutes(1)))
struct HTTPE2EExpectContinueTests {
    let group = MultiThreadedEventLoopGroup.singleton

    @Test func theInterimResponseReachesTheClientBeforeItSendsTheBody() async throws {
        let server = try await ScriptedBackend.start(
            [.send("HTTP/1.1 100 Continue\r\n\r\n"), .waitForProceed, .send("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")],
            group: group
        )
        try await withProxy(httpConfig(server: "s", port: server.port), stopping: [server]) { proxy in
            let client = try TestSocket(port: proxy.port(of: "web"))
            try client.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
            let interim = try client.readResponse()
            #expect(interim.status == 100)
            #expect(server.heads.first?.contains("Expect: 100-continue") == true, "\(server.heads)")
            try client.send("hello")
            server.proceed()
            let final = try client.readResponse()
            #expect(final.status == 200 && final.body == "ok")
        }
    }
}
