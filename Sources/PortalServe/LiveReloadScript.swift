/// The script `portal serve` adds to every HTML page it serves (never to `portal build`'s
/// output): it listens for rebuilds and reloads the tab when its page changed, keeping the
/// scroll position.
enum LiveReloadScript {
    static let fileName = "__portal/live.js"
    static let eventsPath = "__portal/events"

    /// The tag put before `</body>`; `generation` is the rebuild the page was served from.
    static func tag(basePath: String, generation: Int) -> String {
        "<script src=\"\(basePath)\(fileName)\" data-events=\"\(basePath)\(eventsPath)\" data-generation=\"\(generation)\"></script>"
    }

    /// Puts the tag before the last `</body>`, or at the end.
    static func inject(into html: String, basePath: String, generation: Int) -> String {
        let tag = tag(basePath: basePath, generation: generation)
        guard let end = html.range(of: "</body>", options: .backwards) else { return html + tag }
        var result = html
        result.insert(contentsOf: tag + "\n", at: end.lowerBound)
        return result
    }

    static let source = """
        // Live reload for `portal serve` only; `portal build` never writes this script.
        (function () {
          "use strict";
          var script = document.currentScript;
          if (!script || !window.EventSource) return;
          var served = script.getAttribute("data-generation");
          var key = "portal-serve-scroll:" + location.pathname;
          var saved = null;
          try { saved = sessionStorage.getItem(key); sessionStorage.removeItem(key); } catch (e) {}
          if (saved !== null) {
            var y = parseInt(saved, 10) || 0;
            var restore = function () { window.scrollTo(0, y); };
            restore();
            window.addEventListener("load", restore);
          }
          function reload() {
            try { sessionStorage.setItem(key, String(window.scrollY)); } catch (e) {}
            location.reload();
          }
          var source = new EventSource(script.getAttribute("data-events"));
          // On (re)connecting: reload if a rebuild happened since this page was served.
          source.addEventListener("hello", function (event) {
            var generation = String(JSON.parse(event.data).generation);
            if (generation !== served) reload();
          });
          source.addEventListener("reload", function (event) {
            var data = JSON.parse(event.data);
            served = String(data.generation);
            var here = decodeURI(location.pathname);
            if (data.all || data.paths.indexOf(here) !== -1) reload();
          });
        })();

        """
}
