import FerryBalancing
import FerryModel
import NIOCore

/// One client connection of a `mode http` frontend: it reads request heads with the strict parser, applies the
/// frontend's and backend's rules, picks a server per request, forwards the (rewritten) head and streams the body
/// under its framing, then streams the response back the same way, and starts over on keep-alive.
///
/// One request is handled at a time; bytes of a pipelined next request wait in `inbound`, which reads fill up to
/// one head's worth while a request is in flight, so that buffer stays bounded. Server connections come from the
/// event loop's pool when one is idle, and go back to it after a complete keep-alive response.
final class HTTPSession: ChannelOwner {
    enum State {
        /// Reading a request head (under `timeout http-request`, or `http-keep-alive` between requests).
        case waitingForRequest
        /// The request is routed; a server is being picked, waited for or connected to.
        case dialing
        /// The request is on its way to the server and the response on its way back.
        case exchanging
        /// After a `101`: opaque bytes both ways.
        case tunnel
        /// A response is being written and the connection closes after it.
        case closing
        case closed
    }

    private let frontend: FrontendRuntime
    private let http: HTTPFrontendRuntime
    private let eventLoop: EventLoop
    private var state = State.waitingForRequest
    private var clientHandler: SessionChannelHandler!
    private var clientChannel: Channel?
    /// The client connection's local port (`dst_port`, and `server … :+N` port offsets).
    private var localPort: Int?
    private var serverHandler: SessionChannelHandler?
    private var serverChannel: Channel?
    /// The dialer of the request in progress, if any.
    private var dialer: ServerDialer?
    /// One dialer serves every request of the connection (it is started anew for each).
    private var dialerForRequests: ServerDialer?
    /// Whether the request in progress may take an idle pooled server connection.
    private var reusesIdleConnection = false
    /// The `timeout server` of the request's backend, armed once the request is sent.
    private var serverTimeout: TimeAmount?

    /// Client bytes not consumed yet: a partial head, body bytes not forwarded, or a pipelined next request.
    private var inbound: ByteBuffer
    private var headProgress = HTTPHeadProgress()
    /// The last request and response heads parsed; the parser reuses their storage.
    private var requestHead = HTTPHead.empty
    private var responseHead = HTTPHead.empty
    /// The method and version of the request in progress (`nil`: none). Only these are kept of its head: an
    /// `HTTPHead` stored and dropped per request went through generic value witnesses.
    private var request: (method: HTTPHead.Method, version: HTTPHead.Version)?
    private var outgoingHead: ByteBuffer?
    /// The head as sent, kept while a request without a body may still be retried on a new connection.
    private var sentHead: ByteBuffer?
    private var exchange: HTTPExchangeRules?
    private let local: LoopLocal?
    /// The loop's `local.tick`, kept apart: it is asked for the time and handed to handlers on every request.
    private let tick: LoopTick?
    /// The loop's `local.pool`, kept apart as ``tick`` is.
    private let pool: ServerConnectionPool?
    /// Whether the current server connection came from the pool (it may have been closed by the server just as
    /// it was reused: then a request without a body is retried on a new connection).
    private var reusedConnection = false
    /// Whether the server allows another request on its connection after this response.
    private var serverKeepAlive = false
    /// Servers that closed without a response to this request, and how many times it was sent again.
    private var triedServers: [Int] = []
    private var emptyResponseRetries = 0
    private var requestFramer: HTTPBodyFramer?
    private var requestDone = false
    private var clientKeepAlive = false

    private var responseBuffer: ByteBuffer?
    private var responseProgress = HTTPHeadProgress()
    private var responseFramer: HTTPBodyFramer?
    private var responseStarted = false
    private var closeAfterResponse = false

