#include <core/avatars.hpp>
#include <core/contacts.hpp>
#include <core/jid.hpp>
#include <core/puppets.hpp>

namespace cordgate::core {
namespace {

constexpr const char* kRosterGroup = "Discord";

}  // namespace

Contact& upsert_contact(Session& session, const DiscordUser& user) {
    Contact& contact = session.contacts[user.id];
    contact.user = user;
    return contact;
}

const Privileges& privileges_for(const State& state, const Session& session) {
    static const Privileges none{};
    auto jid = Jid::parse(session.jid);
    if (!jid) return none;
    auto it = state.privileges.find(jid->domain);
    return it == state.privileges.end() ? none : it->second;
}

void offer_contact(ApplyContext& ctx, Session& session, Contact& contact) {
    // Only friends and DM partners are contacts: not someone whose friend request waits (the
    // puppet's own subscription request is out, relationships.cpp, which only the user can
    // answer), nor a blocked user, an ex-friend or someone asked by the user.
    if (contact.blocked() || contact.relation == Relation::incoming_request ||
        (!contact.is_friend && !contact.dm_channel)) {
        return;
    }
    if (!contact.in_roster) {
        contact.in_roster = true;
        std::string jid = puppet_jid(session, contact.user.id);
        if (privileges_for(ctx.state(), session).can_set_roster()) {
            ctx.emit(SetXmppRoster{session.gateway,
                                   RosterItem{jid, contact.roster_name(), {kRosterGroup}, "both"}});
        } else {
            SendXmppPresence subscribe;
            subscribe.from = jid;
            subscribe.to = session.jid;
            subscribe.id = ctx.derived_id();
            subscribe.presence_type = "subscribe";
            subscribe.status = contact.roster_name();
            ctx.emit(std::move(subscribe));
        }
    }
    avatars::follow(ctx, session, contact);
}

void resend_contact(ApplyContext& ctx, Session& session, Contact& contact) {
    contact.in_roster = false;
    offer_contact(ctx, session, contact);
}

void rename_contact(ApplyContext& ctx, Session& session, Contact& contact) {
    if (!contact.in_roster || !privileges_for(ctx.state(), session).can_set_roster()) return;
    ctx.emit(SetXmppRoster{
        session.gateway,
        RosterItem{
            puppet_jid(session, contact.user.id), contact.roster_name(), {kRosterGroup}, "both"}});
}

void withdraw_contact(ApplyContext& ctx, Session& session, Contact& contact) {
    if (!contact.in_roster) return;
    contact.in_roster = false;
    std::string jid = puppet_jid(session, contact.user.id);
    if (privileges_for(ctx.state(), session).can_set_roster()) {
        ctx.emit(SetXmppRoster{session.gateway, RosterItem{jid, std::nullopt, {}, "remove"}});
        return;
    }
    for (const char* type : {"unsubscribe", "unsubscribed"}) {
        SendXmppPresence p;
        p.from = jid;
        p.to = session.jid;
        p.id = ctx.derived_id();
        p.presence_type = type;
        ctx.emit(std::move(p));
    }
}

SendXmppVcard puppet_vcard(const DiscordUser& user, const PendingQuery& query) {
    SendXmppVcard vcard;
    vcard.from = query.to;
    vcard.to = query.from;
    vcard.iq_id = query.iq_id;
    vcard.full_name = user.display_name();
    vcard.nickname = user.username;
    vcard.url = "https://discord.com/users/" + user.id.str();
    return vcard;
}

void show_presence(ApplyContext& ctx, const Session& session, const Contact& contact) {
    if (!contact.in_roster || session.online_resources.empty()) return;
    auto p = puppet_presence(session, contact, session.jid);
    p.id = ctx.derived_id();
    ctx.emit(std::move(p));
}

SendXmppPresence puppet_presence(const Session& session, const Contact& contact,
                                 const std::string& to) {
    SendXmppPresence p;
    p.from = puppet_jid(session, contact.user.id);
    p.to = to;
    if (contact.status == "offline") {
        p.presence_type = "unavailable";
    } else if (contact.status == "idle") {
        p.show = "away";
    } else if (contact.status == "dnd") {
        p.show = "dnd";
    }
    p.status = contact.status_text;
    p.avatar_hash = contact.avatar_sha1;
    if (contact.user.bot) p.bot = true;
    return p;
}

}  // namespace cordgate::core
