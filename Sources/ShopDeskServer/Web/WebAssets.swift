/// The web UI's stylesheet and script, written here and served as they are: no build step, no
/// third-party code. The script never builds markup from data (it sets `textContent` only).
enum WebAssets {
    static let css = """
        :root { --fg: #1d2330; --muted: #5b6475; --line: #d9dde5; --ok: #1b7f3a; --soon: #a35c00; --late: #b3261e; --accent: #2456c9; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans Thai", sans-serif; color: var(--fg); background: #f6f7f9; }
        a { color: var(--accent); }
        header.top { display: flex; gap: 1rem; align-items: center; padding: .5rem 1rem; background: #fff; border-bottom: 1px solid var(--line); }
        header.top .brand { font-weight: 700; text-decoration: none; }
        header.top form { margin-left: auto; }
        main { max-width: 72rem; margin: 1rem auto; padding: 0 1rem; }
        h1 { font-size: 1.3rem; }
        .sign-in { max-width: 22rem; }
        .sign-in form label, .reply label { display: block; margin: .6rem 0; }
        input, select, textarea, button { font: inherit; padding: .35rem .5rem; border: 1px solid var(--line); border-radius: 4px; }
        textarea { width: 100%; }
        button { background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer; }
        :focus-visible { outline: 3px solid #ffbf47; outline-offset: 1px; }
        .error { color: var(--late); }
        .filters { display: flex; flex-wrap: wrap; gap: .75rem; align-items: end; margin-bottom: 1rem; }
        table.conversations { width: 100%; border-collapse: collapse; background: #fff; }
        table.conversations th, table.conversations td { text-align: left; padding: .45rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        table.conversations tr.selected { background: #eef3ff; }
        tr.unread td { font-weight: 700; }
        header.top form.language { margin-left: 0; }
        .preview { color: var(--muted); max-width: 28rem; overflow-wrap: anywhere; }
        .deadline { font-variant-numeric: tabular-nums; font-weight: 600; }
        .deadline.ok { color: var(--ok); } .deadline.soon { color: var(--soon); } .deadline.late { color: var(--late); } .deadline.none { color: var(--muted); font-weight: 400; }
        .counter { font-size: .85rem; font-weight: 400; color: var(--late); margin-left: .5rem; }
        .platform { font-size: .8rem; padding: .05rem .4rem; border: 1px solid var(--line); border-radius: 999px; color: var(--muted); }
        ol.thread { list-style: none; padding: 0; }
        .message { max-width: 40rem; margin: .5rem 0; padding: .5rem .75rem; border-radius: 8px; background: #fff; border: 1px solid var(--line); }
        .message.outbound { margin-left: auto; background: #eef3ff; }
        .message.note { background: #fff8e1; }
        .message .meta { font-size: .8rem; color: var(--muted); }
        .message .text { margin: .25rem 0 0; white-space: pre-wrap; overflow-wrap: anywhere; }
        aside.actions { display: flex; flex-wrap: wrap; gap: .5rem 1rem; margin: .5rem 0 1rem; }
        aside.actions form { display: flex; gap: .3rem; align-items: end; }
        form.retry { margin-top: .25rem; }
        aside.buyer { float: right; width: 16rem; margin-left: 1rem; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: .5rem .75rem; font-size: .9rem; }
        aside.buyer h2 { font-size: 1rem; margin: .2rem 0; } aside.buyer h3 { font-size: .9rem; margin: .6rem 0 .2rem; }
        aside.buyer ul { padding-left: 1rem; margin: 0; }
        @media (max-width: 900px) { aside.buyer { float: none; width: auto; margin: 0 0 1rem; } }
        dialog#help { border: 1px solid var(--line); border-radius: 8px; }
        img.attachment { max-width: 16rem; max-height: 16rem; border-radius: 6px; }
        .findings.block { border-left: 4px solid var(--late); padding: .3rem .6rem; background: #fdecea; }
        .findings.warn { border-left: 4px solid var(--soon); padding: .3rem .6rem; background: #fff4e5; }
        .findings mark { background: #ffd8d6; }
        .draft { position: relative; }
        /* Beside the buyer's sidebar, not under it: the draft's highlight layer is opaque. */
        form.reply { display: flow-root; }
        .draft textarea, .draft .highlights { font: inherit; line-height: 1.45; padding: .35rem .5rem; border: 1px solid var(--line); border-radius: 4px; width: 100%; margin: 0; }
        .draft textarea { position: relative; background: transparent; display: block; }
        .draft .highlights { position: absolute; inset: 0; color: transparent; background: #fff; white-space: pre-wrap; overflow-wrap: anywhere; overflow: hidden; pointer-events: none; border-color: transparent; }
        .draft .highlights mark { color: transparent; background: #ffd8d6; border-radius: 2px; }
        .draft .highlights mark.warn { background: #ffe3b3; }
        img.attachment.sticker { max-width: 6rem; max-height: 6rem; }
        .dashboard section.metric { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: .5rem 1rem; margin-bottom: 1rem; }
        .dashboard h2 { font-size: 1rem; }
        svg.chart { width: 100%; max-width: 560px; height: auto; }
        svg.chart .rate-line { fill: none; stroke: var(--accent); stroke-width: 2; }
        svg.chart .threshold { stroke: var(--late); stroke-dasharray: 4 3; }
        svg.chart .axis { font-size: 10px; fill: var(--muted); }
        svg.chart .bar { fill: var(--accent); opacity: .8; }
        .rate.ok { color: var(--ok); } .rate.warning { color: var(--soon); } .rate.breach { color: var(--late); }
        select, input, textarea, img, svg { max-width: 100%; }
        h1, h2, h3, p, li, dd, label, th, td, button, .counter { overflow-wrap: break-word; }
        header.top nav { display: flex; flex-wrap: wrap; gap: .2rem .8rem; }
        kbd { font: .85em ui-monospace, monospace; padding: 0 .3rem; border: 1px solid var(--line); border-radius: 3px; background: #fff; }
        .agents-table td.agent-actions form { display: inline-block; margin: 0 .3rem .2rem 0; }
        .catalog-table td.count { font-variant-numeric: tabular-nums; text-align: right; }
        .catalog-table tr.refused td { background: #fdecea; }
        .catalog-table .stock-count input { width: 6rem; }
        .listing { white-space: nowrap; }
        .badge { font-size: .8em; padding: 0 .35rem; border-radius: 3px; white-space: nowrap; }
        .badge.low { background: #fff4e5; color: var(--soon); }
        .badge.out { background: #fdecea; color: var(--late); }
        .listing.pending em { color: var(--muted, #666); }
        .listing.stale, .listing.failing { background: #fff4e5; }
        .listing.failing em { color: #b3261e; }
        .agents-table tr.inactive td { color: var(--muted); }
        .issued-code { border-left: 4px solid var(--ok); background: #eaf6ec; padding: .3rem .8rem; margin-bottom: 1rem; }
        .issued-code code { font-size: 1.4rem; letter-spacing: .1em; }
        .wa-templates .window-closed { border-left: 4px solid var(--soon); background: #fff4e5; padding: .3rem .6rem; }
        .wa-template form { display: flex; flex-wrap: wrap; gap: .3rem; align-items: center; }
        .wa-template .template-body { flex-basis: 100%; margin: .2rem 0; color: var(--muted); }
        p.deadline-rule { color: var(--muted); margin: .2rem 0 .6rem; }
        .orders-table td.count, .order-lines td.count { font-variant-numeric: tabular-nums; text-align: right; }
        .orders-table .line { white-space: nowrap; }
        .order-status { font-weight: 600; }
        .order-status.cancelled, .order-status.returned, .order-status.refunded { color: var(--muted); }
        .dispatch-risk, .oversold { border-left: 4px solid var(--soon); padding-left: .6rem; }
        .oversold { border-left-color: var(--late); }
        .order-facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem .8rem; }
        .order-facts dd { margin: 0; }
        .order-actions form { display: inline-flex; flex-wrap: wrap; gap: .3rem; align-items: center; margin: .3rem .6rem .3rem 0; }
        ul.buyer-orders, .buyer-orders ul { padding-left: 1rem; }
        @media (max-width: 600px) {
          header.top { flex-wrap: wrap; gap: .4rem .8rem; padding: .4rem .5rem; }
          main { margin-top: .5rem; padding: 0 .5rem; }
          .filters { gap: .4rem .6rem; }
          table.conversations thead { display: none; }
          table.conversations, table.conversations tbody, table.conversations tr, table.conversations td { display: block; }
          table.conversations tr { display: flex; flex-wrap: wrap; align-items: baseline; gap: .2rem .6rem; padding: .45rem .6rem; border-bottom: 1px solid var(--line); }
          table.conversations th, table.conversations td { padding: 0; border: 0; }
          table.conversations td.preview { flex-basis: 100%; max-width: none; }
          aside.actions form { flex-wrap: wrap; }
          table.agents-table thead, table.catalog-table thead, table.orders-table thead { display: none; }
          table.agents-table, table.agents-table tbody, table.agents-table tr, table.agents-table td,
          table.catalog-table, table.catalog-table tbody, table.catalog-table tr, table.catalog-table td,
          table.orders-table, table.orders-table tbody, table.orders-table tr, table.orders-table td { display: block; }
          table.agents-table tr, table.catalog-table tr, table.orders-table tr { padding: .45rem .6rem; border-bottom: 1px solid var(--line); }
          table.agents-table td, table.catalog-table td, table.orders-table td { padding: 0; border: 0; }
          .orders-table td.count { text-align: left; }
          .message { max-width: 100%; }
        }
        """