    private var timer: Scheduled<Void>?
    /// When the scheduled task fires: never later than `deadline`, possibly earlier.
    private var timerFires: NIODeadline?
    /// When the armed timeout expires, and what the client then gets (see ``arm(_:status:)``).
    private var deadline: NIODeadline?
    private var deadlineStatus: Int?
    /// The last time bytes moved through a tunnel.
    private var lastActivity = NIODeadline.now()
    /// The time, read once per event loop iteration: timeouts are re-armed several times per request.
    private var now: NIODeadline { tick?.now() ?? .now() }
    private var record: HTTPRequestRecord
    /// Now, when the record's times are read (`option httplog`). Asks the frontend, not the record: a getter on
    /// the record would copy the whole record.
    private var timestamp: NIODeadline? { frontend.logsRequests ? .now() : nil }

    init(frontend: FrontendRuntime, http: HTTPFrontendRuntime, eventLoop: EventLoop, allocator: ByteBufferAllocator) {
        self.frontend = frontend
        self.http = http
        self.eventLoop = eventLoop
        self.local = http.locals.local(for: eventLoop)
        self.tick = local?.tick
        self.pool = local?.pool
        self.inbound = allocator.buffer(capacity: 0)
        self.record = HTTPRequestRecord(frontend: frontend.name, timed: frontend.logsRequests)
    }

    func makeClientHandler() -> SessionChannelHandler {
        let handler = SessionChannelHandler(side: .client, owner: self, tick: tick)
        clientHandler = handler
        return handler
    }

    // MARK: ChannelOwner

    func channelActive(_ side: RelayHandler.Side) {
        guard side == .client else { return }
        clientChannel = clientHandler?.context?.channel
        record.client = clientChannel?.remoteAddress
        localPort = clientChannel?.localAddress?.port
        record.startRequest()
        arm(http.requestTimeout, status: 408)
        local?.sessionOpened(self)
    }

    /// Closes the connection if it is between requests (graceful stop); a request in progress is left alone.
    func closeIdle() {
        guard case .waitingForRequest = state, inbound.readableBytes == 0 else { return }
        closeClient()
    }

    func mayRead(_ side: RelayHandler.Side) -> Bool {
        switch (side, state) {
        case (.client, .waitingForRequest): true
        // Once the request is sent, keep reading (a pipelined request, or the client's FIN) into `inbound` up to
        // one head's worth: stopping and restarting reads around every request costs two epoll_ctl calls.
        case (.client, .dialing): requestDone && inbound.readableBytes < http.headLimits.maxHeadSize
        case (.client, .exchanging):
            requestDone ? inbound.readableBytes < http.headLimits.maxHeadSize : (serverChannel?.isWritable ?? false)
        case (.client, .tunnel): serverChannel?.isWritable ?? false
        case (.server, .exchanging), (.server, .tunnel): clientChannel?.isWritable ?? false
        default: false
        }
    }

    func received(_ buffer: ByteBuffer, from side: RelayHandler.Side) {
        var buffer = buffer
        switch side {
        case .client:
            switch state {
            case .tunnel:
                lastActivity = now
                serverHandler?.write(buffer)
            case .exchanging where !requestDone && inbound.readableBytes == 0:
                forwardRequestBody(from: &buffer)
                if buffer.readableBytes > 0 { inbound.writeBuffer(&buffer) }
            default:
                inbound.writeBuffer(&buffer)
                if case .waitingForRequest = state { parseRequest() }
            }
        case .server:
            switch state {
            case .tunnel:
                lastActivity = now
                clientHandler?.write(buffer)
            case .exchanging: receivedResponseBytes(&buffer)
            default: break  // A server that talks after its response: the connection is closed anyway.
            }
        }
    }

    func readComplete(_ side: RelayHandler.Side) {
        switch side {
        case .client: serverHandler?.flush()
        case .server: clientHandler?.flush()
        }
    }

    func writable(_ side: RelayHandler.Side) {
        switch side {
        case .client: serverHandler?.resumeReads()
        case .server: clientHandler?.resumeReads()
        }
    }

