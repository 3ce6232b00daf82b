#include <adapters/xmpp/outbound.hpp>

#include <adapters/xmpp/caps.hpp>
#include <adapters/xmpp/namespaces.hpp>
#include <adapters/xmpp/outbound_message.hpp>
#include <adapters/xmpp/outbound_parts.hpp>
#include <adapters/xmpp/own_avatar.hpp>
#include <adapters/xmpp/stanza_error.hpp>
#include <adapters/xmpp/tree_writer.hpp>
#include <adapters/xmpp/xml_writer.hpp>
#include <core/puppet_disco.hpp>

namespace cordgate::adapters::xmpp {
namespace detail {

Element stanza(const char* name, const std::string& from, const std::string& to) {
    Element e(name, ns::kComponent);
    e.set("from", from).set("to", to);
    return e;
}

std::string bare(const std::string& jid) {
    return jid.substr(0, jid.find('/'));
}

}  // namespace detail
namespace {

using detail::bare;
using detail::stanza;

Element message(const std::string& from, const std::string& to, const std::string& type,
                const std::string& id) {
    Element m = stanza("message", from, to);
    m.set("type", type).set("id", id);
    return m;
}

// Fallback text for clients without XEP-0424, marked as such (XEP-0428) so newer ones hide it.
constexpr const char* kRetractFallback =
    "This person attempted to retract a previous message, but your client does not support it.";

// What the user did in the official app, inside the carbon: the same elements a client of
// theirs would have sent for it.
void add_carbon_payload(Element& inner, const core::SendXmppCarbon& p) {
    if (p.body) inner.add("body", ns::kClient, *p.body);
    if (p.origin_id) inner.add("origin-id", ns::kSid).set("id", *p.origin_id);
    if (p.replace_id) inner.add("replace", ns::kCorrect).set("id", *p.replace_id);
    if (p.reply_to_id) inner.add("reply", ns::kReply).set("id", *p.reply_to_id);
    if (p.oob_url) inner.add("x", ns::kOob).add("url", ns::kOob, *p.oob_url);
    if (p.spoiler.value_or(false)) inner.add("spoiler", ns::kSpoiler);
    if (p.retract_id) {
        inner.add("retract", ns::kRetract1).set("id", *p.retract_id);
        inner.add("store", ns::kHints);
    }
    if (p.reactions_to) {
        Element& r = inner.add("reactions", ns::kReactions);
        r.set("id", *p.reactions_to);
        for (const auto& emoji : p.reactions.value_or(std::vector<std::string>{})) {
            r.add("reaction", ns::kReactions, emoji);
        }
        inner.add("store", ns::kHints);
    }
    if (p.displayed_id) {
        inner.add("displayed", ns::kMarkers).set("id", *p.displayed_id);
        inner.add("store", ns::kHints);
    }
}

// A stanza forwarded inside another (XEP-0297) is a client stanza: it must not inherit the
// component namespace of the stanza that carries it.
void in_client_namespace(Element& e) {
    if (e.ns == ns::kComponent) e.ns = ns::kClient;
    for (auto& child : e.children) in_client_namespace(child);
}

struct Writer {
    const core::Effect& effect;
    const OutboundContext& ctx;

    std::optional<Element> operator()(const core::SendXmppMessage& p) const {
        TreeWriter tree;
        write_message(tree, p);
        return tree.take();
    }

    std::optional<Element> operator()(const core::SendXmppArchived& p) const {
        // XEP-0313 §4.2: the result, from the room, forwarding the message as it was shown.
        Element m = stanza("message", p.from, p.to);
        m.set("id", stanza_id_for(effect));
        Element& result = m.add("result", ns::kMam);
        result.set_if("queryid", p.query_id).set("id", p.result_id);
        Element& forwarded = result.add("forwarded", ns::kForward);
        if (p.message.delay_stamp) {
            forwarded.add("delay", ns::kDelay).set("stamp", *p.message.delay_stamp);
        }
        TreeWriter tree;
        write_message(tree, p.message);
        Element inner = tree.take();
        in_client_namespace(inner);
        forwarded.add(std::move(inner));
        return m;
    }

    std::optional<Element> operator()(const core::SendXmppArchiveFin& p) const {
        Element iq = stanza("iq", p.from, p.to);
        iq.set("type", "result").set("id", p.iq_id);
        Element& fin = iq.add("fin", ns::kMam);
        if (p.complete) fin.set("complete", "true");
        Element& set = fin.add("set", ns::kRsm);
        if (p.first) set.add("first", ns::kRsm, *p.first);
        if (p.last) set.add("last", ns::kRsm, *p.last);
        return iq;
    }

