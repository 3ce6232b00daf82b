// XMPP adapter throughput, without the network: stanza text -> parse (the link's expat reader) ->
// Element -> event (what the connection does per received stanza), and effect -> stanza text (what
// it does per effect). The canonical encoding of the event is measured separately, since the bus
// does that part.

#include <adapters/xmpp/inbound.hpp>
#include <adapters/xmpp/namespaces.hpp>
#include <adapters/xmpp/outbound.hpp>
#include <adapters/xmpp/outbound_message.hpp>
#include <adapters/xmpp/stream_parser.hpp>
#include <adapters/xmpp/xml_writer.hpp>
#include <common/sealed_box.hpp>

#include <benchmark/benchmark.h>
#include <sodium.h>

namespace {

using namespace cordgate;
using namespace cordgate::adapters::xmpp;

const std::string kChat =
    "<message from='romeo@localhost/phone' to='123456789012345678@discord.localhost' "
    "type='chat' id='a1b2c3'><body>Hello there, this is a fairly ordinary chat message.</body>"
    "<origin-id xmlns='urn:xmpp:sid:0' id='0b5c2e0e-8f3a'/><active "
    "xmlns='http://jabber.org/protocol/chatstates'/><request xmlns='urn:xmpp:receipts'/>"
    "<markable xmlns='urn:xmpp:chat-markers:0'/></message>";
const std::string kPresence =
    "<presence from='romeo@localhost/phone' to='discord.localhost'><show>away</show>"
    "<status>lunch</status><priority>5</priority></presence>";
const std::string kDisco =
    "<iq type='get' id='d1' from='romeo@localhost/phone' to='discord.localhost'>"
    "<query xmlns='http://jabber.org/protocol/disco#info'/></iq>";
const std::string kReaction =
    "<message from='romeo@localhost/phone' to='123456789012345678@discord.localhost' "
    "type='chat' id='r1'><reactions xmlns='urn:xmpp:reactions:0' id='a1b2c3'>"
    "<reaction>\xF0\x9F\x91\x8D</reaction></reactions><store xmlns='urn:xmpp:hints'/></message>";

InboundContext context() {
    InboundContext ctx;
    ctx.gateway = "discord.localhost";
    ctx.allowed_domains = {"localhost"};
    if (sodium_init() < 0) throw std::runtime_error("sodium_init failed");
    unsigned char sk[32];
    crypto_box_keypair(ctx.discord_key.data(), sk);
    return ctx;
}

void parse_and_translate(benchmark::State& state, const std::string& text) {
    StanzaParser parser;
    InboundContext ctx = context();
    for (auto _ : state) {
        auto e = parser.parse(text);
        Inbound in = translate(*e, ctx);
        benchmark::DoNotOptimize(in);
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
}
BENCHMARK_CAPTURE(parse_and_translate, chat_message, kChat);
BENCHMARK_CAPTURE(parse_and_translate, presence, kPresence);
BENCHMARK_CAPTURE(parse_and_translate, disco_static_answer, kDisco);
BENCHMARK_CAPTURE(parse_and_translate, reaction, kReaction);

// Translation alone, on an already parsed Element (the part this project wrote).
void translate_only(benchmark::State& state) {
    StanzaParser parser;
    InboundContext ctx = context();
    const Element parsed = *parser.parse(kChat);
    for (auto _ : state) {
        Element e = parsed;
        Inbound in = translate(e, ctx);
        benchmark::DoNotOptimize(in);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(translate_only);

// Registration includes crypto_box_seal of the token (X25519 + XSalsa20-Poly1305).
void registration_with_sealing(benchmark::State& state) {
    StanzaParser parser;
    InboundContext ctx = context();
    const std::string text =
        "<iq type='set' id='r1' from='romeo@localhost/phone' to='discord.localhost'><query "
        "xmlns='jabber:iq:register'><password>MTA4NjQ2Mjg.GxYz12.e2e-Secret_Token-value</password>"
        "</query></iq>";
    for (auto _ : state) {
        auto e = parser.parse(text);
        Inbound in = translate(*e, ctx);
        benchmark::DoNotOptimize(in);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(registration_with_sealing);

core::Effect message_effect() {
    core::SendXmppMessage m{"123456789012345678@discord.localhost", "romeo@localhost", "chat",
                            "cg-1042", "Hello there, this is a fairly ordinary chat message."};
    m.stanza_id = "1311111111111111111";
    m.chat_state = "active";
    m.markable = true;
    core::Effect e;
    e.id = 1042;
    e.cause = 1042;
    e.user = "romeo@localhost";
    e.payload = m;
    return e;
}

void serialise_effect(benchmark::State& state, const core::Effect& effect) {
    OutboundContext ctx{"discord.localhost"};
    std::size_t bytes = 0;
    for (auto _ : state) {
        auto stanza = serialise(effect, ctx);
        std::string text = stanza->str(ns::kComponent);
        bytes += text.size();
        benchmark::DoNotOptimize(text);
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}

core::Effect roster_effect() {
    core::SetXmppRoster r;
    r.from = "discord.localhost";
    r.item = core::RosterItem{"123456789012345678@discord.localhost", "Alice", {"Discord"}, "both"};
    core::Effect e;
    e.id = 7;
    e.user = "romeo@localhost";
    e.payload = r;
    return e;
}

core::Effect carbon_effect() {
    core::Effect e;
    e.id = 8;
    e.user = "romeo@localhost";
    e.payload =
        core::SendXmppCarbon{"123456789012345678@discord.localhost", "chat",       "cg-8",
                             "written in the Discord app",           std::nullopt, std::nullopt};
    return e;
}

BENCHMARK_CAPTURE(serialise_effect, chat_message, message_effect());
BENCHMARK_CAPTURE(serialise_effect, roster_set, roster_effect());
BENCHMARK_CAPTURE(serialise_effect, privileged_carbon, carbon_effect());

// What the gateway does for a chat message since 2026-12-02: the same stanza as
// serialise_effect/chat_message, written as text into a reused buffer without an Element tree.
void write_message_text(benchmark::State& state) {
    const core::Effect effect = message_effect();
    const auto& message = std::get<core::SendXmppMessage>(effect.payload);
    std::string text;
    std::size_t bytes = 0;
    for (auto _ : state) {
        text.clear();
        XmlWriter writer(text, ns::kComponent);
        write_message(writer, message);
        bytes += text.size();
        benchmark::DoNotOptimize(text.data());
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}
BENCHMARK(write_message_text);

// The full effect path the adapter runs per bus frame: decode the canonical envelope, then
// serialise the stanza.
void decode_and_serialise(benchmark::State& state) {
    const std::string frame = core::encode_effect(message_effect());
    OutboundContext ctx{"discord.localhost"};
    for (auto _ : state) {
        core::Effect e = core::decode_effect(frame);
        std::string text = serialise(e, ctx)->str(ns::kComponent);
        benchmark::DoNotOptimize(text);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(decode_and_serialise);

}  // namespace