    func inputClosed(_ side: RelayHandler.Side) {
        switch side {
        case .client:
            switch state {
            case .waitingForRequest, .closing, .closed:
                // Nothing more will come; a partial head is abandoned (HAProxy logs it as CR).
                closeClient()
            case .tunnel:
                serverChannel?.close(mode: .output, promise: nil)
            case .dialing, .exchanging:
                // The request may be complete: answer it, then close.
                closeAfterResponse = true
            }
        case .server:
            serverEnded()
        }
    }

    func channelClosed(_ side: RelayHandler.Side) {
        switch side {
        case .client:
            let wasActive = state
            state = .closed
            local?.sessionClosed(self)
            stopTimer()
            serverChannel?.close(promise: nil)
            dialer?.release()
            dialer = nil
            if case .exchanging = wasActive { logRequest(status: record.status, termination: ("C", responseStarted ? "D" : "H")) }
            if case .tunnel = wasActive { logRequest(status: record.status, termination: nil) }
            if case .dialing = wasActive { logRequest(status: -1, termination: ("C", "C")) }
            clientHandler = nil
        case .server:
            serverEnded()
            serverHandler = nil
            serverChannel = nil
        }
    }

    func errorCaught(_ error: Error, on side: RelayHandler.Side) {}

    // MARK: Requests

    private func parseRequest() {
        guard inbound.readableBytes > 0 else { return }
        do throws(HTTPParseError) {
            guard try HTTPHeadParser.parseRequest(inbound, limits: http.headLimits, progress: &headProgress, into: &requestHead)
            else { return }
        } catch {
            record.requestLine = "<BADREQ>"
            frontend.log.info("\(record.clientText): invalid request on \(frontend.name): \(error)")
            respondAndClose(status: 400, termination: ("P", "R"))
            return
        }
        let head = requestHead
        disarm()
        headProgress = HTTPHeadProgress()
        request = (head.method ?? .other, head.version)
        if frontend.logsRequests { record.requestLine = head.requestLine(in: inbound) }  // Strings only for the log.
        record.headReceived = timestamp
        clientKeepAlive = head.info.keepAlive
        switch http.route(head, in: inbound, client: record.client, localPort: localPort) {
        case .respond(let spec, let pages, let closes):
            inbound.moveReaderIndex(forwardBy: head.headLength)
            // A request body we won't read makes the connection unusable for the next request.
            let reuse = clientKeepAlive && head.info.framing == .none && !closes
            let connection: ConnectionHeader = reuse ? .toward(peerVersion: head.version, keepAlive: true) : .close
            let response = pages.response(spec, connection: connection, headOnly: head.method == .head)
            writeLocalResponse(response, status: spec.status, keepOpen: reuse, termination: ("P", "R"))
        case .forward(let backend, let outgoing, let exchange):
            // The head's byte ranges are relative to the reader index: hash before moving past the head.
            let key = http.balanceKey(for: head, in: inbound, backend: backend, client: record.client)
            inbound.moveReaderIndex(forwardBy: head.headLength)
            outgoingHead = outgoing
            self.exchange = exchange
            requestFramer = HTTPBodyFramer(framing: head.info.framing)
            requestDone = head.info.framing == .none
            record.backend = backend.name
            state = .dialing
            dial(backend, key: key, reuse: exchange.reusesServerConnections, preferred: exchange.preferredServer)
        }
    }

    /// Gets a server connection for the request: an idle pooled one when `reuse` allows, else a new one.
    private func dial(_ backend: BackendPool, key: UInt32?, reuse: Bool, preferred: Int? = nil) {
        let dialer: ServerDialer
        if let reusable = dialerForRequests {
            dialer = reusable
        } else {
            dialer = ServerDialer(backend: backend, frontend: frontend, eventLoop: eventLoop)
            dialerForRequests = dialer
        }
        self.dialer = dialer
        reusesIdleConnection = reuse
        serverTimeout = backend.serverTimeout
        dialer.start(for: self, backend: backend, key: key, clientPort: localPort, preferred: preferred, excluding: triedServers)
    }

