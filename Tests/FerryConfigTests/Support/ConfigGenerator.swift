/// Generates random valid configurations in HAProxy syntax, for property tests. Deterministic for a seed.
struct ConfigGenerator {
    private var random: SplitMix64
    private var nextPort = 10_000

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    private mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(random.next() % UInt64(range.count))
    }

    private mutating func chance(_ percent: Int) -> Bool {
        int(1...100) <= percent
    }

    private mutating func pick<T>(_ items: [T]) -> T {
        items[int(0...(items.count - 1))]
    }

    private mutating func port() -> Int {
        nextPort += int(1...7)
        return nextPort
    }

    private mutating func comment() -> String {
        chance(30) ? "    # \(pick(["note", "keep this", "owned by team \(int(1...9))", "see ticket #\(int(100...999))"]))\n" : ""
    }

    mutating func configuration() -> String {
        var text = ""
        if chance(70) {
            text += "# process settings\nglobal\n"
            text += "    maxconn \(int(100...50_000))\n"
            if chance(50) { text += "    nbthread \(int(1...8))\n" }
            if chance(50) { text += "    log stdout format raw local\(int(0...7))\(chance(50) ? " info" : "")\n" }
            if chance(30) { text += "    hard-stop-after \(int(1...90))s\n" }
            if chance(30) { text += "    tune.bufsize \(pick(["16384", "32768", "16k"]))\n" }
            text += "\n"
        }
        let mode = pick(["http", "tcp"])
        let named = chance(40)
        text += named ? "defaults base\n" : "defaults\n"
        text += comment()
        text += "    mode \(mode)\n    timeout connect \(int(1...10))s\n    timeout client \(int(10...60))s\n    timeout server \(int(10...60))s\n"
        if chance(50) { text += "    retries \(int(0...5))\n" }
        if mode == "http", chance(60) { text += "    option \(pick(["httplog", "forwardfor", "http-server-close", "dontlognull"]))\n" }
        if chance(40) { text += "    default-server inter \(int(1...5))s rise \(int(1...5)) fall \(int(1...5))\n" }
        text += "\n"
        let backendNames = (0..<int(1...4)).map { "be_\($0)_\(int(0...99))" }
        for name in backendNames { text += backend(name, mode: mode, from: named && chance(50)) }
        for index in 0..<int(1...3) { text += frontend("fe_\(index)", mode: mode, backends: backendNames, from: named && chance(50)) }
        if chance(40) { text += listen("li_\(int(0...99))", mode: mode) }
        return text
    }

    private mutating func backend(_ name: String, mode: String, from: Bool) -> String {
        var text = "backend \(name)\(from ? " from base" : "")\n"
        text += comment()
        let algorithms = mode == "http"
            ? ["roundrobin", "leastconn", "static-rr", "first", "source", "uri", "url_param id", "hdr(host)", "random", "random(3)"]
            : ["roundrobin", "leastconn", "static-rr", "first", "source", "random"]
        let algorithm = pick(algorithms)
        text += "    balance \(algorithm)\n"
        if chance(30) { text += "    hash-type \(pick(["map-based", "consistent"])) \(pick(["sdbm", "djb2", "wt6", "crc32"]))\(chance(30) ? " avalanche" : "")\n" }
        let cookie = mode == "http" && chance(30)
        if cookie { text += "    cookie SRV\(int(1...9)) \(pick(["insert indirect nocache", "rewrite", "prefix", "insert httponly secure"]))\n" }
        if chance(40) {
            text += "    option httpchk \(pick(["", "GET /health", "HEAD / HTTP/1.1"]))\n"
            if chance(50) { text += "    http-check expect status \(pick(["200", "200-399"]))\n" }
        }
        if mode == "http", chance(30) { text += "    http-request set-header X-Backend \(name)\n" }
        if mode == "http", chance(30) { text += "    http-response set-header X-Note \"generated \(int(1...9)) value\"\n" }
        if chance(30) { text += "    timeout queue \(int(1...30))s\n" }
        for server in 0..<int(1...5) {
            if chance(15) { text += "    default-server weight \(int(1...50))\n" }
            text += comment()
            var options: [String] = []
            if chance(70) { options.append("check") }
            if chance(30) { options.append("weight \(int(0...256))") }
            if chance(20) { options += ["inter \(int(1...9))s", "rise \(int(1...5))"] }
            if chance(20) { options.append("maxconn \(int(1...1000))") }
            if chance(10) { options.append("backup") }
            if cookie { options.append("cookie s\(server)") }
            let address = pick(["127.0.0.1", "10.0.\(int(0...255)).\(int(1...254))", "[::1]", "localhost"])
            text += "    server s\(server) \(address):\(int(1...65_535)) \(options.joined(separator: " "))\n"
        }
        return text + "\n"
    }

    private mutating func frontend(_ name: String, mode: String, backends: [String], from: Bool) -> String {
        var text = "frontend \(name)\(from ? " from base" : "")\n"
        text += comment()
        text += "    bind \(pick(["", "127.0.0.1", "*"])):\(port())\(chance(20) ? " name \(name)-main" : "")\n"
        if chance(30) { text += "    maxconn \(int(1...10_000))\n" }
        if chance(20) { text += "    description \"\(name) of the generated config\"\n" }
        if mode == "http" {
            let acls = (0..<int(0...3)).map { "acl_\($0)" }
            for acl in acls {
                text += "    acl \(acl) \(pick(["path_beg /\(acl)", "hdr(host) -i \(acl).example.com", "method GET HEAD", "src 10.0.0.0/8", "path_reg ^/v[0-9]+/", "url_param(x) -m found", "query -m sub debug"]))\n"
            }
            if chance(30) { text += "    monitor-uri /health-\(name)\n" }
            if chance(40) { text += "    http-request set-header X-Frontend \"\(name) edge\"\n" }
            if chance(20) { text += "    http-request deny deny_status \(pick(["403", "429", "503"])) if { path_beg /admin }\n" }
            if chance(20) { text += "    http-request redirect scheme https code 301 if { hdr(x-forwarded-proto) http }\n" }
            for acl in acls where chance(70) {
                text += "    use_backend \(pick(backends)) if \(acl)\(chance(30) ? " || { path_end .json }" : "")\n"
            }
            if chance(20) { text += "    http-response del-header Server\n" }
        } else if chance(50) {
            text += "    use_backend \(pick(backends)) if { src 127.0.0.1 }\n"
        }
        text += "    default_backend \(pick(backends))\n"
        return text + "\n"
    }

    private mutating func listen(_ name: String, mode: String) -> String {
        var text = "listen \(name)\n    bind 127.0.0.1:\(port())\n"
        if mode == "http", chance(50) { text += "    stats enable\n    stats uri /stats\n    stats refresh \(int(5...30))s\n" }
        text += "    server only 127.0.0.1:\(int(1...65_535))\(chance(50) ? " check" : "")\n"
        return text + "\n"
    }
}
