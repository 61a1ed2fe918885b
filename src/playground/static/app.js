// The playground page: pick who you are, see that person's DMs and the board channel as Slack (Block Kit) or
// Teams (Adaptive Cards, rendered by Microsoft's adaptivecards library) would show them, and click. Every click
// goes to the server, which parses it as the platform adapter would and calls the same services.
(() => {
  const $ = (s) => document.querySelector(s);
  const params = new URLSearchParams(location.search);
  let as = params.get("as") || localStorage.getItem("rt-as") || "";
  let platform = params.get("view") || localStorage.getItem("rt-view") || "slack";
  let state = null;
  let busy = 0;

  async function api(path, body) {
    busy++;
    document.body.classList.add("busy");
    try {
      const res = await fetch(
        path,
        body ? { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) } : {},
      );
      const json = await res.json();
      if (!res.ok) throw new Error(json.error || res.statusText);
      return json;
    } finally {
      if (--busy === 0) document.body.classList.remove("busy");
    }
  }

  function toast(text, kind = "info") {
    const t = $("#toast");
    t.textContent = text;
    t.className = `toast ${kind}`;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => (t.className = "toast"), 6000);
  }
  const fail = (e) => toast(e.message, "error");

  // ---- Adaptive Cards (Microsoft's renderer) ----
  const AC = window.AdaptiveCards;
  AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
    const esc = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    result.outputHtml = esc
      .replace(/\*\*([^*]+)\*\*/g, "<b>$1</b>")
      .replace(/(^|\s)_([^_]+)_(?=\s|$)/g, "$1<i>$2</i>")
      .replace(/\[([^\]]+)\]\((https?:[^)\s]+)\)/g, '<a href="$2" target="_blank" rel="noopener">$1</a>')
      .replace(/\n/g, "<br>");
    result.didProcess = true;
  };

  // adaptivecards 3.0.6 treats an empty optional Input.Number with min/max as invalid (valueAsNumber is NaN), so
  // "Add detail" could never be saved without a % complete. Empty means "not given", as the server reads it.
  const numberIsValid = AC.NumberInput.prototype.isValid;
  AC.NumberInput.prototype.isValid = function () {
    return Number.isNaN(this.value) ? !this.isRequired : numberIsValid.call(this);
  };

  function adaptive(json, messageId) {
    const card = new AC.AdaptiveCard();
    card.hostConfig = new AC.HostConfig({ fontFamily: "Segoe UI, Helvetica Neue, sans-serif", supportsInteractivity: true });
    card.onExecuteAction = (action) => {
      if (!(action instanceof AC.ExecuteAction)) return;
      api("/api/teams/execute", { as, messageId, verb: action.verb, data: action.data }).then(() => refresh(), fail);
    };
    card.parse(json);
    return card.render();
  }

  // ---- Slack ----
  function slackAction(messageId) {
    return (a) =>
      api("/api/slack/action", { as, messageId, ...a })
        .then((r) => {
          if (r.modal) openModal(r.modal);
          return refresh();
        })
        .catch(fail);
  }

  function openModal(view) {
    const dlg = $("#modal");
    const readers = {};
    $("#modal-title").textContent = view.title?.text ?? "";
    const body = $("#modal-body");
    body.replaceChildren(window.BlockKit.render(view.blocks, () => {}, readers));
    $("#modal-submit").textContent = view.submit?.text ?? "Submit";
    $("#modal-submit").onclick = async () => {
      const values = {};
      for (const [blockId, byAction] of Object.entries(readers)) {
        values[blockId] = {};
        for (const [actionId, read] of Object.entries(byAction)) values[blockId][actionId] = read();
      }
      try {
        const r = await api("/api/slack/view", { as, viewId: view.id, privateMetadata: view.private_metadata, values });
        for (const e of body.querySelectorAll(".sk-error")) e.textContent = "";
        if (r.errors) {
          for (const [blockId, text] of Object.entries(r.errors)) {
            const box = body.querySelector(`[data-block-id="${CSS.escape(blockId)}"] .sk-error`);
            if (box) box.textContent = text;
          }
          return;
        }
        dlg.close();
        await refresh();
      } catch (e) {
        fail(e);
      }
    };
    $("#modal-cancel").onclick = () => dlg.close();
    dlg.showModal();
  }

  // ---- messages ----
  function messageNode(m) {
    const node = document.createElement("article");
    node.className = `msg ${platform}`;
    node.dataset.id = m.id;
    node.dataset.rev = `${platform}:${m.rev}:${m.slack.notice ?? ""}`;
    const when = new Date(m.at).toLocaleString("en-GB", {
      weekday: "short",
      day: "numeric",
      month: "short",
      hour: "2-digit",
      minute: "2-digit",
      timeZone: "Europe/London",
    });
    if (m.asked) {
      const q = document.createElement("p");
      q.className = "asked";
      q.textContent = `You: ${m.asked}`;
      node.append(q);
    }
    const head = document.createElement("header");
    head.innerHTML = `<span class="avatar">r</span><b>ragtime</b> <span class="app">APP</span> <time></time>`;
    head.querySelector("time").textContent = when;
    node.append(head);
    const body = document.createElement("div");
    body.className = "body";
    if (platform === "slack") {
      body.append(window.BlockKit.render(m.slack.blocks, slackAction(m.id)));
      if (m.slack.notice) {
        const n = document.createElement("div");
        n.className = "ephemeral";
        n.innerHTML = "<small>Only visible to you</small> ";
        n.append(document.createTextNode(m.slack.notice));
        body.append(n);
      }
      if (m.slack.thread.length)
        body.append(
          thread(m.slack.thread.length, (box) => {
            for (const t of m.slack.thread) {
              if (t.blocks) box.append(window.BlockKit.render(t.blocks, slackAction(m.id)));
              if (t.file)
                box.append(
                  Object.assign(document.createElement("img"), { src: t.file.src, alt: t.file.alt, title: t.file.name, className: "file" }),
                );
            }
          }),
        );
    } else {
      body.append(adaptive(m.teams.card, m.id));
      if (m.teams.thread.length)
        body.append(
          thread(m.teams.thread.length, (box) => {
            for (const c of m.teams.thread) box.append(adaptive(c, m.id));
          }),
        );
    }
    node.append(body);
    return node;
  }

  function thread(n, fill) {
    const d = document.createElement("details");
    d.className = "thread";
    d.innerHTML = `<summary>${n} ${n === 1 ? "reply" : "replies"} in the thread</summary>`;
    const box = document.createElement("div");
    fill(box);
    d.append(box);
    return d;
  }

  /** Updates a list in place: unchanged messages keep their DOM (and anything typed into them). */
  function syncList(list, messages, empty) {
    const keep = new Map([...list.querySelectorAll(":scope > .msg")].map((n) => [n.dataset.id, n]));
    const wanted = [];
    for (const m of messages) {
      const old = keep.get(m.id);
      const rev = `${platform}:${m.rev}:${m.slack.notice ?? ""}`;
      wanted.push(old && old.dataset.rev === rev ? old : messageNode(m));
    }
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    list.replaceChildren(
      ...(wanted.length ? wanted : [Object.assign(document.createElement("p"), { className: "empty", textContent: empty })]),
    );
    if (atBottom || !syncList.done) list.scrollTop = list.scrollHeight;
  }

  function roles(p) {
    const r = [];
    if (p.chairs) r.push("board chair");
    if (p.admin) r.push("plan officer");
    if (p.leads) r.push(`leads ${p.leads}`);
    if (p.owns) r.push(`owns ${p.owns} open`);
    return r.join(", ");
  }

  function render() {
    if (!state) return;
    as = state.as || "";
    if (as) localStorage.setItem("rt-as", as);
    const sel = $("#as");
    const people = [...state.people].sort(
      (a, b) =>
        b.chairs - a.chairs || Number(b.admin) - Number(a.admin) || b.leads - a.leads || b.dms - a.dms || a.name.localeCompare(b.name),
    );
    const opts = people.map((p) => {
      const o = document.createElement("option");
      o.value = p.id;
      o.textContent = `${p.name} — ${roles(p) || "no items"}${p.dms ? ` · ${p.dms} message${p.dms === 1 ? "" : "s"}` : ""}`;
      o.selected = p.id === as;
      return o;
    });
    if (sel.dataset.sig !== JSON.stringify([as, opts.map((o) => o.textContent)])) {
      sel.replaceChildren(...opts);
      sel.dataset.sig = JSON.stringify([as, opts.map((o) => o.textContent)]);
    }
    const me = state.people.find((p) => p.id === as);
    $("#now").textContent = new Date(state.now).toLocaleString("en-GB", {
      weekday: "long",
      day: "numeric",
      month: "long",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      timeZone: "Europe/London",
    });
    $("#dm-title").textContent = me ? `Direct messages: ragtime → ${me.name}` : "Direct messages";
    for (const b of document.querySelectorAll("[data-view]")) b.classList.toggle("on", b.dataset.view === platform);
    document.body.dataset.platform = platform;
    syncList($("#dms"), state.dms, "Nothing yet. Move the clock on, or ask a question below.");
    const board = state.boards[0];
    $("#board-title").textContent = board ? `# ${board.name.toLowerCase().replace(/\s+/g, "-")}` : "# no board";
    $("#meetings").textContent = board?.meetings.length ? `Board meetings: ${board.meetings.join(", ")}` : "";
    syncList($("#board"), board ? board.messages : [], "No digest yet: “Post digest now”, or wait for Monday 09:00.");
    syncList.done = true;
  }

  async function refresh() {
    try {
      state = await api(`/api/state?as=${encodeURIComponent(as)}`);
      render();
    } catch (e) {
      fail(e);
    }
  }

  $("#as").addEventListener("change", (e) => {
    as = e.target.value;
    refresh();
  });
  for (const b of document.querySelectorAll("[data-view]"))
    b.addEventListener("click", () => {
      platform = b.dataset.view;
      localStorage.setItem("rt-view", platform);
      render();
    });
  for (const b of document.querySelectorAll("[data-clock]"))
    b.addEventListener("click", () =>
      api("/api/clock", { to: b.dataset.clock })
        .then((r) => {
          toast(`It is now ${new Date(r.now).toLocaleString("en-GB", { timeZone: "Europe/London" })}: ${r.arrived} new message(s).`);
          return refresh();
        })
        .catch(fail),
    );
  $("#digest").addEventListener("click", () =>
    api("/api/digest", { boardId: state?.boards[0]?.id })
      .then((r) => {
        if (r.note) toast(r.note);
        return refresh();
      })
      .catch(fail),
  );
  $("#ask").addEventListener("submit", (e) => {
    e.preventDefault();
    const q = $("#question");
    api("/api/ask", { as, text: q.value })
      .then(() => {
        q.value = "";
        return refresh();
      })
      .catch(fail);
  });

  refresh();
  // new messages arrive from the scheduler too (every minute); the page looks every 3 s unless a form is open
  setInterval(() => {
    if (!busy && !$("#modal").open && !document.activeElement?.closest?.(".msg")) refresh();
  }, 3000);
})();
