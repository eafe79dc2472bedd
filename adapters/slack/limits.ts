/**
 * Slack's documented limits on what Hearken sends, as data: the renderer fits every payload inside
 * them and the test fake (test/kit/slack-api.ts) refuses any payload that breaks one, with the
 * error Slack gives. Each entry names the page that documents it.
 *
 * Lengths are counted in UTF-16 code units after escaping (`&lt;` is four), which is never less
 * than what Slack counts.
 */

const BLOCKS = 'https://docs.slack.dev/reference/block-kit/blocks';
const SECTION = 'https://docs.slack.dev/reference/block-kit/blocks/section-block';
const HEADER = 'https://docs.slack.dev/reference/block-kit/blocks/header-block';
const CONTEXT = 'https://docs.slack.dev/reference/block-kit/blocks/context-block';
const ACTIONS = 'https://docs.slack.dev/reference/block-kit/blocks/actions-block';
const INPUT = 'https://docs.slack.dev/reference/block-kit/blocks/input-block';
const MARKDOWN = 'https://docs.slack.dev/reference/block-kit/blocks/markdown-block';
const BUTTON = 'https://docs.slack.dev/reference/block-kit/block-elements/button-element';
const SELECT = 'https://docs.slack.dev/reference/block-kit/block-elements/select-menu-element';
const TEXT_INPUT = 'https://docs.slack.dev/reference/block-kit/block-elements/plain-text-input-element';
const OPTION = 'https://docs.slack.dev/reference/block-kit/composition-objects/option-object';
const TEXT_OBJECT = 'https://docs.slack.dev/reference/block-kit/composition-objects/text-object';
const VIEWS = 'https://docs.slack.dev/reference/views/modal-views';
const POST_MESSAGE = 'https://docs.slack.dev/reference/methods/chat.postMessage';
const UPLOAD_URL = 'https://docs.slack.dev/reference/methods/files.getUploadURLExternal';
const COMPLETE_UPLOAD = 'https://docs.slack.dev/reference/methods/files.completeUploadExternal';

/** One limit: its value and where Slack documents it. */
export interface Limit {
  readonly value: number;
  readonly source: string;
}

export const SLACK_LIMITS = {
  /** Blocks in one message (`blocks` of chat.postMessage / chat.update / a response_url). */
  blocksPerMessage: { value: 50, source: BLOCKS }, // "up to 50 blocks in each message"
  /** Blocks in a modal or the Home tab. */
  blocksPerView: { value: 100, source: BLOCKS }, // "up to 100 blocks in modals or Home tabs"
  /** `text` of a section block. */
  sectionText: { value: 3000, source: SECTION }, // "Maximum length for the text in this field is 3000"
  /** Items in a section's `fields`. */
  sectionFields: { value: 10, source: SECTION }, // "Maximum number of items is 10"
  /** Text of each item in a section's `fields`. */
  sectionFieldText: { value: 2000, source: SECTION }, // "Maximum length for the text in each item is 2000"
  /** `text` of a header block (plain_text). */
  headerText: { value: 150, source: HEADER }, // "Maximum length for the text in this field is 150"
  /** Elements in a context block. */
  contextElements: { value: 10, source: CONTEXT }, // "Maximum number of items is 10"
  /** Text of a context element (a text object). */
  contextText: { value: 3000, source: TEXT_OBJECT }, // text object "maximum length ... is 3000"
  /** Elements in an actions block. */
  actionsElements: { value: 25, source: ACTIONS }, // "There is a maximum of 25 elements"
  /** `block_id` of any block. */
  blockId: { value: 255, source: BLOCKS }, // "Maximum length for this field is 255"
  /** A button's `text`. */
  buttonText: { value: 75, source: BUTTON }, // "Maximum length for the text in this field is 75"
  /** A button's or select's `action_id`. */
  actionId: { value: 255, source: BUTTON }, // "Maximum length is 255 characters"
  /** A button's `value`. */
  buttonValue: { value: 2000, source: BUTTON }, // "Maximum length is 2000 characters"
  /** Options in a static select: at least one, at most 100. */
  selectOptionsMin: { value: 1, source: SELECT }, // options "Maximum number of options is 100"; empty is invalid
  selectOptionsMax: { value: 100, source: SELECT },
  /** A select's `placeholder` (and a text input's). */
  placeholder: { value: 150, source: SELECT }, // "Maximum length for the text in this field is 150"
  /** An option's `text` and `description`. */
  optionText: { value: 75, source: OPTION }, // "Maximum length for the text in this field is 75"
  /** An option's `value`. */
  optionValue: { value: 150, source: OPTION }, // "Maximum length for this field is 150"
  /** An input block's `label` and `hint`. */
  inputLabel: { value: 2000, source: INPUT }, // "Maximum length for the text in this field is 2000"
  /** A plain-text input's `max_length` (and so its `initial_value`). */
  inputMaxLength: { value: 3000, source: TEXT_INPUT }, // max_length "Maximum value is 3000"
  /** A modal's `title`, `submit` and `close`. */
  modalTitle: { value: 24, source: VIEWS }, // "Max length of 24 characters"
  modalSubmit: { value: 24, source: VIEWS },
  modalClose: { value: 24, source: VIEWS },
  /** A view's `private_metadata` and `callback_id`. */
  privateMetadata: { value: 3000, source: VIEWS }, // "Max length of 3000 characters"
  callbackId: { value: 255, source: VIEWS }, // "Max length of 255 characters"
  /**
   * Top-level `text` of chat.postMessage: Slack truncates beyond 40,000 ("Truncating content");
   * we treat it as a limit (nothing may be cut silently) and keep the notification text far
   * shorter (`notificationText`).
   */
  messageText: { value: 40_000, source: POST_MESSAGE },
  /** chat.postMessage recommends at most 4,000 characters of `text`: what notifications show. */
  notificationText: { value: 4000, source: POST_MESSAGE },
  /**
   * All text in one message's blocks together. Slack answers `msg_blocks_too_long` past a total it
   * does not state for every block type (observed near 13,200: slackapi/bolt-js#2509); the markdown
   * block documents "a cumulative limit of 12,000 characters" per payload, the figure we keep to.
   */
  blockTextTotal: { value: 12_000, source: MARKDOWN },
  /** One file through `files.getUploadURLExternal` (its `length`): "a maximum of 1 GB". */
  uploadBytes: { value: 1024 * 1024 * 1024, source: UPLOAD_URL },
  /** Files in one `files.completeUploadExternal` call. */
  filesPerUpload: { value: 100, source: COMPLETE_UPLOAD },
} as const satisfies Record<string, Limit>;

/** The error names Slack's Web API answers when a payload breaks a limit. */
export const SLACK_LIMIT_ERRORS = {
  /** A block or element is malformed or over a per-field limit, or there are too many blocks. */
  invalidBlocks: 'invalid_blocks',
  /** Top-level `text` too long. */
  messageTooLong: 'msg_too_long',
  /** The blocks' text together is too long. */
  blocksTooLong: 'msg_blocks_too_long',
  /** A view (modal, Home) breaks a limit. */
  invalidArguments: 'invalid_arguments',
} as const;

/**
 * The text in a list of blocks, added up the way the cumulative limit counts it: every text
 * object's `text` (section text and fields, headers, context elements, button and option labels,
 * placeholders). Slack counts what it receives, so escapes count in full.
 */
export function blockTextLength(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + blockTextLength(item), 0);
  if (typeof value !== 'object' || value === null) return 0;
  let total = 0;
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'text' && typeof inner === 'string') total += inner.length;
    else if (typeof inner === 'object') total += blockTextLength(inner);
  }
  return total;
}
