import Testing

/// The smuggling and malformed-input matrix: each raw request goes over its own connection to a fresh proxy, and
/// the server behind it is watched for anything that got through.
@Suite("HTTPE2E: smuggling and malformed requests", .serialized, .timeLimit(.minutes(3)))
struct HTTPE2ESmugglingTests {
    @Test func theMatrixHasAtLeastFortyRejectedRequests() {
        #expect(SmugglingMatrix.rejected.count >= 40)
        #expect(Set(SmugglingMatrix.rejected.map(\.name)).count == SmugglingMatrix.rejected.count)
    }

    @Test(arguments: SmugglingMatrix.inHead)
    func malformedHeadGets400AndNeverReachesTheServer(_ malformed: MalformedRequest) async throws {
        try await expectRejected(malformed)
    }

    /// Separate from the head faults: the head of these requests is valid, so the proxy connects to a server
    /// before it meets the broken body.
    @Test(arguments: SmugglingMatrix.chunked)
    func malformedChunkedBodyGets400AndNeverReachesTheServer(_ malformed: MalformedRequest) async throws {
        try await expectRejected(malformed)
    }

    private func expectRejected(_ malformed: MalformedRequest) async throws {
        try await withOneHTTPBackend { proxy, backend in
            let client = try TestSocket(port: proxy.port(of: "web"))
            try client.send(malformed.bytes)
            let response = try client.readResponse(within: 10)
            #expect(response.status == 400, "\(malformed.name): \(response.status) \(response.body)")
            #expect(client.closes(), "\(malformed.name): the connection stayed open after the 400")
            if malformed.fault == .head {
                #expect(backend.connectionCount == 0, "\(malformed.name): a server connection was opened")
            }
            // The proxy still serves, and the request after is the only one the server ever completed: neither the
            // rejected request nor anything smuggled behind it got there.
            let next = try TestSocket(port: proxy.port(of: "web"))
            #expect(try next.get("/sentinel").body == "a GET /sentinel 0\n")
            #expect(backend.requests.map(\.target) == ["/sentinel"], "\(malformed.name)")
        }
    }

    @Test(arguments: SmugglingMatrix.accepted)
    func validEdgeCaseIsForwarded(_ accepted: AcceptedRequest) async throws {
        try await withOneHTTPBackend { proxy, backend in
            let client = try TestSocket(port: proxy.port(of: "web"))
            try client.send(accepted.bytes)
            for expected in accepted.responses {
                let response = try client.readResponse(within: 10)
                #expect(response.status == 200, "\(accepted.name): \(response.status) \(response.body)")
                #expect(response.body == expected, "\(accepted.name)")
            }
            if accepted.closes {
                #expect(client.closes(), "\(accepted.name): the connection stayed open")
                #expect(backend.requests.count == accepted.responses.count)
            } else {
                // The connection is still in step: the next request on it is answered, and the server saw exactly
                // the requests sent.
                #expect(try client.get("/next").body == "a GET /next 0\n", "\(accepted.name)")
                #expect(backend.requests.count == accepted.responses.count + 1, "\(accepted.name): \(backend.requests.map(\.target))")
            }
        }
    }

    @Test func aMalformedRequestPipelinedBehindAGoodOneIsRefusedAfterIt() async throws {
        try await withOneHTTPBackend { proxy, backend in
            let client = try TestSocket(port: proxy.port(of: "web"))
            try client.send(
                rawRequest("GET /good HTTP/1.1", "Host: e2e.test")
                    + rawRequest("POST /bad HTTP/1.1", "Host: e2e.test", "Content-Length: 5", "Transfer-Encoding: chunked",
                                 body: "0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: e2e.test\r\n\r\n"))
            let good = try client.readResponse(within: 10)
            #expect(good.body == "a GET /good 0\n")
            #expect(try client.readResponse(within: 10).status == 400)
            #expect(client.closes())
            #expect(backend.requests.map(\.target) == ["/good"])
            #expect(await proxy.waitForLog(containing: "invalid request") != nil, "\(proxy.logLines)")
        }
    }

    @Test func aBadChunkAfterTheHeadWasForwardedEndsTheExchange() async throws {
        try await withOneHTTPBackend { proxy, backend in
            let client = try TestSocket(port: proxy.port(of: "web"))
            try client.send(rawRequest("POST /slow-chunks HTTP/1.1", "Host: e2e.test", "Transfer-Encoding: chunked", body: "5\r\nhello\r\n"))
            // The head and the first chunk reach the server before the bad chunk size is sent.
            #expect(await eventually(within: 10) { backend.connectionCount == 1 })
            try client.send("zz\r\n" + "GET /smuggled HTTP/1.1\r\nHost: e2e.test\r\n\r\n")
            #expect(try client.readResponse(within: 10).status == 400)
            #expect(client.closes())
            let next = try TestSocket(port: proxy.port(of: "web"))
            #expect(try next.get("/sentinel").body == "a GET /sentinel 0\n")
            #expect(backend.requests.map(\.target) == ["/sentinel"])
        }
    }
}
