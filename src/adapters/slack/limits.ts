// Slack's Block Kit limits (https://api.slack.com/reference/block-kit) and a checker used by the renderer's
// tests and, at runtime, before anything is posted: a card that would break a limit is split, never cut.
export const LIMITS = {
  messageBlocks: 50,
  modalBlocks: 100,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  optionText: 75,
  optionValue: 150,
  selectOptions: 100,
  radioOptions: 10,
  inputLabel: 2000,
  inputHint: 2000,
  plainTextInput: 3000,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  /** chat.postMessage `text` when blocks are present is only a notification fallback; keep it readable */
  fallbackText: 3000,
} as const;

/** A Block Kit block as JSON (typed loosely: we check it against the limits ourselves). */
export type SlackBlock = { type: string; block_id?: string } & Record<string, unknown>;

interface TextObj {
  type: string;
  text: string;
}

function textOf(t: unknown): string {
  return t && typeof t === "object" && "text" in t ? String((t as TextObj).text) : "";
}

/** Returns every limit the blocks break (empty = valid). `max` = 50 for messages, 100 for modals. */
export function blockKitProblems(blocks: SlackBlock[], max: number): string[] {
  const problems: string[] = [];
  if (blocks.length > max) problems.push(`${blocks.length} blocks (max ${max})`);
  const blockIds = new Set<string>();
  const actionIds = new Set<string>();
  const checkLen = (what: string, s: string, n: number) => {
    if (s.length > n) problems.push(`${what} has ${s.length} chars (max ${n})`);
  };
  const checkAction = (el: Record<string, unknown>, where: string) => {
    const id = el.action_id as string | undefined;
    if (id !== undefined) {
      checkLen(`${where} action_id`, id, LIMITS.actionId);
      if (actionIds.has(id)) problems.push(`duplicate action_id ${id}`);
      actionIds.add(id);
    }
    if (el.type === "button") {
      checkLen(`${where} button text`, textOf(el.text), LIMITS.buttonText);
      if (typeof el.value === "string") checkLen(`${where} button value`, el.value, LIMITS.buttonValue);
      if (typeof el.accessibility_label === "string") checkLen(`${where} accessibility_label`, el.accessibility_label, LIMITS.buttonText);
    }
    const options = el.options as { text: TextObj; value: string; description?: TextObj }[] | undefined;
    if (options) {
      const cap = el.type === "radio_buttons" ? LIMITS.radioOptions : LIMITS.selectOptions;
      if (options.length > cap) problems.push(`${where} has ${options.length} options (max ${cap})`);
      for (const o of options) {
        checkLen(`${where} option text`, textOf(o.text), LIMITS.optionText);
        checkLen(`${where} option value`, o.value, LIMITS.optionValue);
        if (o.description) checkLen(`${where} option description`, textOf(o.description), LIMITS.optionText);
      }
    }
  };
  blocks.forEach((b, i) => {
    const where = `block ${i} (${b.type})`;
    if (b.block_id !== undefined) {
      checkLen(`${where} block_id`, b.block_id, LIMITS.blockId);
      if (blockIds.has(b.block_id)) problems.push(`duplicate block_id ${b.block_id}`);
      blockIds.add(b.block_id);
    }
    switch (b.type) {
      case "header":
        checkLen(where, textOf(b.text), LIMITS.headerText);
        break;
      case "section": {
        if (b.text) checkLen(where, textOf(b.text), LIMITS.sectionText);
        const fields = (b.fields as TextObj[] | undefined) ?? [];
        if (fields.length > LIMITS.sectionFields) problems.push(`${where} has ${fields.length} fields (max ${LIMITS.sectionFields})`);
        for (const f of fields) checkLen(`${where} field`, f.text, LIMITS.fieldText);
        if (!b.text && fields.length === 0) problems.push(`${where} has neither text nor fields`);
        if (b.accessory) checkAction(b.accessory as Record<string, unknown>, where);
        break;
      }
      case "context": {
        const els = (b.elements as TextObj[]) ?? [];
        if (els.length === 0 || els.length > LIMITS.contextElements) problems.push(`${where} has ${els.length} elements`);
        for (const e of els) checkLen(where, e.text ?? "", LIMITS.contextText);
        break;
      }
      case "actions": {
        const els = (b.elements as Record<string, unknown>[]) ?? [];
        if (els.length === 0 || els.length > LIMITS.actionsElements) problems.push(`${where} has ${els.length} elements`);
        for (const e of els) checkAction(e, where);
        break;
      }
      case "input": {
        checkLen(`${where} label`, textOf(b.label), LIMITS.inputLabel);
        if (b.hint) checkLen(`${where} hint`, textOf(b.hint), LIMITS.inputHint);
        const el = b.element as Record<string, unknown>;
        checkAction(el, where);
        if (typeof el.max_length === "number" && el.max_length > LIMITS.plainTextInput)
          problems.push(`${where} max_length ${el.max_length} (max ${LIMITS.plainTextInput})`);
        break;
      }
      case "divider":
      case "image":
        break;
      default:
        problems.push(`${where}: unexpected block type`);
    }
  });
  return problems;
}
