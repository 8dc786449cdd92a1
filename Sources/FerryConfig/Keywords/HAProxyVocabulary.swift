/// HAProxy 2.6's vocabulary beyond what Ferry supports, so that a keyword HAProxy has and Ferry does not gets
/// "not supported by ferry yet" rather than "unknown keyword". Listed from `haproxy -dKall` and the configuration
/// manual; the supported keywords live with their readers.
enum HAProxyVocabulary {
    /// Global keywords Ferry does not support yet.
    static let globalKeywords: Set<String> = [
        "51degrees-cache-size", "51degrees-data-file", "51degrees-property-name-list",
        "51degrees-property-separator", "anonkey", "busy-polling", "ca-base", "chroot", "close-spread-time",
        "cluster-secret", "cpu-map", "crt-base", "default-path", "description", "deviceatlas-json-file",
        "deviceatlas-log-level", "deviceatlas-properties-cookie", "deviceatlas-separator",
        "expose-experimental-directives", "external-check", "fd-hard-limit", "gid", "group",
        "h1-accept-payload-with-any-method", "h1-case-adjust", "h1-case-adjust-file",
        "h2-workaround-bogus-websocket-clients", "httpclient.resolvers.id", "httpclient.resolvers.prefer",
        "httpclient.ssl.ca-file", "httpclient.ssl.verify", "insecure-fork-wanted", "insecure-setuid-wanted",
        "issuers-chain-path", "localpeer", "log-send-hostname", "log-tag", "lua-load", "lua-load-per-thread",
        "lua-prepend-path", "master-worker", "max-spread-checks", "maxcompcpuusage", "maxcomprate", "maxconnrate",
        "maxpipes", "maxsessrate", "maxsslconn", "maxsslrate", "maxzlibmem", "mworker-max-reloads",
        "no-memory-trimming", "node", "noepoll", "noevports", "nogetaddrinfo", "nokqueue", "nopoll", "noreuseport",
        "nosplice", "numa-cpu-mapping", "pp2-never-send-local", "presetenv", "profiling.memory", "profiling.tasks",
        "quiet", "resetenv", "server-state-base", "server-state-file", "set-dumpable", "set-var", "set-var-fmt",
        "setenv", "spread-checks", "ssl-default-bind-ciphers", "ssl-default-bind-ciphersuites",
        "ssl-default-bind-curves", "ssl-default-bind-options", "ssl-default-server-ciphers",
        "ssl-default-server-ciphersuites", "ssl-default-server-options", "ssl-dh-param-file", "ssl-engine",
        "ssl-load-extra-del-ext", "ssl-load-extra-files", "ssl-mode-async", "ssl-propquery", "ssl-provider",
        "ssl-provider-path", "ssl-server-verify", "ssl-skip-self-issued-ca", "strict-limits", "thread-group",
        "thread-groups", "tune.buffers.limit", "tune.buffers.reserve", "tune.comp.maxlevel", "tune.fail-alloc",
        "tune.fd.edge-triggered", "tune.h2.header-table-size", "tune.h2.initial-window-size",
        "tune.h2.max-concurrent-streams", "tune.h2.max-frame-size", "tune.http.cookielen", "tune.http.logurilen",
        "tune.http.maxhdr", "tune.idle-pool.shared", "tune.idletimer", "tune.listener.multi-queue",
        "tune.lua.forced-yield", "tune.lua.maxmem", "tune.lua.service-timeout", "tune.lua.session-timeout",
        "tune.lua.task-timeout", "tune.maxaccept", "tune.maxpollevents", "tune.maxrewrite",
        "tune.pattern.cache-size", "tune.peers.max-updates-at-once", "tune.pipesize", "tune.pool-high-fd-ratio",
        "tune.pool-low-fd-ratio", "tune.rcvbuf.client", "tune.rcvbuf.server", "tune.recv_enough",
        "tune.runqueue-depth", "tune.sched.low-latency", "tune.sndbuf.client", "tune.sndbuf.server",
        "tune.ssl.cachesize", "tune.ssl.capture-buffer-size", "tune.ssl.capture-cipherlist-size",
        "tune.ssl.default-dh-param", "tune.ssl.force-private-cache", "tune.ssl.hard-maxrecord", "tune.ssl.keylog",
        "tune.ssl.lifetime", "tune.ssl.maxrecord", "tune.ssl.ssl-ctx-cache-size", "tune.vars.check-max-size",
        "tune.vars.global-max-size", "tune.vars.proc-max-size", "tune.vars.reqres-max-size",
        "tune.vars.sess-max-size", "tune.vars.txn-max-size", "tune.zlib.memlevel", "tune.zlib.windowsize", "uid",
        "ulimit-n", "unix-bind", "unsetenv", "user", "wurfl-cache-size", "wurfl-data-file", "wurfl-information-list",
        "wurfl-information-list-separator", "zero-warning",
    ]

