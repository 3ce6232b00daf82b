// <message/> -> events. One message maps to the most specific event it carries: a privilege
// advertisement, a retraction, a correction, reactions, a marker or receipt, a message with a
// body, or a bare chat state, in that order.

#include <adapters/xmpp/inbound_parts.hpp>
#include <adapters/xmpp/namespaces.hpp>
#include <adapters/xmpp/stanza_error.hpp>

#include <array>
#include <string_view>

namespace cordgate::adapters::xmpp::detail {
namespace {

constexpr std::size_t kMaxReactions = 64;
constexpr std::size_t kMaxReactionBytes = 64;
constexpr std::size_t kMaxIdBytes = 256;
constexpr std::size_t kMaxReferences = 64;
constexpr std::size_t kMaxUriBytes = 2048;

constexpr std::array<std::string_view, 5> kChatStates = {"active", "composing", "paused",
                                                         "inactive", "gone"};
constexpr std::array<std::string_view, 3> kMarkers = {"received", "displayed", "acknowledged"};

// RFC 6121 §5.2.2: an unknown or absent type is "normal".
std::string message_type(const Element& m) {
    std::string t = m.attr_or("type", "normal");
    if (t != "chat" && t != "groupchat" && t != "headline" && t != "normal") t = "normal";
    return t;
}

std::optional<std::string> short_id(const Element* e, std::string_view attr = "id") {
    if (!e) return std::nullopt;
    const std::string* v = e->attr(attr);
    if (!v || v->empty() || v->size() > kMaxIdBytes) return std::nullopt;
    return *v;
}

std::optional<std::uint64_t> index_attr(const Element& e, std::string_view name) {
    const std::string* v = e.attr(name);
    if (!v || v->empty() || v->size() > 9 ||
        v->find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    return std::stoull(*v);
}

// XEP-0372 references: type and uri required; begin/end kept when both are indexes.
std::optional<std::vector<core::XmppReference>> references(const Element& m) {
    std::vector<core::XmppReference> out;
    for (const auto& r : m.children) {
        if (r.name != "reference" || r.ns != ns::kReference) continue;
        if (out.size() == kMaxReferences) break;
        const std::string* type = r.attr("type");
        const std::string* uri = r.attr("uri");
        if (!type || !uri || uri->empty() || uri->size() > kMaxUriBytes || type->size() > 64)
            continue;
        core::XmppReference ref{*type, *uri, index_attr(r, "begin"), index_attr(r, "end")};
        if (!ref.begin || !ref.end) ref.begin = ref.end = std::nullopt;
        out.push_back(std::move(ref));
    }
    if (out.empty()) return std::nullopt;
    return out;
}

Inbound privileges(const Element& m, const Element& priv, const Addresses& a) {
    core::XmppPrivileges p;
    p.from = a.from.full();
    p.namespace_ = priv.ns;
    for (const auto& perm : priv.children) {
        if (perm.name != "perm") continue;
        core::XmppPermission out;
        out.access = perm.attr_or("access");
        out.type = perm.attr_or("type");
        // mod_privilege may nest <namespace/> elements inside each other (a missing :up()),
        // so collect them at any depth.
        const Element* level = &perm;
        while (level) {
            const Element* next = nullptr;
            for (const auto& n : level->children) {
                if (n.name != "namespace") continue;
                std::string entry = n.attr_or("ns");
                if (const auto* t = n.attr("type")) entry += "=" + *t;
                out.namespaces.push_back(std::move(entry));
                next = &n;
            }
            level = next;
        }
        p.perms.push_back(std::move(out));
    }
    (void)m;
    Inbound in;
    in.note = "privileges advertised in " + priv.ns;
    in.event = std::move(p);
    return in;
}

const Element* chat_state(const Element& m) {
    for (const auto& c : m.children) {
        if (c.ns != ns::kChatStates) continue;
        for (auto s : kChatStates) {
            if (c.name == s) return &c;
        }
    }
    return nullptr;
}

}  // namespace

Inbound translate_message(Element& m, const Addresses& a, const InboundContext& ctx) {
    const bool is_priv2 = m.child("privilege", ns::kPrivilege2) != nullptr;
    if (const Element* priv = m.child("privilege", is_priv2 ? ns::kPrivilege2 : ns::kPrivilege1)) {
        // Only the user's server may grant privileges, and it writes from its own domain.
        if (!a.from.local.empty()) return drop("dropped a <privilege/> not sent by a server");
        return privileges(m, *priv, a);
    }
    if (a.to.local.empty()) {
        return answer(error_reply(m, kServiceUnavailable,
                                  "messages go to a contact or room, not to the gateway"),
                      "refused: message to the gateway's own address");
    }

    const std::string type = message_type(m);
    const std::string sender = a.from.full();
    const std::string recipient = a.to.full();
    auto id = short_id(&m);
    const Element* body = m.child("body", m.ns);
    if (body && body->text.size() > ctx.max_body_bytes) {
        return answer(error_reply(m, kNotAcceptable, "message body is too large"),
                      "refused: body of " + std::to_string(body->text.size()) + " bytes");
    }

    auto with_user = [&](auto event, std::string note) {
        Inbound in;
        in.user = a.from.bare();
        in.event = std::move(event);
        in.note = std::move(note);
        return in;
    };

    // XEP-0424, current namespace, then the fastening-based one older clients still send.
    std::optional<std::string> retract_id;
    if (const Element* r = m.child("retract", ns::kRetract1)) {
        retract_id = short_id(r);
        if (!retract_id)
            return answer(error_reply(m, kBadRequest, "retract without id"), "bad retract");
    } else if (const Element* f = m.child("apply-to", ns::kFasten);
               f && f->child("retract", ns::kRetract0)) {
        retract_id = short_id(f);
        if (!retract_id)
            return answer(error_reply(m, kBadRequest, "apply-to without id"), "bad retract");
    }
    if (retract_id) {
        core::XmppRetraction r{sender, recipient, type, id, *retract_id};
        return with_user(std::move(r), "retraction");
    }

    if (const Element* replace = m.child("replace", ns::kCorrect)) {
        auto replace_id = short_id(replace);
        if (!replace_id || !body || body->text.empty()) {
            return answer(error_reply(m, kBadRequest, "correction needs an id and a body"),
                          "bad correction");
        }
        core::XmppCorrection c{sender, recipient, type, id, *replace_id, body->text};
        return with_user(std::move(c), "correction");
    }

    if (const Element* reactions = m.child("reactions", ns::kReactions)) {
        auto target = short_id(reactions);
        if (!target)
            return answer(error_reply(m, kBadRequest, "reactions without id"), "bad reactions");
        core::XmppReactions r{sender, recipient, type, id, *target, {}};
        for (const auto& c : reactions->children) {
            if (c.name != "reaction" || c.ns != ns::kReactions) continue;
            if (c.text.empty() || c.text.size() > kMaxReactionBytes ||
                r.reactions.size() >= kMaxReactions) {
                return answer(error_reply(m, kNotAcceptable, "reaction is empty or too long"),
                              "bad reaction");
            }
            r.reactions.push_back(c.text);
        }
        return with_user(std::move(r), "reactions");
    }

    for (auto marker : kMarkers) {
        if (const Element* mk = m.child(marker, ns::kMarkers)) {
            auto target = short_id(mk);
            if (!target) return drop("dropped a chat marker without id");
            core::XmppMarker e{sender, recipient, type, std::string(marker), *target};
            return with_user(std::move(e), "chat marker");
        }
    }
    if (const Element* rc = m.child("received", ns::kReceipts)) {
        auto target = short_id(rc);
        if (!target) return drop("dropped a receipt without id");
        core::XmppMarker e{sender, recipient, type, "receipt", *target};
        return with_user(std::move(e), "receipt");
    }

    const Element* state = chat_state(m);
    if (body) {
        if (body->text.empty()) {
            return answer(error_reply(m, kNotAcceptable, "empty message body"), "empty body");
        }
        core::XmppMessage msg;
        msg.from = sender;
        msg.to = recipient;
        msg.message_type = type;
        msg.id = id;
        msg.body = body->text;
        msg.origin_id = short_id(m.child("origin-id", ns::kSid));
        if (const Element* sid = m.child("stanza-id", ns::kSid)) msg.stanza_id = short_id(sid);
        if (const Element* reply = m.child("reply", ns::kReply)) {
            msg.reply_to_id = short_id(reply);
            if (const auto* to = reply->attr("to"); to && core::Jid::parse(*to))
                msg.reply_to_jid = *to;
        }
        if (const Element* oob = m.child("x", ns::kOob)) {
            if (const Element* url = oob->child("url", ns::kOob); url && !url->text.empty()) {
                msg.oob_url = url->text;
            }
        }
        if (state) msg.chat_state = state->name;
        if (m.child("request", ns::kReceipts)) msg.receipt_request = true;
        if (m.child("markable", ns::kMarkers)) msg.markable = true;
        msg.references = references(m);
        // XEP-0201: a Discord thread id (digits only; anything else is a client's own thread).
        if (const Element* thread = m.child("thread", ns::kComponent);
            thread && !thread->text.empty() && thread->text.size() <= 20 &&
            thread->text.find_first_not_of("0123456789") == std::string::npos) {
            msg.thread = thread->text;
        }
        return with_user(std::move(msg), "message");
    }
    if (state) {
        core::XmppChatState cs{sender, recipient, type, state->name};
        return with_user(std::move(cs), "chat state");
    }
    // RFC 6121 §8.5.2.1.1 allows silently ignoring what we do not understand; a reply would
    // bounce every unknown extension (and every empty message) back to the user.
    return drop("dropped a message with nothing the gateway handles");
}

}  // namespace cordgate::adapters::xmpp::detail
