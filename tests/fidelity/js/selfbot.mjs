// Fidelity test for the user-account side: discord.js-selfbot-v13 (npm), a client that logs in
// with a user token as cordgate's puppets do, against the cordgate Discord emulator. Proves
// the user READY shape (full guilds, private_channels, relationships), /api/v9 REST with a raw
// token, DM traffic, RESUME with replay, and guild subscriptions: only friends among the
// READY's members and presences, guild typing only once the library's own op 37 arrived, and
// the member sidebar through op 14 (tests/emulator/README.md, "Guild subscriptions"). Exit 0 = pass, 1 = fail, 77 = skipped
// (node_modules missing: run tests/fidelity/js/install.sh).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
if (!existsSync(join(here, 'node_modules', 'discord.js-selfbot-v13'))) {
    console.log('SKIP: discord.js-selfbot-v13 is not installed; run tests/fidelity/js/install.sh (npm ci)');
    process.exit(77);
}
const { Client, Constants } = (await import('discord.js-selfbot-v13')).default;

const ALICE = '100000000000000002';
const BOB = '100000000000000003';
const CAROL = '100000000000000004';
const GUILD_ID = '200000000000000001';
const GENERAL = '300000000000000001';
const DM = '400000000000000001';
const GROUP = '400000000000000002';
const CORDBOT = '100000000000000001';
const STEP_TIMEOUT_MS = 20000;

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
    check(client.user.id === ALICE, 'READY: logged in as the seeded user account');
    const guild = client.guilds.cache.get(GUILD_ID);
    check(guild && guild.channels.cache.has(GENERAL), 'full guild with channels from the user READY');
    check(client.channels.cache.has(DM) && client.channels.cache.get(DM).recipient?.id === BOB,
        'private_channels: DM with bob cached');
    check(client.channels.cache.get(GROUP)?.type === 'GROUP_DM', 'private_channels: group DM cached');
    check(client.relationships.cache.get(BOB) === 1 && client.relationships.cache.get(CAROL) === 1,
        'relationships: bob and carol are friends');

    // READY (capabilities 0, the library's default: the legacy shape, whose guilds carry
    // their members and presences): the user's friends, not the guild's stranger (the bot).
    check(guild.members.cache.has(BOB) && guild.members.cache.has(CAROL) && !guild.members.cache.has(CORDBOT),
        'READY guild members: the user and its friends only');
    check(guild.presences.cache.get(BOB)?.status === 'online' && guild.presences.cache.get(CAROL)?.status === 'idle'
        && !guild.presences.cache.has(CORDBOT), "friends' presences from READY, not the stranger's");

    // The library subscribes every guild with op 37 on READY (typing, threads, activities,
    // member_updates); the test held that payload back (main). Until it goes out, no guild
    // typing arrives.
    const typings = [];
    client.on('typingStart', (t) => typings.push(t));
    await ctl('/typing', { channel_id: GENERAL, user_id: BOB });
    await ctl('/message', { channel_id: DM, author_id: BOB, content: 'sentinel 1' });
    await inbox.next((m) => m.content === 'sentinel 1');
    check(typings.length === 0 && seen.heldSubscriptions.length === 1, 'no guild TYPING_START before op 37');
    seen.releaseSubscriptions();
    for (;;) {
        const me = (await ctl('/sessions')).find((x) => x.user_id === ALICE && x.connected);
        if (me?.subscriptions?.[GUILD_ID]?.typing) break;
        await new Promise((r) => setTimeout(r, 50));
    }
    await ctl('/typing', { channel_id: GENERAL, user_id: BOB });
    await withTimeout(new Promise((r) => (typings.length ? r() : client.once('typingStart', r))), 'typingStart');
    check(typings[0].channel.id === GENERAL && typings[0].user.id === BOB, "the library's op 37 opens guild typing");

    // The member sidebar: the library has no API that reads it (3.7.1 has no
    // GUILD_MEMBER_LIST_UPDATE handler), only the opcode (Constants.Opcodes.GUILD_SUBSCRIPTIONS,
    // "discord responds back with GUILD_MEMBER_LIST_UPDATE type SYNC") and its raw event.
    const list = new Promise((r) => client.on('raw', (p) => p.t === 'GUILD_MEMBER_LIST_UPDATE' && r(p.d)));
    client.ws.broadcast({ op: Constants.Opcodes.GUILD_SUBSCRIPTIONS,
        d: { guild_id: GUILD_ID, typing: true, channels: { [GENERAL]: [[0, 99]] } } });
    const sync = await withTimeout(list, 'GUILD_MEMBER_LIST_UPDATE');
    const items = sync.ops[0].items.map((i) => i.group?.id ?? i.member.user.id);
    check(sync.ops[0].op === 'SYNC' && sync.member_count === 4 && sync.online_count === 4
        && items.join(',') === ['online', ALICE, BOB, CAROL, CORDBOT].join(','),
        `op 14 sidebar: SYNC of every member: ${items}`);

    await ctl('/message', { channel_id: DM, author_id: BOB, content: 'dm ping' });
    const ping = await inbox.next((m) => m.content === 'dm ping');
    check(ping.author.id === BOB && ping.channel.id === DM, 'DM MESSAGE_CREATE delivered');

    const since = (await ctl('/requests')).last;
    const reply = await ping.reply('dm pong');
    check(reply.reference?.messageId === ping.id, 'reply via /api/v9 with message_reference');
    await inbox.next((m) => m.id === reply.id);
    const posts = (await ctl(`/requests?since=${since}`)).requests.filter((r) => r.method === 'POST');
    check(posts.length === 1 && posts[0].user_id === ALICE && posts[0].auth === 'raw' && posts[0].path.startsWith('/api/v9/'),
        'REST authenticated with the raw user token on v9');

    await ctl('/relationship', { user_id: ALICE, target_id: '100000000000000001', type: 3 });
    await withTimeout(seen.relationshipAdd, 'RELATIONSHIP_ADD');
    check(client.relationships.cache.get('100000000000000001') === 3, 'RELATIONSHIP_ADD updates the relationship cache');

    const sessions = (await ctl('/sessions')).filter((s) => s.user_id === ALICE && s.connected);
    check(sessions.length === 1, 'one connected user session');
    const sessionId = sessions[0].session_id;
    await ctl('/fault/drop', { session_id: sessionId, hold_resume: true });
    const away = ['away 1', 'away 2', 'away 3'];
    for (const content of away) await ctl('/message', { channel_id: GROUP, author_id: CAROL, content });
    await ctl('/fault/release', {});
    await withTimeout(seen.resumed(), 'RESUMED');
    await ctl('/message', { channel_id: GROUP, author_id: CAROL, content: 'sentinel' });
    const got = [];
    for (;;) {
        const m = await inbox.next();
        if (m.content === 'sentinel') break;
        got.push(m.content);
    }
    check(got.join('|') === away.join('|'), `group DM dispatches missed while away replayed once, in order: ${JSON.stringify(got)}`);
    const after = (await ctl('/sessions')).find((s) => s.session_id === sessionId);
    check(after.connected && after.resumes === 1, 'same user session resumed');
}

