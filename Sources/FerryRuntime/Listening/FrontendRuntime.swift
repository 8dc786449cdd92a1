import FerryModel
import Logging
import NIOCore

/// A frontend as the running proxy needs it: its settings resolved once, the backend its sessions go to, and the
/// per-connection channel settings.
final class FrontendRuntime: Sendable {
    let index: Int
    let frontend: Frontend
    let timeouts: Timeouts
    let defaultBackend: BackendPool?
    private let backendRules: [(condition: CompiledCondition?, backend: BackendPool)]
    /// `option tcplog`: one line per session.
    let logsSessions: Bool
    /// `option httplog`: one line per request.
    let logsRequests: Bool
    let bufferSize: Int
    let receiveAllocator: AdaptiveRecvByteBufferAllocator
    let waterMark: ChannelOptions.Types.WriteBufferWaterMark
    let log: Logger
    let gate: ConnectionGate
    private let backendsByName: [String: BackendPool]

    init(index: Int, frontend: Frontend, backends: [String: BackendPool], global: GlobalSettings, gate: ConnectionGate, log: Logger) {
        self.index = index
        self.frontend = frontend
        self.timeouts = frontend.timeouts.withFallbacks()
        self.defaultBackend = frontend.defaultBackend.value.flatMap { backends[$0] }
        self.backendRules = frontend.backendRules.compactMap { rule in
            backends[rule.backend].map { (rule.condition.map { CompiledCondition($0, acls: frontend.acls) }, $0) }
        }
        self.logsSessions = frontend.options.enabled.contains(.tcpLog)
        self.logsRequests = frontend.options.enabled.contains(.httpLog)
        let bufferSize = global.bufferSize.value
        self.bufferSize = bufferSize
        // Reads start at one HAProxy buffer and may grow to four when a transfer keeps them full, so that bulk
        // transfers take few system calls while an idle or chatty connection holds little memory.
        self.receiveAllocator = AdaptiveRecvByteBufferAllocator(
            minimum: 1024, initial: bufferSize, maximum: max(bufferSize * 4, 65_536)
        )
        self.waterMark = .init(low: bufferSize * 2, high: bufferSize * 4)
        self.gate = gate
        self.log = log
        self.backendsByName = backends
    }

    var name: String { frontend.name }

    /// Sets the options of a client or server connection of this frontend's sessions: half-close, read sizes and
    /// write watermarks. Set synchronously in the channel's initializer rather than through the bootstraps'
    /// option storage, which costs a dynamic cast and a generic metadata lookup per option and connection.
    func applyConnectionOptions(to channel: Channel) throws {
        guard let options = channel.syncOptions else { return }
        try options.setOption(.allowRemoteHalfClosure, value: true)
        try options.setOption(.recvAllocator, value: receiveAllocator)
        try options.setOption(.writeBufferWaterMark, value: waterMark)
    }

    /// The backend a new session goes to: the first `use_backend` rule whose condition holds (in `mode tcp` the
    /// validator only lets layer-4 samples into them), else the default backend. `samples` is built only when
    /// there are `use_backend` rules.
    func backend<Samples: SampleSource>(for samples: @autoclosure () -> Samples) -> BackendPool? {
        guard !backendRules.isEmpty else { return defaultBackend }
        let samples = samples()
        for rule in backendRules where rule.condition?.holds(for: samples) ?? true {
            return rule.backend
        }
        return defaultBackend
    }

    /// Logs a finished HTTP request when `option httplog` asks for it.
    func requestEnded(_ record: HTTPRequestRecord) {
        guard logsRequests else { return }
        let (backendConnections, serverConnections, backendQueue) = counts(backend: record.backend, server: record.server)
        log.info(Logger.Message(stringLiteral: record.httpLogLine(
            activeConnections: gate.activeConnections,
            frontendConnections: gate.activeConnections(frontend: index),
            backendConnections: backendConnections,
            serverConnections: serverConnections,
            backendQueue: backendQueue
        )))
    }

    /// Connections of a backend and of one of its servers, and the backend's queue, for log lines.
    private func counts(backend name: String?, server: String?) -> (backend: Int, server: Int, queue: Int) {
        guard let name, let backend = backendsByName[name] else { return (0, 0, 0) }
        let serverIndex = server.flatMap { server in backend.backend.servers.firstIndex { $0.name == server } }
        let total = backend.backend.servers.indices.reduce(0) { $0 + backend.load(of: $1) }
        return (total, serverIndex.map { backend.load(of: $0) } ?? 0, backend.queueLength)
    }

    /// Logs a finished session when `option tcplog` asks for it.
    func sessionEnded(_ record: SessionRecord) {
        guard logsSessions else { return }
        if record.bytesFromClient == 0, record.bytesFromServer == 0, frontend.options.enabled.contains(.dontLogNull) {
            return
        }
        let (backendConnections, serverConnections, backendQueue) = counts(backend: record.backend, server: record.server)
        log.info(Logger.Message(stringLiteral: record.tcpLogLine(
            activeConnections: gate.activeConnections,
            frontendConnections: gate.activeConnections(frontend: index),
            backendConnections: backendConnections,
            serverConnections: serverConnections,
            backendQueue: backendQueue
        )))
    }
}

/// One listening address of a frontend.
struct BindRuntime: Sendable {
    let bind: Bind
    let port: Int?

    var acceptProxy: Bool { bind.acceptProxy }

    /// The address as it is listened on (`127.0.0.1:8080`), for messages.
    var description: String {
        switch bind.address {
        case .tcp(let host, _): "\(host.bracketed):\(port ?? 0)"
        case .unix(let path): "unix@\(path)"
        }
    }
}