    std::optional<Element> operator()(const core::SetXmppRoster& p) const {
        // XEP-0356 roster permission: a plain roster IQ addressed to the user's bare JID. The
        // wrapped <privileged_iq> form does not work for jabber:iq:roster on prosody.
        Element iq = stanza("iq", p.from, effect.user);
        iq.set("type", "set").set("id", stanza_id_for(effect));
        Element& query = iq.add("query", ns::kRoster);
        const core::RosterItem& item = p.item;
        Element& i = query.add("item", ns::kRoster);
        i.set("jid", item.jid).set_if("name", item.name).set("subscription", item.subscription);
        for (const auto& g : item.groups) i.add("group", ns::kRoster, g);
        return iq;
    }

    std::optional<Element> operator()(const core::SendXmppRetraction& p) const {
        // XEP-0425 v0.3: a moderator's retraction is announced by the room itself.
        Element m = p.moderated_by ? message(bare(p.from), p.to, "groupchat", p.id)
                                   : message(p.from, p.to, p.message_type, p.id);
        Element& retract = m.add("retract", ns::kRetract1);
        retract.set("id", p.retract_id);
        if (p.moderated_by) retract.add("moderated", ns::kModerate).set("by", *p.moderated_by);
        m.add("fallback", ns::kFallback).set("for", ns::kRetract1);
        m.add("body", ns::kComponent, kRetractFallback);
        m.add("store", ns::kHints);
        return m;
    }

    std::optional<Element> operator()(const core::SendXmppReactions& p) const {
        Element m = message(p.from, p.to, p.message_type, p.id);
        Element& r = m.add("reactions", ns::kReactions);
        r.set("id", p.target_id);
        for (const auto& emoji : p.reactions) r.add("reaction", ns::kReactions, emoji);
        m.add("store", ns::kHints);
        return m;
    }

    std::optional<Element> operator()(const core::SendXmppChatState& p) const {
        Element m = message(p.from, p.to, p.message_type, p.id);
        m.add(p.state, ns::kChatStates);
        m.add("no-store", ns::kHints);
        return m;
    }

    std::optional<Element> operator()(const core::SendXmppMarker& p) const {
        Element m = message(p.from, p.to, p.message_type, p.id);
        if (p.marker == "receipt") {
            m.add("received", ns::kReceipts).set("id", p.target_id);
        } else {
            m.add(p.marker, ns::kMarkers).set("id", p.target_id);
        }
        m.add("store", ns::kHints);
        return m;
    }

    std::optional<Element> operator()(const core::SendXmppPresence& p) const {
        Element pr = stanza("presence", p.from, p.to);
        pr.set_if("id", p.id).set_if("type", p.presence_type);
        if (p.show) pr.add("show", ns::kComponent, *p.show);
        if (p.status) pr.add("status", ns::kComponent, *p.status);
        if (p.avatar_hash) {
            Element& x = pr.add("x", ns::kVcardUpdate);
            x.add("photo", ns::kVcardUpdate, *p.avatar_hash);
        }
        // XEP-0115: clients learn what a puppet supports from one cached disco#info per ver
        // instead of one query per contact.
        if (!p.presence_type && p.from.find('@') != std::string::npos) {
            pr.add("c", ns::kCaps)
                .set("hash", "sha-1")
                .set("node", std::string(core::kPuppetCapsNode))
                .set("ver", puppet_caps_ver(p.bot.value_or(false)));
        }
        return pr;
    }

    std::optional<Element> operator()(const core::SendXmppVcard& p) const {
        Element iq = stanza("iq", p.from, p.to);
        iq.set("type", "result").set("id", p.iq_id);
        Element& v = iq.add("vCard", ns::kVcard);
        if (p.full_name) v.add("FN", ns::kVcard, *p.full_name);
        if (p.nickname) v.add("NICKNAME", ns::kVcard, *p.nickname);
        if (p.url) v.add("URL", ns::kVcard, *p.url);
        if (p.description) v.add("DESC", ns::kVcard, *p.description);
        if (p.photo_base64) {
            Element& photo = v.add("PHOTO", ns::kVcard);
            if (p.photo_type) photo.add("TYPE", ns::kVcard, *p.photo_type);
            photo.add("BINVAL", ns::kVcard, *p.photo_base64);
        }
        return iq;
    }

