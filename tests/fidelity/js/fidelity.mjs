// Fidelity test: the real discord.js 14 (npm) against the cordgate Discord emulator.
// Starts the emulator on a free port, drives a bot through login, an injected message, a
// reply with a file (multipart, files[0] before payload_json), a 429 with retry, and a forced
// drop followed by RESUME with replay. Exit 0 = pass, 1 = fail, 77 = skipped (no node_modules:
// run tests/fidelity/js/install.sh first).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
if (!existsSync(join(here, 'node_modules', 'discord.js'))) {
    console.log('SKIP: tests/fidelity/js/node_modules is missing; run tests/fidelity/js/install.sh (npm ci)');
    process.exit(77);
}
const { Client, GatewayIntentBits, Events } = await import('discord.js');

const BOT_ID = '100000000000000001';
const BOB_ID = '100000000000000003';
const GUILD_ID = '200000000000000001';
const GENERAL = '300000000000000001';
const CATEGORY = '300000000000000003';
const THREAD = '310000000000000001';
const MODS = '210000000000000001';
const ALICE_ID = '100000000000000002';
const STEP_TIMEOUT_MS = 20000; // every wait is bounded

class Failure extends Error {}
function check(cond, what) {
    if (!cond) throw new Failure(what);
    console.log(`ok - ${what}`);
}

function withTimeout(promise, what, ms = STEP_TIMEOUT_MS) {
    let timer;
    return Promise.race([
        promise,
        new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Failure(`timed out waiting for ${what}`)), ms);
        }),
    ]).finally(() => clearTimeout(timer));
}

function startEmulator(binary, seed) {
    const proc = spawn(binary, ['--port', '0', '--seed', seed, '--log-level', process.env.EMULATOR_LOG ?? 'warn'], {
        stdio: ['ignore', 'pipe', 'inherit'],
    });
    const port = new Promise((resolve, reject) => {
        let buf = '';
        proc.stdout.on('data', (chunk) => {
            buf += chunk;
            const m = buf.match(/^LISTENING (\d+)\n/);
            if (m) resolve(Number(m[1]));
        });
        proc.on('exit', (code) => reject(new Failure(`emulator exited early (${code})`)));
    });
    return { proc, port: withTimeout(port, 'LISTENING from the emulator', 10000) };
}

// Messages as the client saw them, consumed in arrival order.
class Inbox {
    constructor() {
        this.items = [];
        this.waiters = [];
    }
    push(m) {
        this.items.push(m);
        this.waiters.splice(0).forEach((w) => w());
    }
    async next(predicate = () => true) {
        for (;;) {
            while (this.items.length) {
                const m = this.items.shift();
                if (predicate(m)) return m;
            }
            await withTimeout(new Promise((r) => this.waiters.push(r)), 'a message');
        }
    }
}

