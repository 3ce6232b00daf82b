// <iq/> -> static answers for the gateway's domain, events for registration and for queries
// about puppets and rooms, errors for the rest.

#include <adapters/xmpp/inbound_mam.hpp>
#include <adapters/xmpp/inbound_parts.hpp>
#include <adapters/xmpp/namespaces.hpp>
#include <adapters/xmpp/own_avatar.hpp>
#include <adapters/xmpp/stanza_error.hpp>
#include <adapters/xmpp/static_answers.hpp>
#include <core/command_list.hpp>

namespace cordgate::adapters::xmpp::detail {
namespace {

std::string* find_token(Element& query) {
    for (auto& c : query.children) {
        if (c.name == "password" && c.ns == ns::kRegister) return &c.text;
    }
    for (auto& form : query.children) {
        if (form.name != "x" || form.ns != ns::kDataForms) continue;
        for (auto& f : form.children) {
            if (f.name != "field" || f.attr_or("var") != "token") continue;
            for (auto& v : f.children) {
                if (v.name == "value") return &v.text;
            }
        }
    }
    return nullptr;
}

Inbound registration(Element& iq, Element& query, const Addresses& a, const InboundContext& ctx) {
    Inbound in;
    in.user = a.from.bare();
    if (query.child("remove", ns::kRegister)) {
        in.event = core::XmppUnregister{a.to.domain};
        in.note = "unregistration";
    } else {
        std::string* token = find_token(query);
        if (!token || !plausible_token(*token)) {
            if (token) common::wipe(*token);
            return answer(error_reply(iq, kNotAcceptable, "a Discord token is required"),
                          "refused: registration without a usable token");
        }
        std::string sealed = common::seal(*token, ctx.discord_key);
        common::wipe(*token);
        in.event = core::XmppRegister{a.to.domain, std::move(sealed)};
        in.note = "registration (token sealed)";
    }
    // The result means "the gateway has your registration", which is true once the event is
    // published; whether Discord accepts the token is reported later, as a message.
    in.reply = iq_result(iq);
    return in;
}

Inbound query_event(const Element& iq, const Element& query, const Addresses& a, std::string kind) {
    core::XmppQuery q;
    q.from = a.from.full();
    q.to = a.to.full();
    q.iq_id = iq.attr_or("id");
    q.query = std::move(kind);
    if (const auto* node = query.attr("node")) q.node = *node;
    Inbound in;
    in.user = a.from.bare();
    in.note = "query " + q.query;
    in.event = std::move(q);
    return in;
}

// XEP-0084: a puppet's avatar nodes, read as from its PEP service. The event's node is the
// item id asked for, if any.
std::optional<Inbound> avatar_query(const Element& iq, const Element& pubsub, const Addresses& a) {
    const Element* items = pubsub.child("items", ns::kPubsub);
    const std::string* node = items ? items->attr("node") : nullptr;
    if (!node || (*node != ns::kAvatarMetadata && *node != ns::kAvatarData)) return std::nullopt;
    Inbound in = query_event(iq, *items, a,
                             *node == ns::kAvatarMetadata ? "avatar_metadata" : "avatar_data");
    auto& q = std::get<core::XmppQuery>(*in.event);
    q.node.reset();
    if (const Element* item = items->child("item", ns::kPubsub)) {
        if (const auto* id = item->attr("id")) q.node = *id;
    }
    return in;
}

// disco#info of the domain: the gateway's own identity and features, and the command nodes,
// are fixed facts answered here; nothing else has a node on the domain.
Inbound domain_disco_info(const Element& iq, const Element& query, bool admin) {
    const std::string* node = query.attr("node");
    if (!node) return answer(gateway_disco_info(iq), "disco#info of the gateway");
    if (*node == ns::kCommands || core::is_command(*node) ||
        (admin && core::is_admin_command(*node))) {
        return answer(command_info(iq, *node), "disco#info of a command node");
    }
    return answer(error_reply(iq, kItemNotFound), "disco#info for an unknown node");
}

}  // namespace

constexpr std::size_t kMaxTokenBytes = 512;

// A Discord token is printable ASCII without spaces; anything else is a typo or an attack.
bool plausible_token(const std::string& t) {
    if (t.empty() || t.size() > kMaxTokenBytes) return false;
    for (char c : t) {
        if (c <= ' ' || c > '~') return false;
    }
    return true;
}

Inbound translate_iq(Element& iq, const Addresses& a, const InboundContext& ctx) {
    const std::string type = iq.attr_or("type");
    if (type == "result") {
        // The one result the gateway waits for: the user's vCard, with the photo they announced.
        // Only from the user's own bare JID, to the gateway's domain, as it was asked.
        auto sha1 = own_avatar_sha1_of(iq.attr_or("id"));
        if (sha1 && a.from.resource.empty() && !a.from.local.empty() && a.to.local.empty()) {
            Inbound in;
            in.user = a.from.bare();
            in.note = "own vCard";
            in.event = own_avatar_from_vcard(*sha1, iq);
            return in;
        }
        return drop("iq result " + iq.attr_or("id").substr(0, 64));
    }
    if (type != "get" && type != "set") {
        return answer(error_reply(iq, kBadRequest, "iq type must be get, set, result or error"),
                      "refused: bad iq type");
    }
    const std::string* id = iq.attr("id");
    if (!id || id->empty()) {
        return answer(error_reply(iq, kBadRequest, "iq without id"), "refused: iq without id");
    }
    if (iq.children.size() != 1) {
        return answer(error_reply(iq, kBadRequest, "an iq get or set has exactly one child"),
                      "refused: iq with " + std::to_string(iq.children.size()) + " children");
    }
    Element& query = iq.children.front();
    const bool get = type == "get";

    if (a.to.is_domain()) {
        const bool admin = ctx.is_admin(a.from.bare());
        if (get && query.ns == ns::kDiscoInfo) return domain_disco_info(iq, query, admin);
        if (get && query.ns == ns::kDiscoItems) {
            const std::string* node = query.attr("node");
            if (node && *node == ns::kCommands) {
                return answer(command_list(iq, admin), "command list");
            }
            // The rooms the user can join depend on their session: the core answers.
            if (!node) return query_event(iq, query, a, "disco_items");
            return answer(error_reply(iq, kItemNotFound), "disco#items for an unknown node");
        }
        if (!get && query.name == "command" && query.ns == ns::kCommands) {
            return translate_command(iq, query, a, ctx);
        }
        if (get && query.ns == ns::kPing) return answer(iq_result(iq), "ping");
        if (query.ns == ns::kRegister) {
            if (get) return answer(register_form(iq), "registration form");
            return registration(iq, query, a, ctx);
        }
    } else if (a.to.resource.empty() && query.name == "query" && query.ns == ns::kMam) {
        return translate_archive_query(iq, query, a);  // a room's archive (the core answers)
    } else if (get) {
        // Puppets, rooms and room occupants: only the state knows them.
        if (query.ns == ns::kDiscoInfo) return query_event(iq, query, a, "disco_info");
        if (query.ns == ns::kDiscoItems) return query_event(iq, query, a, "disco_items");
        if (a.to.resource.empty() && query.ns == ns::kVcard && query.name == "vCard")
            return query_event(iq, query, a, "vcard");
        if (a.to.resource.empty() && query.ns == ns::kPubsub && query.name == "pubsub") {
            if (auto avatar = avatar_query(iq, query, a)) return std::move(*avatar);
        }
    }
    return answer(error_reply(iq, kFeatureNotImplemented),
                  "refused: iq " + type + " in an unsupported namespace");
}

}  // namespace cordgate::adapters::xmpp::detail