    /// Forwards what `buffer` holds of the request body; the rest (a pipelined request) stays in it.
    private func forwardRequestBody(from buffer: inout ByteBuffer) {
        guard var framer = requestFramer, !requestDone, buffer.readableBytes > 0 else { return }
        do throws(HTTPParseError) {
            let consumed = try Self.forwardBody(&framer, from: &buffer, to: serverHandler)
            requestFramer = framer
            record.bytesFromClient += consumed.bodyBytes
            if consumed.complete { requestDone = true }
        } catch {
            frontend.log.info("\(record.clientText): invalid request body on \(frontend.name): \(error)")
            if responseStarted {
                closeClient()
            } else {
                respondAndClose(status: 400, termination: ("C", "D"))
            }
        }
    }

    // MARK: Responses

    private func receivedResponseBytes(_ buffer: inout ByteBuffer) {
        if responseFramer == nil {
            if responseBuffer == nil {
                responseBuffer = buffer
            } else {
                responseBuffer!.writeBuffer(&buffer)
            }
            parseResponse()
        } else {
            forwardResponseBody(from: &buffer)
        }
    }

    private func parseResponse() {
        guard var pending = responseBuffer, let request else { return }
        while responseFramer == nil, pending.readableBytes > 0 {
            do throws(HTTPParseError) {
                guard try HTTPHeadParser.parseResponse(
                    pending, requestMethod: request.method, limits: http.headLimits, progress: &responseProgress,
                    into: &responseHead
                ) else {
                    responseBuffer = pending
                    return
                }
            } catch {
                frontend.log.info("\(record.clientText): invalid response from \(record.backend ?? "-")/\(record.server ?? "-"): \(error)")
                responseBuffer = nil
                dropServer()
                respondAndClose(status: 502, termination: ("S", "H"))
                return
            }
            let head = responseHead
            responseProgress = HTTPHeadProgress()
            let status = head.status ?? 0
            record.status = status
            if (100..<200).contains(status), status != 101 {
                // Interim responses (100 Continue, 103 Early Hints) go to the client as they are.
                if let interim = pending.readSlice(length: head.headLength) { clientHandler?.write(interim) }
                continue
            }
            // Frame the body bytes that came with the head before the head goes out: an invalid response must
            // become a 502, not a forwarded 200 cut short.
            var framer = HTTPBodyFramer(framing: head.info.framing)
            var consumed = HTTPBodyFramer.Consumed(bodyBytes: 0, complete: framer.isComplete)
            if head.info.framing != .tunnel {
                var body = pending
                body.moveReaderIndex(forwardBy: head.headLength)
                do throws(HTTPParseError) {
                    consumed = try framer.consume(body)
                } catch {
                    frontend.log.info("\(record.clientText): invalid response body from \(record.backend ?? "-")/\(record.server ?? "-"): \(error)")
                    responseBuffer = nil
                    dropServer()
                    respondAndClose(status: 502, termination: ("S", "H"))
                    return
                }
            }
            record.responseStarted = timestamp
            responseStarted = true
            sentHead = nil
            serverKeepAlive = head.info.keepAlive && head.info.framing != .untilClose
            disarm()
            closeAfterResponse = closeAfterResponse || !clientKeepAlive || head.info.framing == .untilClose
                || exchange?.closesClient == true || local?.stopping == true
            // A head that goes out as it came is written together with the body bytes that follow it.
            var unwrittenHead = 0
            if let outgoing = exchange?.responseHead(
                head, in: pending, requestVersion: request.version, closeClient: closeAfterResponse, server: dialer?.server,
                connection: ConnectionSamples(sourceAddress: record.client, destinationPort: localPort)
            ) {
                pending.moveReaderIndex(forwardBy: head.headLength)
                clientHandler?.write(outgoing)
            } else {
                unwrittenHead = head.headLength
            }
            if head.info.framing == .tunnel {
                state = .tunnel
                if pending.readableBytes > 0 { clientHandler?.write(pending) }
                if inbound.readableBytes > 0 { serverHandler?.write(inbound) }
                inbound.clear()
                responseBuffer = nil
                clientHandler?.flush()
                serverHandler?.flush()
                clientHandler?.resumeReads()
                serverHandler?.resumeReads()
                lastActivity = now
                armTunnelTimer()
                return
            }
            responseFramer = framer
            responseBuffer = nil
            if unwrittenHead + consumed.bodyBytes > 0, let bytes = pending.readSlice(length: unwrittenHead + consumed.bodyBytes) {
                record.bytesToClient += consumed.bodyBytes
                clientHandler?.write(bytes)
            }
            if consumed.complete { responseComplete() }
            return
        }
        responseBuffer = pending.readableBytes > 0 ? pending : nil
    }