async function scenario(client, ctl, inbox, seen) {
    await withTimeout(seen.ready, 'ready');
    check(client.user.id === BOT_ID, 'READY: logged in as the seeded bot');
    check(seen.types.includes('GUILD_CREATE'), 'GUILD_CREATE received after READY');
    const guild = client.guilds.cache.get(GUILD_ID);
    check(guild && guild.channels.cache.has(GENERAL), 'guild and #general cached');
    const general = guild.channels.cache.get(GENERAL);
    check(general.parentId === CATEGORY && general.parent?.type === 4 && general.topic === 'Talk here',
        '#general has its category and topic');
    const mods = guild.roles.cache.get(MODS);
    check(mods && mods.name === 'mods' && mods.permissions.has('Administrator'), 'roles parsed with their permissions');
    const thread = guild.channels.cache.get(THREAD);
    check(thread && thread.isThread() && thread.parentId === GENERAL && thread.ownerId === BOB_ID,
        'active thread from GUILD_CREATE cached');
    const alice = guild.members.cache.get(ALICE_ID);
    check(alice && alice.nickname === 'Ali' && alice.roles.cache.has(MODS), 'member nick and roles');

    await ctl('/message', { channel_id: GENERAL, author_id: BOB_ID, content: 'ping from bob' });
    const ping = await inbox.next((m) => m.content === 'ping from bob');
    check(ping.author.id === BOB_ID && ping.channelId === GENERAL && ping.guildId === GUILD_ID,
        'injected MESSAGE_CREATE delivered with author, channel and guild');

    let since = (await ctl('/requests')).last;
    const reply = await ping.reply({ content: 'pong', files: [{ attachment: Buffer.from('hello js'), name: 'hello-js.txt' }] });
    check(reply.reference?.messageId === ping.id, 'reply carries message_reference');
    check(reply.attachments.size === 1 && reply.attachments.first().name === 'hello-js.txt'
        && reply.attachments.first().size === 8, 'attachment uploaded via multipart');
    const echo = await inbox.next((m) => m.id === reply.id);
    check(echo.reference?.messageId === ping.id, 'own reply echoed on the gateway');
    const posts = (await ctl(`/requests?since=${since}`)).requests.filter((r) => r.method === 'POST');
    check(posts.length === 1 && posts[0].files.join() === 'hello-js.txt' && posts[0].auth === 'Bot'
        && posts[0].body.message_reference.message_id === ping.id, 'request log shows the multipart POST');

    since = (await ctl('/requests')).last;
    await ctl('/fault/rest', { count: 1, status: 429, prefix: `/channels/${GENERAL}/messages`, retry_after: 0.3 });
    const sent = await client.channels.cache.get(GENERAL).send('after a 429');
    check(sent.content === 'after a 429', 'send succeeded after a 429');
    const log = (await ctl(`/requests?since=${since}`)).requests.filter((r) => r.method === 'POST');
    check(log.map((r) => r.status).join() === '429,200', 'exactly one 429 then one 200 for the same POST');
    await inbox.next((m) => m.id === sent.id);

    const sessions = (await ctl('/sessions')).filter((s) => s.user_id === BOT_ID && s.connected);
    check(sessions.length === 1, 'one connected bot session');
    const sessionId = sessions[0].session_id;
    const dropped = await ctl('/fault/drop', { session_id: sessionId, hold_resume: true });
    check(dropped.sessions.join() === sessionId, 'session socket dropped');
    const away = [1, 2, 3].map((i) => `while away ${i}`);
    for (const content of away) await ctl('/message', { channel_id: GENERAL, author_id: BOB_ID, content });
    await ctl('/fault/release', {});
    await withTimeout(seen.resumed(), 'RESUMED');
    await ctl('/message', { channel_id: GENERAL, author_id: BOB_ID, content: 'sentinel' });
    const got = [];
    for (;;) {
        const m = await inbox.next();
        if (m.content === 'sentinel') break;
        got.push(m.content);
    }
    check(got.join('|') === away.join('|'), `missed dispatches replayed once, in order: ${JSON.stringify(got)}`);
    const after = (await ctl('/sessions')).find((s) => s.session_id === sessionId);
    check(after.connected && after.resumes === 1, 'same session resumed (no new IDENTIFY)');

    // op 7 RECONNECT: discord.js closes (4200) and resumes on resume_gateway_url.
    seen.resetResumed();
    await ctl('/fault/reconnect', { session_id: sessionId });
    await withTimeout(seen.resumed(), 'RESUMED after op 7');
    const again = (await ctl('/sessions')).find((s) => s.session_id === sessionId);
    check(again.connected && again.resumes === 2, 'op 7 RECONNECT -> RESUME of the same session');

    // Edits, reactions, typing and deletes injected as another user.
    const target = await ctl('/message', { channel_id: GENERAL, author_id: BOB_ID, content: 'to edit' });
    await inbox.next((m) => m.id === target.id);
    await ctl('/edit', { channel_id: GENERAL, message_id: target.id, content: 'edited' });
    let [name, a, b] = await seen.events.next();
    check(name === 'update' && b.id === target.id && b.content === 'edited' && b.editedTimestamp, 'messageUpdate with the edited content');
    await ctl('/reaction', { channel_id: GENERAL, message_id: target.id, user_id: BOB_ID, emoji: '👍' });
    [name, a, b] = await seen.events.next();
    check(name === 'reactionAdd' && a.message.id === target.id && a.emoji.name === '👍' && b.id === BOB_ID, 'messageReactionAdd');
    await ctl('/reaction', { channel_id: GENERAL, message_id: target.id, user_id: BOB_ID, emoji: '👍', remove: true });
    [name, a, b] = await seen.events.next();
    check(name === 'reactionRemove' && a.message.id === target.id && b.id === BOB_ID, 'messageReactionRemove');
    await ctl('/typing', { channel_id: GENERAL, user_id: BOB_ID });
    [name, a] = await seen.events.next();
    check(name === 'typing' && a.user.id === BOB_ID && a.channel.id === GENERAL, 'typingStart');
    await ctl('/delete', { channel_id: GENERAL, message_id: target.id });
    [name, a] = await seen.events.next();
    check(name === 'delete' && a.id === target.id, 'messageDelete');

    // The bot's own REST edit, reaction and delete.
    const mine = await client.channels.cache.get(GENERAL).send('mine');
    await inbox.next((m) => m.id === mine.id);
    await mine.react('🎉');
    [name, a, b] = await seen.events.next();
    check(name === 'reactionAdd' && b.id === BOT_ID && a.emoji.name === '🎉', 'own PUT reaction echoed');
    const edited = await mine.edit('mine, edited');
    check(edited.content === 'mine, edited' && edited.editedTimestamp, 'PATCH returns the edited message');
    [name, a, b] = await seen.events.next();
    check(name === 'update' && b.id === mine.id, 'own edit echoed as messageUpdate');
    await mine.delete();
    [name, a] = await seen.events.next();
    check(name === 'delete' && a.id === mine.id, 'own delete echoed as messageDelete');
    const history = await client.channels.cache.get(GENERAL).messages.fetch({ limit: 3 });
    const stamps = [...history.values()].map((m) => m.createdTimestamp);
    check(history.size === 3 && stamps[0] >= stamps[1] && stamps[1] >= stamps[2], 'GET history: newest first, limit honoured');

    // op 9 (not resumable): discord.js identifies again and gets a new session.
    const readyBefore = seen.readyCount();
    await ctl('/fault/invalid_session', { session_id: sessionId, resumable: false });
    await withTimeout(seen.readyAfter(readyBefore), 'a second READY after op 9', 30000);
    const fresh = (await ctl('/sessions')).filter((s) => s.user_id === BOT_ID && s.connected);
    check(fresh.length === 1 && fresh[0].session_id !== sessionId, 'op 9 false -> new IDENTIFY, new session');
}