    /// Proxy keywords (defaults, frontend, backend, listen) Ferry does not support yet.
    static let proxyKeywords: Set<String> = [
        "backlog", "bind-process", "capture", "clitcpka-cnt", "clitcpka-idle", "clitcpka-intvl", "compression",
        "declare", "dispatch", "dynamic-cookie-key", "email-alert", "enabled", "error-log-format", "errorfiles",
        "errorloc", "errorloc302", "errorloc303", "external-check", "filter", "force-persist", "fullconn",
        "hash-balance-factor", "http-after-response", "http-error", "http-reuse", "http-send-name-header", "id",
        "ignore-persist", "load-server-state-from-file", "log-format", "log-format-sd", "log-tag",
        "max-keep-alive-queue", "monitor", "persist", "rate-limit", "redirect", "retry-on", "server-state-file-name",
        "server-template", "source", "srvtcpka-cnt", "srvtcpka-idle", "srvtcpka-intvl", "stick", "stick-table",
        "tcp-check", "tcp-request", "tcp-response", "transparent", "unique-id-format", "unique-id-header",
        "use-fcgi-app", "use-server",
    ]

    /// `option` names Ferry does not support yet.
    static let options: Set<String> = [
        "accept-invalid-http-request", "accept-invalid-http-response", "checkcache", "clitcpka", "contstats",
        "disable-h2-upgrade", "dontlog-normal", "external-check", "h1-case-adjust-bogus-client",
        "h1-case-adjust-bogus-server", "http-buffer-request", "http-ignore-probes", "http-no-delay",
        "http-pretend-keepalive", "http-restrict-req-hdr-names", "http-use-proxy-header", "httpslog",
        "idle-close-on-response", "independent-streams", "ldap-check", "log-separate-errors", "logasap",
        "mysql-check", "nolinger", "originalto", "persist", "pgsql-check", "prefer-last-server", "redis-check",
        "smtpchk", "socket-stats", "splice-auto", "splice-request", "splice-response", "spop-check", "srvtcpka",
        "ssl-hello-chk", "tcp-check", "tcp-smart-accept", "tcp-smart-connect", "tcpka", "transparent",
    ]

    /// `http-request` actions Ferry does not support yet.
    static let httpRequestActions: Set<String> = [
        "add-acl", "allow", "auth", "cache-use", "capture", "del-acl", "del-map", "disable-l7-retry", "do-resolve",
        "early-hint", "normalize-uri", "ot-group", "reject", "replace-header", "replace-path", "replace-pathq",
        "replace-uri", "replace-value", "sc-inc-gpc", "sc-inc-gpc0", "sc-inc-gpc1", "sc-set-gpt", "sc-set-gpt0",
        "send-spoe-group", "set-dst", "set-dst-port", "set-log-level", "set-map", "set-mark", "set-method",
        "set-nice", "set-pathq", "set-priority-class", "set-priority-offset", "set-query", "set-src", "set-src-port",
        "set-timeout", "set-tos", "set-uri", "set-var", "set-var-fmt", "silent-drop", "strict-mode", "tarpit",
        "track-sc0", "track-sc1", "track-sc2", "unset-var", "use-service", "wait-for-body", "wait-for-handshake",
    ]

    /// `http-response` actions Ferry does not support yet.
    static let httpResponseActions: Set<String> = [
        "add-acl", "allow", "cache-store", "capture", "del-acl", "del-map", "deny", "ot-group", "redirect",
        "replace-header", "replace-value", "return", "sc-inc-gpc", "sc-inc-gpc0", "sc-inc-gpc1", "sc-set-gpt",
        "sc-set-gpt0", "send-spoe-group", "set-log-level", "set-map", "set-mark", "set-nice", "set-status",
        "set-tos", "set-var", "set-var-fmt", "silent-drop", "strict-mode", "track-sc0", "track-sc1", "track-sc2",
        "unset-var", "wait-for-body",
    ]