    private func forwardResponseBody(from buffer: inout ByteBuffer) {
        guard var framer = responseFramer else { return }
        do throws(HTTPParseError) {
            let consumed = try Self.forwardBody(&framer, from: &buffer, to: clientHandler)
            responseFramer = framer
            record.bytesToClient += consumed.bodyBytes
            if consumed.complete { responseComplete() }
        } catch {
            frontend.log.info("\(record.clientText): invalid response body from \(record.backend ?? "-")/\(record.server ?? "-"): \(error)")
            finishResponse(termination: ("S", "D"), reuseClient: false)
        }
    }

    /// Frames the body bytes at the start of `buffer`, takes them out of it and writes them to `handler`; what
    /// follows the body (a pipelined message) stays in `buffer`.
    private static func forwardBody(
        _ framer: inout HTTPBodyFramer, from buffer: inout ByteBuffer, to handler: SessionChannelHandler?
    ) throws(HTTPParseError) -> HTTPBodyFramer.Consumed {
        let consumed = try framer.consume(buffer)
        if consumed.bodyBytes > 0, let body = buffer.readSlice(length: consumed.bodyBytes) { handler?.write(body) }
        return consumed
    }

    /// The server's connection ended (EOF or closed).
    private func serverEnded() {
        if case .tunnel = state {
            // The server is done: the client gets what is still queued, then the close.
            state = .closing
            logRequest(status: record.status, termination: nil)
            closeClientAfterFlush()
            return
        }
        guard case .exchanging = state else { return }
        if var framer = responseFramer {
            // A body delimited by the close ends here; any other framing was cut short.
            if (try? framer.connectionClosed()) != nil {
                responseFramer = framer
                responseComplete()
            } else {
                finishResponse(termination: ("S", "D"), reuseClient: false)
            }
        } else if !responseStarted, responseBuffer == nil, let sentHead, let backend = dialer?.backend,
                  reusedConnection || (emptyResponseRetries < backend.retries && request?.method.isIdempotent == true) {
            // Nothing came back and the request had no body, so it can be sent again (HAProxy's `retry-on
            // empty-response`): a pooled connection the server closed as we reused it goes to a new connection to
            // the same server; otherwise an idempotent request goes to another server.
            let failed = dialer?.server
            if !reusedConnection {
                emptyResponseRetries += 1
                if let failed { triedServers.append(failed) }
            }
            dropServer()
            dialer?.release()
            outgoingHead = sentHead
            self.sentHead = nil
            state = .dialing
            dial(backend, key: nil, reuse: false)
        } else if !responseStarted {
            frontend.log.info("\(record.clientText): \(record.backend ?? "-")/\(record.server ?? "-") closed the connection before responding")
            respondAndClose(status: 502, termination: ("S", "H"))
        }
    }

    private func responseComplete() {
        finishResponse(termination: nil, reuseClient: !closeAfterResponse && requestDone)
    }

    private func finishResponse(termination: (Character, Character)?, reuseClient: Bool) {
        if termination == nil, serverKeepAlive, requestDone, exchange?.reusesServerConnections == true, local?.stopping != true,
           let pool, let channel = serverChannel, let handler = serverHandler, let dialer, let server = dialer.server {
            serverHandler = nil
            serverChannel = nil
            pool.put(channel, handler: handler, key: .init(backend: dialer.backend.index, server: server))
        } else {
            dropServer()
        }
        logRequest(status: record.status, termination: termination)
        dialer?.release()
        dialer = nil
        responseFramer = nil
        responseBuffer = nil
        responseStarted = false
        if reuseClient {
            // Flush here: the server connection may have gone back to the pool, whose owner gets the end of read.
            clientHandler?.flush()
            nextRequest()
        } else {
            state = .closing
            closeClientAfterFlush()
        }
    }

