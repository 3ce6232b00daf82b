#include <adapters/xmpp/stanza_limit.hpp>

#include <adapters/xmpp/namespaces.hpp>
#include <adapters/xmpp/xml_writer.hpp>

#include <variant>

namespace cordgate::adapters::xmpp {
namespace {

// The body of the effects that carry one; only a body can be cut without changing what the
// stanza means.
std::optional<std::string>* body_of(core::EffectPayload& payload) {
    if (auto* m = std::get_if<core::SendXmppMessage>(&payload)) return &m->body;
    if (auto* c = std::get_if<core::SendXmppCarbon>(&payload)) return &c->body;
    return nullptr;
}

// The longest prefix of at most `n` bytes that ends on a character boundary.
std::size_t utf8_floor(std::string_view text, std::size_t n) {
    if (n >= text.size()) return text.size();
    while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
    return n;
}

std::string cut_note(std::size_t whole) {
    return "\n\n[cordgate: cut here. The whole message is " + std::to_string(whole) +
           " bytes, more than the XMPP server takes in one stanza; read the rest in Discord.]";
}

}  // namespace

Fit write_stanza_within(const core::Effect& effect, const OutboundContext& ctx, std::size_t limit,
                        std::string& out, std::string& from) {
    out.clear();
    if (!write_stanza(effect, ctx, out, from)) return Fit::no_stanza;
    if (out.size() <= limit) return Fit::whole;
    core::Effect cut = effect;
    std::optional<std::string>* body = body_of(cut.payload);
    if (!body || !*body || (*body)->empty()) return Fit::too_big;
    const std::string whole = std::move(**body);
    const std::string note = cut_note(whole.size());
    // Escaping writes each byte as one or more: cutting as many bytes as the text is over is
    // enough, unless the cut-off part was plainer than the rest; a few rounds settle it.
    std::size_t keep = whole.size() * (limit / 2) / (out.size() / 2 + 1);
    for (int round = 0; round < 8; ++round) {
        keep = utf8_floor(whole, keep);
        **body = whole.substr(0, keep) + note;
        out.clear();
        write_stanza(cut, ctx, out, from);
        if (out.size() <= limit) return Fit::cut;
        if (keep == 0) break;
        const std::size_t over = out.size() - limit;
        keep = keep > over ? keep - over : 0;
    }
    return Fit::too_big;
}

std::string too_big_notice(const core::Effect& effect, const OutboundContext& ctx, std::size_t size,
                           std::size_t limit) {
    std::string out;
    XmlWriter w(out, ns::kComponent);
    w.open("message", ns::kComponent)
        .attr("from", ctx.gateway)
        .attr("to", effect.user)
        .attr("type", "chat")
        .attr("id", "cg-too-big-" + std::to_string(effect.id))
        .open("body", ns::kComponent)
        .text("cordgate could not deliver a " + std::string(effect.type()) + " of " +
              std::to_string(size) + " bytes: the XMPP server takes at most " +
              std::to_string(limit) + " bytes in one stanza.")
        .close()
        .close();
    return out;
}

}  // namespace cordgate::adapters::xmpp