async function main() {
    const { values } = parseArgs({ options: { emulator: { type: 'string' }, seed: { type: 'string' } } });
    const { proc, port: portPromise } = startEmulator(values.emulator, values.seed);
    let client;
    let failed = null;
    try {
        const port = await portPromise;
        const { version } = await import('discord.js');
        console.log(`emulator on port ${port}; discord.js ${version}`);
        const ctl = async (path, body) => {
            const res = await fetch(`http://127.0.0.1:${port}/_emulator${path}`, body === undefined ? {} : {
                method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
            });
            if (!res.ok) throw new Failure(`control ${path}: HTTP ${res.status} ${await res.text()}`);
            return res.json();
        };
        client = new Client({
            intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent,
                GatewayIntentBits.DirectMessages, GatewayIntentBits.GuildMessageReactions,
            GatewayIntentBits.GuildMessageTyping],
            rest: { api: `http://127.0.0.1:${port}/api` },
        });
        const inbox = new Inbox();
        const types = [];
        let resumedCount = 0;
        let resumeWaiters = [];
        const events = new Inbox();
        let readyCount = 0;
        let readyWaiters = [];
        client.on(Events.MessageUpdate, (a, b) => events.push(['update', a, b]));
        client.on(Events.MessageDelete, (a) => events.push(['delete', a]));
        client.on(Events.MessageReactionAdd, (a, b) => events.push(['reactionAdd', a, b]));
        client.on(Events.MessageReactionRemove, (a, b) => events.push(['reactionRemove', a, b]));
        client.on(Events.TypingStart, (a) => events.push(['typing', a]));
        client.on(Events.Raw, (packet) => {
            if (packet.t) types.push(packet.t);
            if (packet.t === 'READY') {
                readyCount += 1;
                readyWaiters.splice(0).forEach((w) => w());
            }
            if (packet.t === 'RESUMED') {
                resumedCount += 1;
                resumeWaiters.splice(0).forEach((w) => w());
            }
        });
        client.on(Events.MessageCreate, (m) => inbox.push(m));
        const seen = {
            types,
            ready: new Promise((r) => client.once(Events.ClientReady, r)),
            resumed: () => (resumedCount > 0 ? Promise.resolve() : new Promise((r) => resumeWaiters.push(r))),
            resetResumed: () => {
                resumedCount = 0;
            },
            events,
            readyCount: () => readyCount,
            readyAfter: async (n) => {
                while (readyCount <= n) await new Promise((r) => readyWaiters.push(r));
            },
        };
        // Not "bot-...": discord.js strips a leading "Bot" from tokens case-insensitively.
        await withTimeout(client.login('emulator-bot-token'), 'login');
        await withTimeout(scenario(client, ctl, inbox, seen), 'the scenario', 100000);
    } catch (e) {
        failed = e;
    } finally {
        if (client) await client.destroy();
        proc.kill('SIGTERM');
    }
    if (failed) {
        console.log(`FAIL: ${failed.stack ?? failed}`);
        process.exit(1);
    }
    console.log('PASS: discord.js fidelity');
    process.exit(0);
}

await main();
