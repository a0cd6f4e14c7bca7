import Foundation
import PortalCheck
import Subprocess
import Testing

/// `--external` against a local server on 127.0.0.1 (Python's http.server; no other network).
@Suite(.serialized) struct ExternalLinkTests {
    /// Answers 200, 404, a 301 loop, a slow answer, a HEAD refusal and a redirect to 200;
    /// logs each request's method and path to the file named by its first argument.
    static let server = #"""
        import http.server, signal, socketserver, sys, time
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the test runner's children may inherit SIG_IGN
        log = open(sys.argv[1], "a", buffering=1)
        class Handler(http.server.BaseHTTPRequestHandler):
            def answer(self, head):
                log.write(self.command + " " + self.path + "\n")
                routes = {"/ok": (200, None), "/missing": (404, None), "/loop-a": (301, "/loop-b"),
                          "/loop-b": (301, "/loop-a"), "/moved": (302, "/ok")}
                if self.path == "/slow":
                    time.sleep(30)
                    routes["/slow"] = (200, None)
                if self.path == "/no-head":
                    routes["/no-head"] = (405, None) if head else (200, None)
                status, location = routes.get(self.path, (404, None))
                self.send_response(status)
                if location:
                    self.send_header("Location", location)
                self.send_header("Content-Length", "2")
                self.end_headers()
                if not head:
                    self.wfile.write(b"ok")
            def do_HEAD(self): self.answer(True)
            def do_GET(self): self.answer(False)
            def log_message(self, *args): pass
        class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
            daemon_threads = True
        server = Server(("127.0.0.1", 0), Handler)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """#

    struct LocalServer {
        let port: Int
        let log: URL

        var requests: [String] {
            ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }

        /// The server for the length of `body`: Python prints its port, answers until killed.
        static func serving(in folder: URL, _ body: (LocalServer) async throws -> Void) async throws {
            let script = folder.appendingPathComponent("server.py")
            let log = folder.appendingPathComponent("requests.log")
            try Data(ExternalLinkTests.server.utf8).write(to: script)
            _ = try await Subprocess.run(
                .path("/usr/bin/python3"),
                arguments: [script.path, log.path],
                input: .none,
                output: .sequence,
                error: .discarded
            ) { execution in
                defer { try? execution.send(signal: .kill) }
                var port = 0
                for try await line in execution.standardOutput.strings() {
                    port = Int(line) ?? 0
                    break
                }
                try await body(LocalServer(port: port, log: log))
            }
        }
    }

    @Test func reportsBrokenLoopingAndSlowLinksAsWarningsAndCachesLastingAnswers() async throws {
        let folder = try CheckFolder()
        defer { folder.remove() }
        try await LocalServer.serving(in: folder.root) { server in try brokenLoopingAndSlowLinks(server, folder) }
    }

    func brokenLoopingAndSlowLinks(_ server: LocalServer, _ folder: CheckFolder) throws {
        #expect(server.port > 0)
        let base = "http://127.0.0.1:\(server.port)"
        let links = ["ok", "missing", "loop-a", "slow", "no-head", "moved"].enumerated().map { index, path in
            "<p><a href=\"\(base)/\(path)\">Link \(index)</a></p>"
        }
        try folder.write("index.html", CheckFolder.page(body: links.joined(separator: "\n")))
        let cache = folder.root.appendingPathComponent(".cache/external-links.json")
        // 7 s: the 21 hops of the redirect loop must finish in time on a loaded 2-core machine (5 s
        // did not, once, beside a benchmark); the whole check (10 s with 5, 25.6 s with 10 under
        // load) must still end before the slow link's 30 s.
        let options = CheckOptions(external: ExternalLinkOptions(cacheFile: cache, timeout: 7, concurrency: 4))

        let started = Date()
        let report = folder.check(options)
        #expect(
            Date().timeIntervalSince(started) < 29,
            "the slow link (30 s) must not hold up the check (timeout 7 s)"
        )
        #expect(!report.hasErrors, "other sites' problems never fail the check by default")
        let lines = report.lines
        let line = CheckFolder.bodyLine
        #expect(
            lines == [
                "index.html:\(line + 1):13: warning: external-link: the link to \(base)/missing answers 404",
                "index.html:\(line + 2):13: warning: external-link: the link to \(base)/loop-a redirects in a loop (or more than 20 times)",
                "index.html:\(line + 3):13: warning: external-link: the link to \(base)/slow did not answer in time",
            ],
            "\(lines)"
        )
        #expect(server.requests.contains("GET /no-head"), "HEAD refused, then GET")

        // Lasting answers come from the cache; the timeout is asked again.
        let before = server.requests.count
        let again = folder.check(options)
        #expect(again.lines == lines)
        let asked = server.requests.dropFirst(before)
        #expect(Array(asked) == ["HEAD /slow"], "\(Array(asked))")
        #expect(FileManager.default.fileExists(atPath: cache.path))
    }

    @Test func expiredCacheEntriesAreAskedAgain() async throws {
        let folder = try CheckFolder()
        defer { folder.remove() }
        try await LocalServer.serving(in: folder.root) { server in try expiredEntries(server, folder) }
    }

    func expiredEntries(_ server: LocalServer, _ folder: CheckFolder) throws {
        try folder.write(
            "index.html",
            CheckFolder.page(body: "<p><a href=\"http://127.0.0.1:\(server.port)/ok\">Fine</a></p>")
        )
        let cache = folder.root.appendingPathComponent("cache.json")
        _ = folder.check(CheckOptions(external: ExternalLinkOptions(cacheFile: cache, timeout: 2)))
        _ = folder.check(CheckOptions(external: ExternalLinkOptions(cacheFile: cache, cacheLifetime: 0, timeout: 2)))
        #expect(server.requests == ["HEAD /ok", "HEAD /ok"])
    }
}