    /// ACL and sample fetch names Ferry does not support yet.
    static let fetches: Set<String> = [
        "always_false", "always_true", "avg_queue", "base", "base32", "base32+src", "base_beg", "base_dir",
        "base_dom", "base_end", "base_len", "base_reg", "base_sub", "baseq", "bc_dst", "bc_dst_port", "bc_err",
        "bc_err_str", "bc_http_major", "bc_src", "bc_src_port", "be_conn", "be_conn_free", "be_id", "be_name",
        "be_server_timeout", "be_sess_rate", "be_tunnel_timeout", "bin", "bool", "capture.req.hdr",
        "capture.req.method", "capture.req.uri", "capture.req.ver", "capture.res.hdr", "capture.res.ver",
        "connslots", "cook", "cook_beg", "cook_cnt", "cook_dir", "cook_dom", "cook_end", "cook_len", "cook_reg",
        "cook_sub", "cook_val", "cookie", "cpu_calls", "cpu_ns_avg", "cpu_ns_tot", "cur_server_timeout",
        "cur_tunnel_timeout", "date", "date_us", "distcc_body", "distcc_param", "dst", "dst_conn", "dst_is_local",
        "env", "fc_dst", "fc_dst_is_local", "fc_dst_port", "fc_err", "fc_err_str", "fc_http_major",
        "fc_pp_authority", "fc_pp_unique_id", "fc_rcvd_proxy", "fc_rtt", "fc_rttvar", "fc_src", "fc_src_is_local",
        "fc_src_port", "fe_client_timeout", "fe_conn", "fe_defbe", "fe_id", "fe_name", "fe_req_rate", "fe_sess_rate",
        "hdr_cnt", "hdr_dir", "hdr_dom", "hdr_ip", "hdr_len", "hdr_val", "hostname", "http_auth", "http_auth_bearer",
        "http_auth_group", "http_auth_pass", "http_auth_type", "http_auth_user", "http_first_req", "int", "ipv4",
        "ipv6", "meth", "nbproc", "nbsrv", "path_dir", "path_dom", "path_len", "pathq", "payload", "payload_lv",
        "prio_class", "prio_offset", "proc", "queue", "rand", "rdp_cookie", "rdp_cookie_cnt", "rep_ssl_hello_type",
        "req.body", "req.body_len", "req.body_param", "req.body_size", "req.cook", "req.cook_cnt", "req.cook_val",
        "req.fhdr", "req.fhdr_cnt", "req.hdr_cnt", "req.hdr_ip", "req.hdr_names", "req.hdr_val", "req.hdrs",
        "req.hdrs_bin", "req.len", "req.payload", "req.payload_lv", "req.proto_http", "req.rdp_cookie",
        "req.rdp_cookie_cnt", "req.ssl_alpn", "req.ssl_ec_ext", "req.ssl_hello_type", "req.ssl_sni",
        "req.ssl_st_ext", "req.ssl_ver", "req.ver", "req_len", "req_proto_http", "req_rdp_cookie",
        "req_rdp_cookie_cnt", "req_ssl_hello_type", "req_ssl_sni", "req_ssl_ver", "req_ver", "res.body",
        "res.body_len", "res.body_size", "res.cache_hit", "res.cache_name", "res.comp", "res.comp_algo", "res.cook",
        "res.cook_cnt", "res.cook_val", "res.fhdr", "res.fhdr_cnt", "res.hdr", "res.hdr_cnt", "res.hdr_ip",
        "res.hdr_names", "res.hdr_val", "res.hdrs", "res.hdrs_bin", "res.len", "res.payload", "res.payload_lv",
        "res.ssl_hello_type", "res.ver", "resp_ver", "sc0_conn_cur", "sc0_http_req_rate", "sc1_conn_cur",
        "sc1_http_req_rate", "sc2_conn_cur", "sc2_http_req_rate", "sc_conn_cur", "sc_http_req_rate", "scook",
        "scook_beg", "scook_cnt", "scook_dir", "scook_dom", "scook_end", "scook_len", "scook_reg", "scook_sub",
        "scook_val", "shdr", "shdr_beg", "shdr_cnt", "shdr_dir", "shdr_dom", "shdr_end", "shdr_ip", "shdr_len",
        "shdr_reg", "shdr_sub", "shdr_val", "so_id", "so_name", "src_bytes_in_rate", "src_bytes_out_rate",
        "src_conn_cnt", "src_conn_cur", "src_conn_rate", "src_get_gpc0", "src_http_err_rate", "src_http_req_rate",
        "src_inc_gpc0", "src_is_local", "src_port", "src_sess_rate", "srv_conn", "srv_id", "srv_is_up", "srv_name",
        "srv_queue", "ssl_bc", "ssl_c_s_dn", "ssl_c_used", "ssl_c_verify", "ssl_fc", "ssl_fc_alpn", "ssl_fc_cipher",
        "ssl_fc_has_crt", "ssl_fc_has_sni", "ssl_fc_protocol", "ssl_fc_sni", "ssl_fc_sni_end", "ssl_fc_sni_reg",
        "stopping", "str", "table_avl", "table_cnt", "thread", "unique-id", "url", "url32", "url32+src", "url_beg",
        "url_dir", "url_dom", "url_end", "url_ip", "url_len", "url_port", "url_reg", "url_sub", "urlp", "urlp_beg",
        "urlp_dir", "urlp_dom", "urlp_end", "urlp_len", "urlp_reg", "urlp_sub", "urlp_val", "uuid", "var",
        "wait_end",
    ]

