/**
 * Mentions typed in a sandbox command, the way Slack and Discord hand them over: `@Sam Lee` or
 * `@sam` becomes the person's opaque id (with their name in `mentions`), `#staff` the channel id.
 */
import type { SandboxUser } from './directory.js';

/** The sandbox's two channels by the names the page shows. */
const CHANNELS: Record<string, string> = {
  staff: 'sandbox:channel:staff',
  managers: 'sandbox:channel:managers',
};

export interface ResolvedMentions {
  text: string;
  mentions: Record<string, string>;
}

function handleOf(user: SandboxUser): string {
  return user.userId.slice(user.userId.lastIndexOf(':') + 1);
}

export function resolveMentions(text: string, users: SandboxUser[]): ResolvedMentions {
  const mentions: Record<string, string> = {};
  // Longest names first, so `@Sam Lee` wins over a person called `Sam`.
  const names = users
    .flatMap((user) => [
      { key: user.name, user },
      { key: handleOf(user), user },
    ])
    .sort((a, b) => b.key.length - a.key.length);
  let result = '';
  let rest = text;
  while (rest.length > 0) {
    const at = rest.search(/[@#]/);
    if (at < 0) break;
    result += rest.slice(0, at);
    rest = rest.slice(at);
    const after = rest.slice(1);
    if (rest.startsWith('#')) {
      const channel = Object.keys(CHANNELS).find((name) => after.toLowerCase().startsWith(name));
      if (channel) {
        result += CHANNELS[channel];
        rest = after.slice(channel.length);
        continue;
      }
    } else {
      const match = names.find(({ key }) => after.toLowerCase().startsWith(key.toLowerCase()));
      if (match) {
        result += match.user.userId;
        mentions[match.user.userId] = match.user.name;
        rest = after.slice(match.key.length);
        continue;
      }
    }
    result += rest.charAt(0);
    rest = after;
  }
  return { text: result + rest, mentions };
}