    std::optional<Element> operator()(const core::SendXmppDiscoInfo& p) const {
        Element iq = stanza("iq", p.from, p.to);
        iq.set("type", "result").set("id", p.iq_id);
        Element& q = iq.add("query", ns::kDiscoInfo);
        q.set_if("node", p.node);
        for (const auto& id : p.identities) {
            q.add("identity", ns::kDiscoInfo)
                .set("category", id.category)
                .set("type", id.type)
                .set_if("name", id.name);
        }
        for (const auto& f : p.features) q.add("feature", ns::kDiscoInfo).set("var", f);
        return iq;
    }

    std::optional<Element> operator()(const core::SendXmppIqResult& p) const {
        Element iq = stanza("iq", p.from, p.to);
        iq.set("type", "result").set("id", p.iq_id);
        return iq;
    }

    std::optional<Element> operator()(const core::SendXmppIqError& p) const {
        Element iq = stanza("iq", p.from, p.to);
        iq.set("type", "error").set("id", p.iq_id);
        iq.add(error_element(p.error_type, p.condition, p.text.value_or("")));
        return iq;
    }

    std::optional<Element> operator()(const core::SendXmppMessageError& p) const {
        Element m = stanza("message", p.from, p.to);
        m.set("type", "error").set_if("id", p.id);
        m.add(error_element(p.error_type, p.condition, p.text.value_or("")));
        return m;
    }

    std::optional<Element> operator()(const core::SendXmppCarbon& p) const {
        // XEP-0356 message permission: the server delivers the inner message as if the user's
        // bare JID sent it; inside is an XEP-0280 'sent' carbon of what went to the contact.
        // Inner stanzas need an explicit jabber:client, or they inherit the component
        // namespace and the server refuses them.
        const std::string& user = effect.user;
        const std::string server = user.substr(user.find('@') + 1);
        Element outer = stanza("message", ctx.gateway, server);
        outer.set("id", p.id);
        Element& wrapper = outer.add("privilege", ctx.privilege_ns)
                               .add("forwarded", ns::kForward)
                               .add(Element("message", ns::kClient));
        wrapper.set("from", user)
            .set("to", user)
            .set("type", p.message_type)
            .set("id", p.id + "-c");
        Element& inner = wrapper.add("sent", ns::kCarbons)
                             .add("forwarded", ns::kForward)
                             .add(Element("message", ns::kClient));
        inner.set("from", user).set("to", p.to).set("type", p.message_type).set("id", p.id);
        add_carbon_payload(inner, p);
        wrapper.add("private", ns::kCarbons);
        return outer;
    }

    std::optional<Element> operator()(const core::SendXmppMucPresence& p) const {
        return detail::muc_presence(p);
    }
    std::optional<Element> operator()(const core::SendXmppSubject& p) const {
        return detail::subject(p);
    }
    std::optional<Element> operator()(const core::SendXmppRoomStatus& p) const {
        return detail::room_status(p);
    }
    std::optional<Element> operator()(const core::SendXmppInvite& p) const {
        return detail::invite(p);
    }
    std::optional<Element> operator()(const core::SendXmppDiscoItems& p) const {
        return detail::disco_items(p);
    }
    std::optional<Element> operator()(const core::SendXmppCommandResult& p) const {
        return detail::command_result(p);
    }
    std::optional<Element> operator()(const core::SendXmppAvatar& p) const {
        return detail::avatar(p);
    }
    std::optional<Element> operator()(const core::SetXmppBookmark& p) const {
        return detail::bookmark(p, ctx.gateway);
    }
    std::optional<Element> operator()(const core::FetchXmppOwnAvatar& p) const {
        return own_avatar_request(p);
    }

    template <class Other>
    std::optional<Element> operator()(const Other&) const {
        return std::nullopt;
    }
};

}  // namespace

std::string stanza_id_for(const core::Effect& effect) {
    return "cg-" + std::to_string(effect.id);
}

std::optional<Element> serialise(const core::Effect& effect, const OutboundContext& ctx) {
    return std::visit(Writer{effect, ctx}, effect.payload);
}

bool write_stanza(const core::Effect& effect, const OutboundContext& ctx, std::string& out,
                  std::string& from) {
    if (const auto* message = std::get_if<core::SendXmppMessage>(&effect.payload)) {
        XmlWriter writer(out, ns::kComponent);
        write_message(writer, *message);
        from = message->from;
        return true;
    }
    auto stanza = serialise(effect, ctx);
    if (!stanza) return false;
    stanza->append_to(out, ns::kComponent);
    const std::string* stanza_from = stanza->attr("from");
    from = stanza_from ? *stanza_from : std::string();
    return true;
}

}  // namespace cordgate::adapters::xmpp
