// A small, faithful renderer of the Block Kit that ragtime sends (adapters/slack/render.ts): header, section
// (mrkdwn text and fields), context, divider, image, actions (buttons with style and confirm, static_select)
// and, in modals, input blocks (plain_text_input, radio_buttons, static_select, number_input, datepicker,
// url_text_input). Text is Slack mrkdwn: &amp; &lt; &gt; are entities, *bold*, _italic_, ~strike~, `code`,
// <url|label>, <@U…> mentions and :emoji: names. Anything else is shown as a visible "unsupported block"
// so a renderer gap can never hide content.
(() => {
  const EMOJI = { zzz: "💤", bar_chart: "📊", warning: "⚠️", white_check_mark: "✅", calendar: "📅", x: "❌" };

  const escapeHtml = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  const decode = (s) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

  function inline(text) {
    // text between Slack's <...> markup: decoded, then HTML-escaped, then formatted
    let h = escapeHtml(decode(text));
    h = h.replace(/`([^`\n]+)`/g, "<code>$1</code>");
    h = h.replace(/(^|[\s(>])\*([^*\n]+)\*(?=$|[\s).,!?:;<])/g, "$1<b>$2</b>");
    h = h.replace(/(^|[\s(>])_([^_\n]+)_(?=$|[\s).,!?:;<])/g, "$1<i>$2</i>");
    h = h.replace(/(^|[\s(>])~([^~\n]+)~(?=$|[\s).,!?:;<])/g, "$1<s>$2</s>");
    h = h.replace(/:([a-z0-9_+-]+):/g, (m, name) => EMOJI[name] ?? m);
    return h.replace(/\n/g, "<br>");
  }

  /** Slack mrkdwn -> HTML (safe: every piece of text is escaped). */
  function mrkdwn(text) {
    let out = "";
    let rest = String(text ?? "");
    const markup = /<([^<>]+)>/;
    for (let m = markup.exec(rest); m; m = markup.exec(rest)) {
      out += inline(rest.slice(0, m.index));
      const [target, label] = m[1].split("|");
      if (/^@[UW][A-Z0-9]+$/.test(target)) out += `<span class="sk-mention">@${escapeHtml(label ?? target.slice(1))}</span>`;
      else if (/^(https?:|mailto:)/.test(target))
        out += `<a href="${escapeHtml(target)}" target="_blank" rel="noopener">${inline(label ?? target)}</a>`;
      else out += escapeHtml(m[0]);
      rest = rest.slice(m.index + m[0].length);
    }
    return out + inline(rest);
  }

  const textOf = (t) => (!t ? "" : t.type === "mrkdwn" ? mrkdwn(t.text) : escapeHtml(t.text ?? "").replace(/\n/g, "<br>"));

  function el(tag, cls, html) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (html !== undefined) e.innerHTML = html;
    return e;
  }

  function button(b, block, on) {
    const e = el("button", `sk-btn${b.style ? ` sk-${b.style}` : ""}`, textOf(b.text));
    e.type = "button";
    e.dataset.actionId = b.action_id;
    if (b.accessibility_label) e.title = b.accessibility_label;
    e.addEventListener("click", () => {
      if (b.confirm && !window.confirm(`${b.confirm.title?.text ?? ""}\n\n${b.confirm.text?.text ?? ""}`)) return;
      on({ actionId: b.action_id, blockId: block.block_id, value: b.value });
    });
    return e;
  }

  function select(s, block, on, opts = {}) {
    const e = el("select", "sk-select");
    e.dataset.actionId = s.action_id;
    const ph = el("option", "", escapeHtml(s.placeholder?.text ?? "Choose…"));
    ph.value = "";
    e.append(ph);
    for (const o of s.options ?? []) {
      const opt = el("option", "", escapeHtml(o.text.text));
      opt.value = o.value;
      if (s.initial_option?.value === o.value) opt.selected = true;
      e.append(opt);
    }
    if (!opts.input) e.addEventListener("change", () => e.value && on({ actionId: s.action_id, blockId: block.block_id, value: e.value }));
    return e;
  }

  /** A modal input element; returns [node, read()] where read() gives Slack's view.state value for it. */
  function inputElement(x, block) {
    switch (x.type) {
      case "plain_text_input": {
        const e = el(x.multiline ? "textarea" : "input", "sk-input");
        if (x.max_length) e.maxLength = x.max_length;
        if (x.placeholder) e.placeholder = x.placeholder.text;
        e.value = x.initial_value ?? "";
        return [e, () => ({ type: x.type, value: e.value === "" ? null : e.value })];
      }
      case "url_text_input":
      case "number_input": {
        const e = el("input", "sk-input");
        e.type = x.type === "number_input" ? "number" : "url";
        if (x.min_value !== undefined) e.min = x.min_value;
        if (x.max_value !== undefined) e.max = x.max_value;
        e.value = x.initial_value ?? "";
        return [e, () => ({ type: x.type, value: e.value === "" ? null : e.value })];
      }
      case "datepicker": {
        const e = el("input", "sk-input");
        e.type = "date";
        e.value = x.initial_date ?? "";
        return [e, () => ({ type: x.type, selected_date: e.value || null })];
      }
      case "radio_buttons": {
        const box = el("div", "sk-radios");
        const name = `r-${block.block_id}-${Math.random().toString(36).slice(2)}`;
        for (const o of x.options ?? []) {
          const label = el("label", "sk-radio");
          const r = el("input");
          r.type = "radio";
          r.name = name;
          r.value = o.value;
          if (x.initial_option?.value === o.value) r.checked = true;
          label.append(r, el("span", "", `${textOf(o.text)}${o.description ? `<small>${textOf(o.description)}</small>` : ""}`));
          box.append(label);
        }
        const read = () => {
          const c = box.querySelector("input:checked");
          return { type: x.type, selected_option: c ? { value: c.value } : null };
        };
        return [box, read];
      }
      case "static_select": {
        const e = select(x, block, () => {}, { input: true });
        return [e, () => ({ type: x.type, selected_option: e.value ? { value: e.value } : null })];
      }
      default:
        return [el("div", "sk-unsupported", `unsupported input ${escapeHtml(String(x.type))}`), () => ({ type: x.type })];
    }
  }

  /**
   * Renders blocks into a container. on(action) is called for buttons and menus; inputs (modals) register a
   * reader in `state` so the modal can build view.state.values.
   */
  function render(blocks, on, state) {
    const root = el("div", "sk-blocks");
    for (const b of blocks ?? []) {
      const wrap = el("div", `sk-block sk-${b.type}`);
      if (b.block_id) wrap.dataset.blockId = b.block_id;
      switch (b.type) {
        case "header":
          wrap.innerHTML = textOf(b.text);
          break;
        case "section":
          if (b.text) wrap.append(el("div", "sk-text", textOf(b.text)));
          if (b.fields) {
            const grid = el("div", "sk-fields");
            for (const f of b.fields) grid.append(el("div", "sk-field", textOf(f)));
            wrap.append(grid);
          }
          break;
        case "context":
          for (const e of b.elements ?? [])
            wrap.append(e.type === "image" ? Object.assign(el("img"), { src: e.image_url, alt: e.alt_text }) : el("span", "", textOf(e)));
          break;
        case "divider":
          wrap.append(el("hr"));
          break;
        case "image":
          wrap.append(Object.assign(el("img"), { src: b.image_url, alt: b.alt_text ?? "" }));
          break;
        case "actions":
          for (const e of b.elements ?? [])
            wrap.append(
              e.type === "button"
                ? button(e, b, on)
                : e.type === "static_select"
                  ? select(e, b, on)
                  : el("span", "sk-unsupported", escapeHtml(e.type)),
            );
          break;
        case "input": {
          wrap.append(el("label", "sk-label", `${textOf(b.label)}${b.optional ? ' <span class="sk-optional">(optional)</span>' : ""}`));
          const [node, read] = inputElement(b.element, b);
          wrap.append(node);
          if (b.hint) wrap.append(el("div", "sk-hint", textOf(b.hint)));
          wrap.append(el("div", "sk-error"));
          if (state) state[b.block_id] = { [b.element.action_id]: read };
          break;
        }
        default:
          wrap.classList.add("sk-unsupported");
          wrap.textContent = `unsupported block: ${b.type}`;
      }
      root.append(wrap);
    }
    return root;
  }

  window.BlockKit = { render, mrkdwn };
})();
