/**
 * Discord's documented limits on what Hearken sends, as data: the renderer fits every payload
 * inside them and the test fake (test/kit/discord-rest.ts) refuses any payload that breaks one with
 * Discord's own answer (HTTP 400, code 50035, an `errors` object). Each entry names its page.
 *
 * Lengths are counted in UTF-16 code units, never less than the code points Discord counts.
 */

const MESSAGE = 'https://discord.com/developers/docs/resources/message';
const EMBED_LIMITS = 'https://discord.com/developers/docs/resources/message#embed-object-embed-limits';
const COMPONENTS = 'https://discord.com/developers/docs/components/reference';
const INTERACTIONS = 'https://discord.com/developers/docs/interactions/receiving-and-responding';
const THREADS = 'https://discord.com/developers/docs/resources/channel#start-thread-from-message';
const UPLOADS = 'https://discord.com/developers/docs/reference#uploading-files';

/** One limit: its value and where Discord documents it. */
export interface Limit {
  readonly value: number;
  readonly source: string;
}

export const DISCORD_LIMITS = {
  /** `content` of a message. */
  content: { value: 2000, source: MESSAGE }, // "Message contents (up to 2000 characters)"
  /** Embeds in one message. */
  embeds: { value: 10, source: MESSAGE }, // "Up to 10 rich embeds (up to 6000 characters)"
  /** Title, description, field names and values, footer and author of all embeds together. */
  embedTotal: { value: 6000, source: EMBED_LIMITS }, // "must not exceed 6000 characters"
  embedTitle: { value: 256, source: EMBED_LIMITS }, // title "256 characters"
  embedDescription: { value: 4096, source: EMBED_LIMITS }, // description "4096 characters"
  embedFields: { value: 25, source: EMBED_LIMITS }, // fields "Up to 25 field objects"
  fieldName: { value: 256, source: EMBED_LIMITS }, // field.name "256 characters"
  fieldValue: { value: 1024, source: EMBED_LIMITS }, // field.value "1024 characters"
  footer: { value: 2048, source: EMBED_LIMITS }, // footer.text "2048 characters"
  author: { value: 256, source: EMBED_LIMITS }, // author.name "256 characters"
  /** Action rows in a message, and components in each row. */
  rows: { value: 5, source: COMPONENTS }, // Action Row: "up to 5 ... per message"
  perRow: { value: 5, source: COMPONENTS }, // "up to 5 contextually grouped buttons"
  buttonLabel: { value: 80, source: COMPONENTS }, // Button label "max 80 characters"
  /** `custom_id` of any component or modal. */
  customId: { value: 100, source: COMPONENTS }, // "1-100 characters"
  selectOptions: { value: 25, source: COMPONENTS }, // String Select "max 25" options
  selectOptionsMin: { value: 1, source: COMPONENTS }, // options are required: at least one
  /** An option's label, value and description. */
  optionText: { value: 100, source: COMPONENTS }, // "max 100 characters"
  selectPlaceholder: { value: 150, source: COMPONENTS }, // "max 150 characters"
  /** A modal's title and its number of top-level components. */
  modalTitle: { value: 45, source: INTERACTIONS }, // Modal "title ... max 45 characters"
  modalComponents: { value: 5, source: INTERACTIONS }, // "Between 1 and 5 (inclusive) components"
  /** A Label component's label and description. */
  labelText: { value: 45, source: COMPONENTS }, // Label "max 45 characters"
  labelDescription: { value: 100, source: COMPONENTS }, // "max 100 characters"
  /** A text input's value (and `max_length`), and its placeholder. */
  inputValue: { value: 4000, source: COMPONENTS }, // value/max_length "max 4000"
  inputPlaceholder: { value: 100, source: COMPONENTS }, // "max 100 characters"
  /** Choices an autocomplete answer may offer; each name and value. */
  autocompleteChoices: { value: 25, source: INTERACTIONS }, // "autocomplete choices (max of 25 choices)"
  choiceText: { value: 100, source: 'https://discord.com/developers/docs/interactions/application-commands' },
  /** An attachment's description (alt text). */
  attachmentDescription: { value: 1024, source: MESSAGE }, // "max 1024 characters"
  /** A thread's name. */
  threadName: { value: 100, source: THREADS }, // "1-100 character channel name"
  /** A message nonce (string form). */
  nonce: { value: 25, source: MESSAGE }, // "max 25 characters"
  /** Files in one upload, at the default limit for a server without boosts (bytes). */
  uploadBytes: { value: 10 * 1024 * 1024, source: UPLOADS }, // "default file upload size limit ... 10 MiB"
  /** All of one request's files together ("the max request size when sending a message is 25 MiB"). */
  uploadRequestBytes: { value: 25 * 1024 * 1024, source: UPLOADS },
  /** Attachments in one message. */
  filesPerMessage: { value: 10, source: MESSAGE }, // "up to 10 files"
} as const satisfies Record<string, Limit>;

/** Discord's answer to a body that breaks a limit. */
export const INVALID_FORM_BODY = { status: 400, code: 50035, message: 'Invalid Form Body' } as const;
