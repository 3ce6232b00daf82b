// What the XMPP server sends the component, from bytes to events (adapters/xmpp/stream_parser.hpp,
// inbound.hpp): the input is read as the stream's content after its header, each stanza is
// translated, an event must go on the bus and come back, and a reply must be one well-formed
// stanza (it is written back onto the server's stream).

#include <adapters/xmpp/inbound.hpp>
#include <adapters/xmpp/stream_parser.hpp>
#include <core/event.hpp>
#include <tests/fuzz/fuzz_check.hpp>

#include <sodium.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

using namespace cordgate;
using namespace cordgate::adapters::xmpp;

constexpr std::string_view kHeader =
    "<?xml version='1.0'?><stream:stream xmlns='jabber:component:accept' "
    "xmlns:stream='http://etherx.jabber.org/streams' id='fuzz' from='discord.localhost'>";

const InboundContext& context() {
    static const InboundContext ctx = [] {
        InboundContext c;
        c.gateway = "discord.localhost";
        c.allowed_domains = {"localhost"};
        c.max_body_bytes = 4096;
        if (sodium_init() < 0) fuzz::fail("sodium_init");
        common::KeyPair pair;
        crypto_box_keypair(pair.public_key.data(), pair.secret_key.data());
        c.discord_key = pair.public_key;
        return c;
    }();
    return ctx;
}

void check_stanza(Element& stanza) {
    Inbound in = translate(stanza, context());
    if (in.event) {
        core::Event event;
        event.origin = "xmpp";
        event.user = in.user;
        event.payload = std::move(*in.event);
        const std::string sent = core::encode_event(event);
        fuzz::check_equal("an inbound event does not survive the bus", sent,
                          core::encode_event(core::decode_event(sent)));
    }
    if (in.reply) {
        static StanzaParser reader;
        const std::string text = in.reply->str("jabber:component:accept");
        if (!reader.parse(text)) fuzz::fail("a reply is not one well-formed stanza", text);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    StreamLimits limits;
    limits.max_stanza_bytes = 16 * 1024;  // small, so that the bound is met often
    limits.max_depth = 64;
    StreamParser parser(limits,
                        {[](const Element&) {}, [](Element& s) { check_stanza(s); }, [] {}});
    if (!parser.feed(kHeader)) fuzz::fail("the stream header is refused", parser.fault_text());
    parser.feed(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