    private func nextRequest() {
        request = nil
        outgoingHead = nil
        sentHead = nil
        exchange = nil
        serverKeepAlive = false
        reusedConnection = false
        triedServers = []
        emptyResponseRetries = 0
        requestFramer = nil
        requestDone = false
        state = .waitingForRequest
        record.startRequest()
        arm(http.keepAliveTimeout, status: nil)
        if inbound.readableBytes > 0 {
            inbound.discardReadBytes()
            parseRequest()
        } else {
            inbound.clear()
            if local?.stopping == true {
                closeClient()
                return
            }
        }
        clientHandler?.resumeReads()
    }

    // MARK: Local responses and closing

    private func writeLocalResponse(_ response: ByteBuffer, status: Int, keepOpen: Bool, termination: (Character, Character)?) {
        record.status = status
        record.bytesToClient += response.readableBytes
        clientHandler?.write(response)
        clientHandler?.flush()
        logRequest(status: status, termination: termination)
        if keepOpen {
            nextRequest()
        } else {
            state = .closing
            closeClientAfterFlush()
        }
    }

    private func respondAndClose(status: Int, termination: (Character, Character)) {
        dialer?.release()
        dialer = nil
        guard !responseStarted else {
            logRequest(status: record.status, termination: termination)
            state = .closing
            closeClientAfterFlush()
            return
        }
        writeLocalResponse(http.errorResponse(status, pages: exchange?.pages), status: status, keepOpen: false, termination: termination)
    }

    /// Closes the server connection without hearing back from it: closing fires channelInactive at once, and the
    /// caller has already decided what the client gets.
    private func dropServer() {
        serverHandler?.owner = nil
        serverHandler = nil
        serverChannel?.close(promise: nil)
        serverChannel = nil
    }

    private func closeClientAfterFlush() {
        guard let channel = clientChannel else { return }
        disarm()
        channel.writeAndFlush(ByteBuffer()).whenComplete { _ in channel.close(promise: nil) }
    }

    private func closeClient() {
        disarm()
        clientChannel?.close(promise: nil)
    }

    // MARK: Timers

    /// Arms the session's timeout: when it expires in the same state, the client gets `status` (or, with `nil`,
    /// the idle keep-alive connection is just closed).
    ///
    /// Timeouts are re-armed several times per request, so this only moves `deadline`: a scheduled task exists
    /// only when it must fire earlier than the one pending, and a task that fires early re-checks and re-schedules.
    /// (Cancelling NIO timers is a linear search of the loop's timers: it cost a fifth of a request's instructions.)
    private func arm(_ timeout: TimeAmount?, status: Int?) {
        guard let timeout else {
            deadline = nil
            return
        }
        let due = now + timeout
        deadline = due
        deadlineStatus = status
        schedule(at: due)
    }

    private func schedule(at due: NIODeadline) {
        if let fires = timerFires, fires <= due { return }
        timer?.cancel()
        timerFires = due
        let loopBound = NIOLoopBound(self, eventLoop: eventLoop)
        timer = eventLoop.scheduleTask(deadline: due) {
            loopBound.value.timerFired()
        }
    }

    private func timerFired() {
        timer = nil
        timerFires = nil
        guard let deadline else { return }
        if NIODeadline.now() < deadline {
            schedule(at: deadline)
            return
        }
        self.deadline = nil
        timedOut(status: deadlineStatus)
    }

    private func timedOut(status: Int?) {
        timer = nil
        switch state {
        case .waitingForRequest:
            if let status, inbound.readableBytes > 0 || record.requestCount == 1 {
                // Slowloris defence: the head did not arrive within `timeout http-request`.
                record.requestLine = "<BADREQ>"
                respondAndClose(status: status, termination: ("c", "R"))
            } else {
                closeClient()
            }
        case .exchanging where !responseStarted:
            dropServer()
            respondAndClose(status: 504, termination: ("s", "H"))
        case .exchanging, .tunnel:
            closeClient()
        default:
            break
        }
    }

