/**
 * The few words this adapter says itself (Discord-only situations the core cannot know about).
 * Everything about complaints is the core's, in its own catalog.
 */
export type CatalogLocale = 'en' | 'zh-CN';

const en = {
  chooseServer: 'You share more than one server with me. Which server is this about?',
  chooseServerPlaceholder: 'Pick a server',
  pickedServer: (name: string) => `Thank you. I will pass this on to the team of **${name}**.`,
  pickAgain: 'Thank you. Please tell me again what happened, so nothing gets lost.',
  noServer:
    'I can only take complaints for servers we share. Please use `/complain` in the server your complaint is about.',
  dmClosed:
    'I could not send you a direct message: your DMs are closed for this server, so I cannot keep you posted there. You can allow direct messages from this server in its Privacy Settings, or I can open a private thread here, just for you and the team.',
  openThread: 'Open a private thread',
  threadName: (name: string) => `Hearken · ${name}`,
  threadWelcome: (mention: string) =>
    `${mention}, this private thread is yours: updates on your complaint will appear here.`,
  threadOpened: (link: string) => `I opened ${link} for you. Updates will appear there.`,
  slowForm: 'Sorry, opening the form took me too long. Please run the command again.',
  done: 'Done.',
  failed: 'Sorry, something went wrong on my side. Please try again in a moment.',
  defaultThread: 'Complaint',
} as const;

type Catalog = { [K in keyof typeof en]: (typeof en)[K] extends string ? string : (typeof en)[K] };

const zhCN: Catalog = {
  chooseServer: '你和我同在多个服务器中。请问这件事是关于哪个服务器的？',
  chooseServerPlaceholder: '选择服务器',
  pickedServer: (name) => `谢谢你。我会把这件事转交给 **${name}** 的团队。`,
  pickAgain: '谢谢你。请再告诉我一次发生了什么，这样不会遗漏任何细节。',
  noServer: '我只能受理我们共同所在服务器的投诉。请在与投诉相关的服务器里使用 `/complain`。',
  dmClosed:
    '我无法给你发送私信：你关闭了来自这个服务器成员的私信，所以我没法在私信里告诉你进展。你可以在服务器的隐私设置中允许私信，或者我可以在这里为你和团队开一个私密讨论串。',
  openThread: '开一个私密讨论串',
  threadName: (name) => `Hearken · ${name}`,
  threadWelcome: (mention) => `${mention}，这个私密讨论串只属于你：投诉的进展会发在这里。`,
  threadOpened: (link) => `我为你开了 ${link}，进展会发在那里。`,
  slowForm: '抱歉，打开表单花的时间太长了。请再运行一次命令。',
  done: '好了。',
  failed: '抱歉，我这边出了点问题。请稍后再试。',
  defaultThread: '投诉',
};

const catalogs = { en, 'zh-CN': zhCN } as const satisfies Record<CatalogLocale, Catalog>;

/** Maps a Discord locale (`zh-CN`, `zh-TW`, `en-US`…) or the words of a message onto a catalog. */
export function catalogLocale(locale: string | undefined, text = ''): CatalogLocale {
  if (locale) return locale.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
  return /[\u4e00-\u9fff]/.test(text) ? 'zh-CN' : 'en';
}

export function t(locale: CatalogLocale): Catalog {
  return catalogs[locale];
}
