/**
 * What real Slack refuses, checked by the fake on every payload: Block Kit's documented limits
 * from adapters/slack/limits.ts, answered with Slack's own error names (`invalid_blocks`,
 * `msg_too_long`, `msg_blocks_too_long`, `invalid_arguments` for views). Text holding half an
 * emoji (a lone surrogate) is refused too: Slack would show it as a broken character, and a cut
 * in the middle of an emoji is always our bug.
 */
import { blockTextLength, SLACK_LIMITS as L, SLACK_LIMIT_ERRORS } from '../../adapters/slack/limits.js';

type Body = Record<string, unknown>;

/** Why a payload is refused: Slack's error name and, for the test's eyes, what broke. */
export interface SlackRefusal {
  error: string;
  why: string;
}

class Refused extends Error {
  constructor(readonly why: string) {
    super(why);
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function fail(why: string): never {
  throw new Refused(why);
}

function isObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: unknown, what: string): Body[] {
  if (!Array.isArray(value)) fail(`${what} must be an array`);
  return value.map((item, index) => (isObject(item) ? item : fail(`${what}[${index}] must be an object`)));
}

/** A text object: `{type: 'plain_text' | 'mrkdwn', text}` with 1..max characters. */
function textObject(value: unknown, max: number, what: string, plainOnly = false): void {
  if (!isObject(value)) fail(`${what} must be a text object`);
  if (value.type !== 'plain_text' && (plainOnly || value.type !== 'mrkdwn'))
    fail(`${what} must be ${plainOnly ? 'plain_text' : 'a text object'}`);
  const text = value.text;
  if (typeof text !== 'string' || text.length === 0) fail(`${what}.text must not be empty`);
  if (text.length > max) fail(`${what}.text is ${text.length} characters; the limit is ${max}`);
}

function maxLength(value: unknown, max: number, what: string): void {
  if (value === undefined) return;
  if (typeof value !== 'string' || value.length === 0) fail(`${what} must be a non-empty string`);
  if (value.length > max) fail(`${what} is ${value.length} characters; the limit is ${max}`);
}

function option(value: Body, what: string): void {
  textObject(value.text, L.optionText.value, `${what}.text`, true);
  maxLength(value.value, L.optionValue.value, `${what}.value`);
  if (value.description !== undefined)
    textObject(value.description, L.optionText.value, `${what}.description`, true);
}

function element(value: Body, what: string): void {
  maxLength(value.action_id, L.actionId.value, `${what}.action_id`);
  switch (value.type) {
    case 'button':
      textObject(value.text, L.buttonText.value, `${what}.text`, true);
      maxLength(value.value, L.buttonValue.value, `${what}.value`);
      return;
    case 'static_select': {
      const options = list(value.options, `${what}.options`);
      if (options.length < L.selectOptionsMin.value || options.length > L.selectOptionsMax.value)
        fail(`${what} has ${options.length} options; 1..${L.selectOptionsMax.value} are allowed`);
      for (const [i, o] of options.entries()) option(o, `${what}.options[${i}]`);
      if (value.placeholder !== undefined)
        textObject(value.placeholder, L.placeholder.value, `${what}.placeholder`, true);
      if (
        isObject(value.initial_option) &&
        !options.some((o) => o.value === (value.initial_option as Body).value)
      )
        fail(`${what}.initial_option is not one of its options`);
      return;
    }
    case 'plain_text_input': {
      const max = value.max_length ?? L.inputMaxLength.value;
      if (typeof max !== 'number' || max < 1 || max > L.inputMaxLength.value)
        fail(`${what}.max_length must be 1..${L.inputMaxLength.value}`);
      if (value.initial_value !== undefined) maxLength(value.initial_value, max, `${what}.initial_value`);
      if (value.placeholder !== undefined)
        textObject(value.placeholder, L.placeholder.value, `${what}.placeholder`, true);
      return;
    }
    default:
      fail(`${what} has an element type the fake does not know: ${String(value.type)}`);
  }
}

function block(value: Body, what: string, inView: boolean): void {
  maxLength(value.block_id, L.blockId.value, `${what}.block_id`);
  switch (value.type) {
    case 'header':
      textObject(value.text, L.headerText.value, `${what}.text`, true);
      return;
    case 'section': {
      if (value.text === undefined && value.fields === undefined) fail(`${what} needs text or fields`);
      if (value.text !== undefined) textObject(value.text, L.sectionText.value, `${what}.text`);
      if (value.fields !== undefined) {
        const fields = list(value.fields, `${what}.fields`);
        if (fields.length === 0 || fields.length > L.sectionFields.value)
          fail(`${what} has ${fields.length} fields; 1..${L.sectionFields.value} are allowed`);
        for (const [i, f] of fields.entries())
          textObject(f, L.sectionFieldText.value, `${what}.fields[${i}]`);
      }
      return;
    }
    case 'context': {
      const elements = list(value.elements, `${what}.elements`);
      if (elements.length === 0 || elements.length > L.contextElements.value)
        fail(`${what} has ${elements.length} elements; 1..${L.contextElements.value} are allowed`);
      for (const [i, e] of elements.entries()) {
        if (e.type !== 'image') textObject(e, L.contextText.value, `${what}.elements[${i}]`);
      }
      return;
    }
    case 'actions': {
      const elements = list(value.elements, `${what}.elements`);
      if (elements.length === 0 || elements.length > L.actionsElements.value)
        fail(`${what} has ${elements.length} elements; 1..${L.actionsElements.value} are allowed`);
      const ids = new Set<string>();
      for (const [i, e] of elements.entries()) {
        element(e, `${what}.elements[${i}]`);
        const id = String(e.action_id ?? '');
        if (id && ids.has(id)) fail(`${what}: action_id ${id} repeats within the block`);
        ids.add(id);
      }
      return;
    }
    case 'input': {
      if (!inView) fail(`${what}: input blocks belong in views`);
      textObject(value.label, L.inputLabel.value, `${what}.label`, true);
      if (!isObject(value.element)) fail(`${what}.element is missing`);
      element(value.element, `${what}.element`);
      return;
    }
    case 'divider':
    case 'image':
      return;
    default:
      fail(`${what} has a block type the fake does not know: ${String(value.type)}`);
  }
}

function blocks(value: unknown, max: number, inView: boolean): Body[] {
  const all = list(value, 'blocks');
  if (all.length > max) fail(`${all.length} blocks; the limit is ${max}`);
  for (const [i, b] of all.entries()) block(b, `blocks[${i}]`, inView);
  return all;
}

function holdsLoneSurrogate(value: unknown): boolean {
  if (typeof value === 'string') return LONE_SURROGATE.test(value);
  if (Array.isArray(value)) return value.some(holdsLoneSurrogate);
  if (isObject(value)) return Object.values(value).some(holdsLoneSurrogate);
  return false;
}

/** Why Slack would refuse this message body (chat.postMessage, chat.update, a response_url…). */
export function refuseMessage(body: Body): SlackRefusal | undefined {
  const text = body.text;
  if (typeof text === 'string' && text.length > L.messageText.value)
    return { error: SLACK_LIMIT_ERRORS.messageTooLong, why: `text is ${text.length} characters` };
  if (holdsLoneSurrogate(text) || holdsLoneSurrogate(body.blocks))
    return { error: SLACK_LIMIT_ERRORS.invalidBlocks, why: 'half an emoji (a lone surrogate)' };
  if (body.blocks === undefined) return undefined;
  try {
    const all = blocks(body.blocks, L.blocksPerMessage.value, false);
    const total = blockTextLength(all);
    if (total > L.blockTextTotal.value)
      return { error: SLACK_LIMIT_ERRORS.blocksTooLong, why: `blocks hold ${total} characters of text` };
  } catch (error) {
    if (error instanceof Refused) return { error: SLACK_LIMIT_ERRORS.invalidBlocks, why: error.why };
    throw error;
  }
  return undefined;
}

/** Why Slack would refuse this view (views.open, views.update, views.push, views.publish). */
export function refuseView(view: unknown): SlackRefusal | undefined {
  try {
    if (!isObject(view)) fail('view must be an object');
    if (holdsLoneSurrogate(view)) fail('half an emoji (a lone surrogate)');
    blocks(view.blocks, L.blocksPerView.value, true);
    if (view.type === 'modal') {
      textObject(view.title, L.modalTitle.value, 'title', true);
      if (view.submit !== undefined) textObject(view.submit, L.modalSubmit.value, 'submit', true);
      if (view.close !== undefined) textObject(view.close, L.modalClose.value, 'close', true);
      maxLength(view.callback_id, L.callbackId.value, 'callback_id');
    }
    if (typeof view.private_metadata === 'string' && view.private_metadata.length > L.privateMetadata.value)
      fail(`private_metadata is ${view.private_metadata.length} characters`);
  } catch (error) {
    if (error instanceof Refused) return { error: SLACK_LIMIT_ERRORS.invalidArguments, why: error.why };
    throw error;
  }
  return undefined;
}