async function main() {
    const { values } = parseArgs({ options: { emulator: { type: 'string' }, seed: { type: 'string' } } });
    const proc = spawn(values.emulator, ['--port', '0', '--seed', values.seed, '--log-level', process.env.EMULATOR_LOG ?? 'warn'], {
        stdio: ['ignore', 'pipe', 'inherit'],
    });
    let client;
    let failed = null;
    try {
        const port = await withTimeout(new Promise((resolve, reject) => {
            let buf = '';
            proc.stdout.on('data', (c) => {
                buf += c;
                const m = buf.match(/^LISTENING (\d+)\n/);
                if (m) resolve(Number(m[1]));
            });
            proc.on('exit', (code) => reject(new Failure(`emulator exited early (${code})`)));
        }), 'LISTENING', 10000);
        console.log(`emulator on port ${port}; discord.js-selfbot-v13`);
        const ctl = async (path, body) => {
            const res = await fetch(`http://127.0.0.1:${port}/_emulator${path}`, body === undefined ? {} : {
                method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
            });
            if (!res.ok) throw new Failure(`control ${path}: HTTP ${res.status} ${await res.text()}`);
            return res.json();
        };
        // The library's REST client is pinned to https://discord.com; going through the
        // emulator as a CONNECT proxy is the only way to redirect it.
        client = new Client({ http: { api: `http://127.0.0.1:${port}/api`, agent: `http://127.0.0.1:${port}` } });
        const inbox = new Inbox();
        let resumedCount = 0;
        const resumeWaiters = [];
        client.on('raw', (packet) => {
            if (packet.t === 'RESUMED') {
                resumedCount += 1;
                resumeWaiters.splice(0).forEach((w) => w());
            }
        });
        client.on('messageCreate', (m) => inbox.push(m));
        // Holds the library's own op 37 back until the scenario releases it.
        const broadcast = client.ws.broadcast.bind(client.ws);
        const held = [];
        client.ws.broadcast = (packet) => (packet.op === 37 ? held.push(packet) : broadcast(packet));
        const seen = {
            heldSubscriptions: held,
            releaseSubscriptions: () => {
                client.ws.broadcast = broadcast;
                held.splice(0).forEach((p) => broadcast(p));
            },
            ready: new Promise((r) => client.once('ready', r)),
            relationshipAdd: new Promise((r) => client.once('relationshipAdd', r)),
            resumed: () => (resumedCount > 0 ? Promise.resolve() : new Promise((r) => resumeWaiters.push(r))),
        };
        await withTimeout(client.login('alice-token'), 'login');
        await withTimeout(scenario(client, ctl, inbox, seen), 'the scenario', 100000);
    } catch (e) {
        failed = e;
    } finally {
        if (client) client.destroy();
        proc.kill('SIGTERM');
    }
    if (failed) {
        console.log(`FAIL: ${failed.stack ?? failed}`);
        process.exit(1);
    }
    console.log('PASS: discord.js-selfbot-v13 fidelity');
    process.exit(0);
}

await main();
