import { describe, expect, it } from 'vitest';
import {
  inEphemeral,
  inMessage,
  PEOPLE,
  readable,
  type SlackWorld,
  STAFF_CHANNEL,
  slackWorldPerTest,
} from '../kit/slack-world.js';

let w: SlackWorld;
const mei = PEOPLE.mei.id;

slackWorldPerTest((world) => {
  w = world;
});

describe('a customer in Slack', () => {
  it('files a whole complaint by DM, choosing with buttons, and staff get a card', async () => {
    await w.dm(mei, 'My parcel never arrived and nobody answers my emails. This is ridiculous.');
    expect(readable(w.dmsOf(mei)[0]?.blocks ?? [])).toContain('I can hear how angry you are');

    // The type is understood from the words; the one question left is what would put it right.
    await w.click(mei, inMessage(w.lastDm(mei)), 'A refund');
    expect(readable(w.lastDm(mei).blocks)).toContain('Here is what I understood');
    const confirm = w.lastDm(mei);
    const yes = confirm.blocks
      .filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements as { text: { text: string }; style?: string }[])
      .find((e) => e.style === 'primary');
    await w.click(mei, inMessage(confirm), yes?.text.text ?? '');

    expect(readable(w.lastDm(mei).blocks)).toMatch(/logged as \*C-1001\*/);
    await w.deliver();
    const [card] = w.cards();
    expect(card?.text).toContain('C-1001');
    expect(readable(card?.blocks ?? [])).toMatch(/Claim[\s\S]*Reply[\s\S]*Escalate[\s\S]*Resolve/);
  });

  it('an answered question loses its buttons and names the choice (chat.update of the clicked message)', async () => {
    await w.dm(mei, 'My parcel never arrived and nobody answers my emails. This is ridiculous.');
    const question = w.lastDm(mei);

    await w.click(mei, inMessage(question), 'A refund');

    const [update] = w.slack.callsTo('chat.update');
    expect(update?.body).toMatchObject({ channel: question.channel, ts: question.ts });
    const answered = w.dmsOf(mei).find((m) => m.ts === question.ts);
    expect(answered?.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(readable(answered?.blocks ?? [])).toContain('What would put this right for you?');
    expect(readable(answered?.blocks ?? [])).toContain('✓ You would like: A refund');
    expect(readable(w.lastDm(mei).blocks)).toContain('Here is what I understood');
  });

  it('a customer who only types reaches a code in three turns, in English', async () => {
    await w.dm(mei, 'My parcel never arrived and nobody answers my emails. This is ridiculous.');
    await w.dm(mei, 'a refund please');
    await w.dm(mei, 'yes that is right');

    const dms = w.dmsOf(mei).map((m) => readable(m.blocks));
    expect(dms.at(-1)).toMatch(/logged as \*C-\d+\*/);
    expect(dms.join('\n')).not.toContain('Please pick one of the options');
  });

  it('a customer who only types reaches a code in three turns, in Chinese', async () => {
    const li = PEOPLE.li.id;
    await w.dm(li, '快递三天了还没收到，客服也不回复，气死我了！');
    await w.dm(li, '退款');
    await w.dm(li, '对，没错');

    const dms = w.dmsOf(li).map((m) => readable(m.blocks));
    expect(dms.at(-1)).toMatch(/编号是\*C-\d+\*/);
    expect(dms.join('\n')).toContain('我能感受到您非常生气');
  });

  it('the form in Chinese has its close button in Chinese', async () => {
    const li = PEOPLE.li.id;
    await w.dm(li, '快递三天了还没收到。');
    await w.click(li, inMessage(w.lastDm(li)), '改用表单填写');

    expect(w.lastModal()).toMatchObject({ close: { type: 'plain_text', text: '取消' } });
  });

  it('opens the one-page form as a modal from /complain and answers with the code where they typed it', async () => {
    const typed = await w.command(mei, '/complain', '', { channel: 'C0GENERAL' });

    expect(typed.request.status).toBe(200);
    const modal = w.lastModal();
    expect(modal).toMatchObject({ type: 'modal', callback_id: 'hearken:intake.form' });
    const inputs = (modal.blocks as { block_id: string }[]).map((b) => b.block_id);
    expect(inputs.length).toBeLessThanOrEqual(5);

    await w.submit(mei, modal, {
      description: 'The kettle I bought leaks from the base and tripped the fuse.',
      category: 'product',
      impact: 'high',
      outcome: 'replacement',
    });

    const answer = w.responsesTo(typed.responseUrl.split('/').at(-1) ?? '').at(-1);
    expect(answer).toMatchObject({ response_type: 'ephemeral' });
    expect(String(answer?.text)).toMatch(/C-1001/);
    await w.deliver();
    expect(w.cards()).toHaveLength(1);
  });

  it('can switch from the DM conversation to the one-page form at any step', async () => {
    await w.dm(mei, 'The blender I bought stopped working after two days.');

    await w.click(mei, inMessage(w.lastDm(mei)), 'Use a form instead');

    expect(w.lastModal()).toMatchObject({ type: 'modal', callback_id: 'hearken:intake.form' });
    const clickTrigger = w.slack.callsTo('views.open').at(-1)?.body.trigger_id;
    expect(String(clickTrigger)).toMatch(/^1763900999\./);
  });

  it('shows only their own complaints, ephemerally, with /complain status', async () => {
    await w.command(mei, '/complain', '');
    await w.submit(mei, w.lastModal(), {
      description: 'Charged twice for one order.',
      category: 'billing',
      impact: 'normal',
      outcome: 'refund',
    });
    const li = PEOPLE.li.id;

    const mine = await w.command(mei, '/complain', 'status', { channel: 'C0GENERAL' });
    const theirs = await w.command(li, '/complain', 'status C-1001', { channel: 'C0GENERAL' });

    expect(mine.responses[0]).toMatchObject({ response_type: 'ephemeral' });
    expect(readable(mine.responses[0]?.blocks as never)).toContain('C-1001');
    expect(theirs.responses[0]).toMatchObject({ response_type: 'ephemeral' });
    expect(readable(theirs.responses[0]?.blocks as never)).not.toContain('Charged twice');
  });

  it('is looked up in Slack once, not on every message (profiles are cached briefly)', async () => {
    await w.dm(mei, 'My parcel never arrived.');
    await w.click(mei, inMessage(w.lastDm(mei)), 'A refund');
    await w.dm(mei, 'It was due last week.');

    expect(w.slack.callsTo('users.info').filter((c) => c.body.user === mei)).toHaveLength(1);
  });

  it('is answered in their Slack language', async () => {
    await w.dm(PEOPLE.li.id, '😡😡😡 #88231');

    expect(w.slack.callsTo('users.info')[0]?.body).toMatchObject({
      user: PEOPLE.li.id,
      include_locale: 'true',
    });
    expect(readable(w.lastDm(PEOPLE.li.id).blocks)).toMatch(/\p{Script=Han}/u);
  });

  it('has what they write after filing added to the staff thread', async () => {
    await w.command(mei, '/complain', '');
    await w.submit(mei, w.lastModal(), {
      description: 'The courier left my parcel in the rain.',
      category: 'delivery',
      impact: 'normal',
      outcome: 'apology',
    });
    await w.deliver();
    const [card] = w.cards();

    await w.dm(mei, 'Also, the box was open when I found it.');
    await w.deliver();

    const thread = w.slack.threadOf(STAFF_CHANNEL, card?.ts ?? '');
    expect(thread.map((m) => m.text).join('\n')).toContain('the box was open');
  });

  it('can continue an ephemeral intake started with /complain in a channel', async () => {
    const started = await w.command(mei, '/complain', 'my parcel never came at all', {
      channel: 'C0GENERAL',
    });
    const question = started.responses.find(
      (r) => Array.isArray(r.blocks) && readable(r.blocks as never).includes('A refund'),
    );

    const picked = await w.click(mei, inEphemeral('C0GENERAL', question ?? {}), 'A refund');

    // The ephemeral question is rewritten in place as answered, and the next one comes ephemerally too.
    expect(picked.responses[0]).toMatchObject({ replace_original: true });
    expect(readable(picked.responses[0]?.blocks as never)).toContain('✓ You would like: A refund');
    expect(picked.responses[1]).toMatchObject({ response_type: 'ephemeral', replace_original: false });
  });
});