    /// `bind` options Ferry does not support yet, with the number of arguments each takes.
    static let bindOptions: [String: Int] = [
        "accept-netscaler-cip": 1, "allow-0rtt": 0, "alpn": 1, "backlog": 1, "ca-file": 1, "ca-ignore-err": 1,
        "ca-sign-file": 1, "ca-sign-pass": 1, "ca-verify-file": 1, "ciphers": 1, "ciphersuites": 1, "crl-file": 1,
        "crt": 1, "crt-ignore-err": 1, "crt-list": 1, "curves": 1, "defer-accept": 0, "ecdhe": 1, "expose-fd": 1,
        "force-sslv3": 0, "force-tlsv10": 0, "force-tlsv11": 0, "force-tlsv12": 0, "force-tlsv13": 0,
        "generate-certificates": 0, "gid": 1, "group": 1, "id": 1, "interface": 1, "level": 1, "maxconn": 1,
        "mode": 1, "mss": 1, "namespace": 1, "nice": 1, "no-ca-names": 0, "no-sslv3": 0, "no-tls-tickets": 0,
        "no-tlsv10": 0, "no-tlsv11": 0, "no-tlsv12": 0, "no-tlsv13": 0, "npn": 1, "prefer-client-ciphers": 0,
        "process": 1, "proto": 1, "severity-output": 1, "shards": 1, "ssl": 0, "ssl-max-ver": 1, "ssl-min-ver": 1,
        "strict-sni": 0, "tcp-ut": 1, "tfo": 0, "thread": 1, "tls-ticket-keys": 1, "transparent": 0, "uid": 1,
        "user": 1, "v4v6": 0, "v6only": 0, "verify": 1,
    ]

    /// `server` options Ferry does not support yet, with the number of arguments each takes.
    static let serverOptions: [String: Int] = [
        "addr": 1, "agent-addr": 1, "agent-check": 0, "agent-inter": 1, "agent-port": 1, "agent-send": 1,
        "allow-0rtt": 0, "alpn": 1, "ca-file": 1, "check-alpn": 1, "check-proto": 1, "check-send-proxy": 0,
        "check-sni": 1, "check-ssl": 0, "check-via-socks4": 0, "ciphers": 1, "ciphersuites": 1, "crl-file": 1,
        "crt": 1, "enabled": 0, "error-limit": 1, "force-sslv3": 0, "force-tlsv10": 0, "force-tlsv11": 0,
        "force-tlsv12": 0, "force-tlsv13": 0, "id": 1, "init-addr": 1, "log-proto": 1, "max-reuse": 1, "minconn": 1,
        "namespace": 1, "no-agent-check": 0, "no-backup": 0, "no-check": 0, "no-check-send-proxy": 0,
        "no-check-ssl": 0, "no-send-proxy": 0, "no-send-proxy-v2": 0, "no-send-proxy-v2-ssl": 0,
        "no-send-proxy-v2-ssl-cn": 0, "no-ssl": 0, "no-ssl-reuse": 0, "no-sslv3": 0, "no-tfo": 0,
        "no-tls-tickets": 0, "no-tlsv10": 0, "no-tlsv11": 0, "no-tlsv12": 0, "no-tlsv13": 0, "non-stick": 0,
        "npn": 1, "observe": 1, "on-error": 1, "on-marked-down": 1, "on-marked-up": 1, "pool-low-conn": 1,
        "pool-max-conn": 1, "pool-purge-delay": 1, "proto": 1, "proxy-v2-options": 1, "redir": 1, "resolve-net": 1,
        "resolve-opts": 1, "resolve-prefer": 1, "resolvers": 1, "send-proxy-v2": 0, "send-proxy-v2-ssl": 0,
        "send-proxy-v2-ssl-cn": 0, "sni": 1, "socks4": 1, "source": 1, "ssl": 0, "ssl-max-ver": 1, "ssl-min-ver": 1,
        "ssl-reuse": 0, "stick": 0, "tcp-ut": 1, "tfo": 0, "tls-tickets": 0, "track": 1, "usesrc": 1, "verify": 1,
        "verifyhost": 1, "ws": 1,
    ]
}