    /// No timeout for now; a pending task finds nothing to do when it fires.
    private func disarm() {
        deadline = nil
    }

    /// Drops the pending task too: the connection is over.
    private func stopTimer() {
        deadline = nil
        timer?.cancel()
        timer = nil
        timerFires = nil
    }

    /// After a `101`: the tunnel closes after `timeout tunnel` without data either way (else the shorter of
    /// `timeout client` and `timeout server`). Activity only stamps `lastActivity`; the timer re-checks it.
    private func armTunnelTimer() {
        stopTimer()
        let serverSide = dialer?.backend.timeouts ?? Timeouts()
        let clientSide = frontend.timeouts
        let limit = serverSide.tunnel.value ?? clientSide.tunnel.value
            ?? [clientSide.client.value, serverSide.server.value].compactMap { $0 }.min()
        guard let limit else { return }
        let loopBound = NIOLoopBound(self, eventLoop: eventLoop)
        timerFires = lastActivity + TimeAmount(limit)
        timer = eventLoop.scheduleTask(deadline: lastActivity + TimeAmount(limit)) {
            let session = loopBound.value
            session.timer = nil
            session.timerFires = nil
            guard case .tunnel = session.state else { return }
            if NIODeadline.now() >= session.lastActivity + TimeAmount(limit) {
                session.logRequest(status: session.record.status, termination: ("c", "D"))
                session.state = .closing
                session.dropServer()
                session.closeClient()
            } else {
                session.armTunnelTimer()
            }
        }
    }

    // MARK: Logs

    private func logRequest(status: Int, termination: (Character, Character)?) {
        // Without `option httplog` the record is not read: don't stamp it or hand a copy over for every request.
        guard frontend.logsRequests else { return }
        record.finished = .now()
        record.retries = dialer?.retries ?? record.retries
        record.termination = termination
        frontend.requestEnded(record)
    }
}

extension HTTPSession: ServerDialerDelegate {
    func dialerQueued() {
        record.queued = true
    }

    func dialerConnecting(to server: Int) {
        record.server = dialer?.backend.backend.servers[server].name
        if record.queueEnded == nil { record.queueEnded = timestamp }
    }

    func dialerConnected(_ channel: Channel) {
        guard case .dialing = state, let outgoingHead else {
            channel.close(promise: nil)
            return
        }
        serverChannel = channel
        state = .exchanging
        if frontend.logsRequests {
            record.connected = timestamp
            record.retries = dialer?.retries ?? 0
        }
        let server = serverHandler
        server?.write(outgoingHead)
        sentHead = requestFramer?.isComplete == true || requestDone ? outgoingHead : nil
        self.outgoingHead = nil
        forwardRequestBody(from: &inbound)
        // An invalid body in what had already arrived ends the exchange (400) right here.
        guard case .exchanging = state else { return }
        server?.flush()
        arm(serverTimeout, status: 504)
        clientHandler?.resumeReads()
    }

    func dialerMakeHandler() -> ChannelHandler {
        let handler = SessionChannelHandler(side: .server, owner: self, tick: tick)
        serverHandler = handler
        reusedConnection = false
        return handler
    }

    func dialerIdleConnection(to server: Int) -> Channel? {
        guard reusesIdleConnection, let dialer,
              let (channel, handler) = pool?.take(.init(backend: dialer.backend.index, server: server)) else { return nil }
        handler.owner = self
        serverHandler = handler
        reusedConnection = true
        return channel
    }

    func dialerFailed(_ termination: (Character, Character)) {
        if termination == ("s", "Q") { record.queueEnded = timestamp }
        record.retries = dialer?.retries ?? 0
        dialer = nil
        respondAndClose(status: 503, termination: termination)
    }
}