    static let javascript = """
        "use strict";
        (function () {
          // The page's words for what this script writes, from the server's catalog in the page's language
          // (the <body>'s data-text-… attributes): "{hours} h {minutes} min" and the like, filled in here.
          var words = document.body.dataset;
          function fill(template, values) {
            return String(template || "").replace(/\\{(\\w+)\\}/g, function (all, name) { return name in values ? String(values[name]) : all; });
          }

          // Countdowns: every second, each deadline shows the time left and its colour (amber once at risk).
          function tick() {
            var now = Date.now();
            document.querySelectorAll("time.deadline[data-deadline]").forEach(function (el) {
              var left = Math.floor((Number(el.dataset.deadline) - now) / 1000);
              el.classList.remove("ok", "soon", "late");
              if (left < 0) { el.classList.add("late"); el.textContent = words.textOverdue; return; }
              el.classList.add(left < Number(el.dataset.soon || 7200) ? "soon" : "ok");
              var h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
              el.textContent = h > 0 ? fill(words.textHoursMinutes, { hours: h, minutes: m })
                : fill(words.textMinutesSeconds, { minutes: m, seconds: s });
            });
          }
          setInterval(tick, 1000);

          // Keyboard: j/k move through the inbox, Enter opens, / searches, r replies.
          var rows = Array.prototype.slice.call(document.querySelectorAll("table.conversations tbody tr"));
          var selected = -1;
          function select(index) {
            if (!rows.length) { return; }
            if (selected >= 0) { rows[selected].classList.remove("selected"); }
            selected = Math.max(0, Math.min(rows.length - 1, index));
            rows[selected].classList.add("selected");
            rows[selected].querySelector("a").focus();
          }
          document.addEventListener("keydown", function (event) {
            var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName);
            if (typing || event.ctrlKey || event.metaKey || event.altKey) { return; }
            if (event.key === "j") { select(selected + 1); event.preventDefault(); }
            else if (event.key === "k") { select(selected - 1); event.preventDefault(); }
            else if (event.key === "/") { var search = document.getElementById("search"); if (search) { search.focus(); event.preventDefault(); } }
            else if (event.key === "r") { var reply = document.getElementById("reply-text"); if (reply) { reply.focus(); event.preventDefault(); } }
            else if (event.key === "e") { var resolve = document.getElementById("resolve-form"); if (resolve) { resolve.submit(); event.preventDefault(); } }
            else if (event.key === "?") { var help = document.getElementById("help"); if (help && help.showModal) { help.showModal(); event.preventDefault(); } }
          });

          // Realtime: the server says what changed; the page re-reads that part (rendered and escaped on
          // the server), and re-reads everything after a dropped connection.
          var inboxRows = document.getElementById("inbox-rows");
          var thread = document.getElementById("thread");
          var catalogRows = document.getElementById("catalog-rows");
          var skuStock = document.getElementById("sku-stock");
          var catalogMain = document.querySelector("main.catalog");
          var conversationMain = document.querySelector("main.conversation");
          var buyerOrders = document.getElementById("buyer-orders");
          var due = {};
          // Bursts of changes (a livestream) become one re-read per quarter second.
          function refresh(part) {
            if (due[part]) { return; }
            due[part] = setTimeout(function () { due[part] = null; reread(part); }, 250);
          }
          function reread(part) {
            var url = part === "inbox" ? "/partials/inbox" + location.search
              : part === "catalog" ? "/partials/catalog"
              : part === "sku" ? "/partials/catalog/" + encodeURIComponent(catalogMain.dataset.sku)
              : part === "orders" ? "/partials/conversations/" + encodeURIComponent(conversationMain.dataset.conversation) + "/orders"
              : "/partials/conversations/" + encodeURIComponent(conversationMain.dataset.conversation) + "/thread";
            fetch(url, { credentials: "same-origin" }).then(function (response) {
              if (!response.ok) { return null; }
              var risk = response.headers.get("X-At-Risk");
              if (risk !== null && document.getElementById("at-risk")) { document.getElementById("at-risk").textContent = risk; }
              var unread = response.headers.get("X-Unread");
              if (unread !== null && document.getElementById("unread")) { document.getElementById("unread").textContent = unread; }
              return response.text();
            }).then(function (html) {
              if (html === null) { return; }
              if (part === "catalog") {
                // A count being typed is not overwritten.
                if (!catalogRows.contains(document.activeElement)) { catalogRows.innerHTML = html; }
                return;
              }
              if (part === "sku") { skuStock.innerHTML = html; return; }
              if (part === "orders") { buyerOrders.innerHTML = html; tick(); return; }
              if (part === "inbox") {
                inboxRows.innerHTML = html;
                rows = Array.prototype.slice.call(inboxRows.querySelectorAll("tr[data-conversation]"));
                selected = -1;
              } else {
                thread.innerHTML = html;
              }
              tick();
            }).catch(function () {});
          }
          // A catalog file chosen for import is read into the form's text box, which is what is sent.
          document.querySelectorAll("input.csv-file").forEach(function (input) {
            input.addEventListener("change", function () {
              var file = input.files && input.files[0], box = input.form.querySelector("textarea[name='csv']");
              if (!file || !box || !window.FileReader) { return; }
              var reader = new FileReader();
              reader.onload = function () { box.value = reader.result; };
              reader.readAsText(file);
            });
          });

          // A count saved on a catalog page goes without leaving the page; the rows are re-read, and the
          // platforms' acknowledgements follow as they come. A refused count falls back to the form's own
          // post, whose answer shows the error.
          document.addEventListener("submit", function (event) {
            var form = event.target;
            if (!form.classList || !form.classList.contains("stock-count") || !window.fetch) { return; }
            event.preventDefault();
            fetch(form.action, { method: "POST", credentials: "same-origin", body: new URLSearchParams(new FormData(form)) })
              .then(function (response) {
                if (!response.ok) { form.submit(); return; }
                if (document.activeElement) { document.activeElement.blur(); }
                refresh(catalogRows ? "catalog" : "sku");
              }).catch(function () { form.submit(); });
          });
          if ((catalogRows || skuStock) && window.EventSource) {
            var stockSource = new EventSource("/events");
            var part = catalogRows ? "catalog" : "sku";
            stockSource.addEventListener("stock", function (event) {
              if (catalogRows || !event.data || event.data === catalogMain.dataset.sku) { refresh(part); }
            });
            stockSource.addEventListener("open", function () { refresh(part); });
          }
          if ((inboxRows || thread) && window.EventSource) {
            var source = new EventSource("/events");
            source.addEventListener("conversation", function (event) {
              if (inboxRows) { refresh("inbox"); }
              else if (conversationMain && event.data === conversationMain.dataset.conversation) { refresh("thread"); }
            });
            source.addEventListener("alert", function () { if (inboxRows) { refresh("inbox"); } });
            // An order changed: the buyer's orders beside the conversation are read again.
            source.addEventListener("order", function () { if (buyerOrders) { refresh("orders"); } });
            // Whenever the stream (re)opens, re-read: changes made between the page's rendering and the
            // subscription, or while the connection was down, are not sent again.
            source.addEventListener("open", function () {
              refresh(inboxRows ? "inbox" : "thread");
              if (buyerOrders) { refresh("orders"); }
            });
          }

          // The live compliance check as the agent types: findings listed and the flagged words shown.
          var main = conversationMain;
          var box = document.getElementById("reply-text");
          var out = document.getElementById("live-findings");
          if (!main || !box || !out) { return; }
          var timer = null, sequence = 0;
          // The draft itself, with each finding marked where it is, drawn behind the transparent text box.
          var highlights = document.getElementById("reply-highlights");
          function mark(result, text) {
            if (!highlights) { return; }
            highlights.textContent = "";
            var scalars = Array.from(text), at = 0;
            var spans = (result && result.findings || []).filter(function (f) { return f.end - f.start < scalars.length; })
              .sort(function (a, b) { return a.start - b.start; });
            spans.forEach(function (finding) {
              if (finding.start < at) { return; }
              highlights.appendChild(document.createTextNode(scalars.slice(at, finding.start).join("")));
              var span = document.createElement("mark");
              span.className = finding.severity;
              span.textContent = scalars.slice(finding.start, finding.end).join("");
              highlights.appendChild(span);
              at = finding.end;
            });
            highlights.appendChild(document.createTextNode(scalars.slice(at).join("") + "\\n"));
            highlights.scrollTop = box.scrollTop;
          }
          box.addEventListener("scroll", function () { if (highlights) { highlights.scrollTop = box.scrollTop; } });
          function show(result, text) {
            mark(result, text);
            out.textContent = "";
            out.className = "findings" + (result.verdict === "ok" ? "" : " " + result.verdict);
            if (!result.findings || !result.findings.length) { return; }
            var list = document.createElement("ul");
            var scalars = Array.from(text);
            result.findings.forEach(function (finding) {
              var item = document.createElement("li");
              var words = scalars.slice(finding.start, finding.end).join("");
              if (words && words.length < text.length) {
                var mark = document.createElement("mark");
                mark.textContent = words;
                item.appendChild(mark);
                item.appendChild(document.createTextNode(" "));
              }
              item.appendChild(document.createTextNode(finding.explanation));
              list.appendChild(item);
            });
            out.appendChild(list);
          }
          // A template, filled in for this conversation, goes into the reply box and is checked like typing.
          var picker = document.getElementById("template");
          if (picker) {
            picker.addEventListener("change", function () {
              if (!picker.value) { return; }
              fetch("/conversations/" + encodeURIComponent(main.dataset.conversation) + "/template?name=" + encodeURIComponent(picker.value),
                    { credentials: "same-origin" })
                .then(function (response) { return response.ok ? response.text() : null; })
                .then(function (filled) {
                  if (filled === null) { return; }
                  box.value = filled;
                  box.dispatchEvent(new Event("input"));
                  box.focus();
                }).catch(function () {});
            });
          }
          box.addEventListener("input", function () {
            clearTimeout(timer);
            timer = setTimeout(function () {
              var text = box.value, mine = ++sequence;
              if (!text.trim()) { out.textContent = ""; out.className = "findings"; mark(null, text); return; }
              fetch("/api/v1/compliance/check", {
                method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" },
                body: JSON.stringify({ conversation_id: main.dataset.conversation, text: text, ui_language: main.dataset.language })
              }).then(function (response) { return response.ok ? response.json() : null; })
                .then(function (result) { if (result && mine === sequence) { show(result, text); } })
                .catch(function () {});
            }, 250);
          });
        })();
        """
}
