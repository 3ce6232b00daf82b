#include <core/archive/room_history.hpp>
#include <core/archive/time_bounds.hpp>
#include <core/channel_permissions.hpp>
#include <core/conversation.hpp>
#include <core/jid.hpp>
#include <core/puppets.hpp>
#include <core/relationships.hpp>
#include <core/rich_content.hpp>
#include <core/rooms.hpp>

#include <algorithm>

namespace cordgate::core::archive {
namespace {

// What one page may hold: XEP-0313 leaves the cap to the server; a client asks for less.
constexpr int kDefaultPage = 50;
constexpr int kMaxPage = 250;
// A hole is filled with Discord's largest page (userdoccers message.mdx, "Get Messages").
constexpr int kFetchLimit = 100;

std::string bare_of(const std::string& jid) {
    return jid.substr(0, jid.find('/'));
}

void refuse(ApplyContext& ctx, const XmppArchiveQuery& q, const char* type, const char* condition,
            const char* text) {
    ctx.emit(SendXmppIqError{q.to, q.from, q.iq_id, type, condition, text});
}

// An id the client names must be one the archive holds (XEP-0313 §5.1.2: item-not-found).
bool known_id(const Store& store, const RoomRef& room, const std::optional<std::string>& text,
              Snowflake& out) {
    if (!text) return true;
    auto id = Snowflake::parse(*text);
    if (!id || !find(store, room, *id)) return false;
    out = *id;
    return true;
}

struct Bounds {
    Snowflake after{0};
    Snowflake before{UINT64_MAX};
    bool newest_first = false;
};

// The query's filters as one exclusive id range. nullopt after an error was sent.
std::optional<Bounds> bounds_of(ApplyContext& ctx, const Store& store, const RoomRef& room,
                                const XmppArchiveQuery& q) {
    Bounds b;
    if (q.start) {
        auto ms = parse_datetime_ms(*q.start);
        if (!ms) {
            refuse(ctx, q, "modify", "bad-request", "start is no XEP-0082 time");
            return std::nullopt;
        }
        Snowflake first = first_snowflake_at(*ms);
        b.after = first.value ? Snowflake{first.value - 1} : first;
    }
    if (q.end) {
        auto ms = parse_datetime_ms(*q.end);
        if (!ms) {
            refuse(ctx, q, "modify", "bad-request", "end is no XEP-0082 time");
            return std::nullopt;
        }
        b.before = first_snowflake_at(*ms + 1);
    }
    Snowflake after_id{0}, before_id{UINT64_MAX}, page_after{0}, page_before{UINT64_MAX};
    const std::optional<std::string> rsm_before =
        q.page_before && !q.page_before->empty() ? q.page_before : std::nullopt;
    if (!known_id(store, room, q.after_id, after_id) ||
        !known_id(store, room, q.before_id, before_id) ||
        !known_id(store, room, q.page_after, page_after) ||
        !known_id(store, room, rsm_before, page_before)) {
        refuse(ctx, q, "cancel", "item-not-found", "no such message in this room's archive");
        return std::nullopt;
    }
    b.after = std::max({b.after, after_id, page_after});
    b.before = std::min({b.before, before_id, page_before});
    b.newest_first = q.page_before.has_value();
    return b;
}

// MAM's `with` in a room (XEP-0313 §6.1.1 leaves its meaning to the archive): an occupant's
// JID (room@gateway/nick) keeps what that nick wrote; a Discord user's JID (snowflake@gateway)
// keeps what that user wrote under any nick; the user's own bare JID keeps their own messages.
// Empty filter: no `with`. nullopt after an error was sent.
std::optional<Filter> with_filter(ApplyContext& ctx, const Session& session,
                                  const std::string& room_bare, const XmppArchiveQuery& q) {
    if (!q.with) return Filter{};
    auto jid = Jid::parse(*q.with);
    if (!jid) {
        refuse(ctx, q, "modify", "jid-malformed", "with is no JID");
        return std::nullopt;
    }
    if (jid->bare() == room_bare && !jid->resource.empty()) {
        std::string occupant = *q.with;
        return Filter{[occupant](const ArchivedMessage& m) { return m.message.from == occupant; }};
    }
    std::optional<Snowflake> author = puppet_user(session, *q.with);
    if (!author && jid->bare() == session.jid && session.self) author = session.self->id;
    if (!author) return Filter{[](const ArchivedMessage&) { return false; }};
    return Filter{[id = *author](const ArchivedMessage& m) { return m.author == id; }};
}

void answer(ApplyContext& ctx, Session& session, Room& room, const XmppArchiveQuery& q,
            bool fetched) {
    Store& store = ctx.archive();
    const RoomRef ref{session.jid, room.id};
    auto bounds = bounds_of(ctx, store, ref, q);
    if (!bounds) return;
    const std::string room_bare = room_jid(session, room.id);
    auto filter = with_filter(ctx, session, room_bare, q);
    if (!filter) return;
    const auto max =
        static_cast<std::size_t>(std::clamp(q.max.value_or(kDefaultPage), 0, kMaxPage));
    // Without READ_MESSAGE_HISTORY Discord shows no history (userdoccers message.mdx).
    const bool may_read = permissions::user_can(session, room, permissions::kReadMessageHistory);
    Page page;
    if (may_read)
        page = archive::page(store, ref, bounds->after, bounds->before, bounds->newest_first, max,
                             *filter);
    const RoomMeta m = meta(store, ref);
    // Paging back ran out of kept messages before the channel's beginning: a hole Discord fills.
    const bool reached_back = bounds->after.value > 0 || m.from_beginning || m.floor;
    const bool empty_archive = m.count == 0;
    if (may_read && !fetched && !page.more && page.entries.size() < max && !reached_back &&
        (bounds->newest_first || empty_archive) && session.login_state == "ready") {
        FetchDiscordHistory fetch{room.id, kFetchLimit};
        if (!page.entries.empty()) {
            fetch.before = page.entries.front().id;
        } else if (bounds->before.value != UINT64_MAX) {
            fetch.before = bounds->before;
        }
        if (!session.archive_waits) session.archive_waits.emplace();
        ArchiveWait& wait = (*session.archive_waits)[room.id];
        if (wait.queries.empty()) {
            wait.effect_id = ctx.emit(std::move(fetch));
            wait.limit = kFetchLimit;
        }
        wait.queries.push_back(q);
        return;
    }
    if (q.flip_page.value_or(false)) std::reverse(page.entries.begin(), page.entries.end());
    for (auto& entry : page.entries) {
        SendXmppArchived result;
        result.from = room_bare;
        result.to = q.from;
        result.query_id = q.query_id;
        result.result_id = entry.id.str();
        result.message = std::move(entry.message.message);
        result.message.to = q.from;
        ctx.emit(std::move(result));
    }
    SendXmppArchiveFin fin;
    fin.from = q.to;
    fin.to = q.from;
    fin.iq_id = q.iq_id;
    fin.complete = !page.more && (!bounds->newest_first || reached_back || fetched || !may_read);
    if (!page.entries.empty()) {
        fin.first = page.entries.front().id.str();
        fin.last = page.entries.back().id.str();
    }
    ctx.emit(std::move(fin));
}

void answer_waiting(ApplyContext& ctx, Session& session, Snowflake channel) {
    if (!session.archive_waits) return;
    auto it = session.archive_waits->find(channel);
    if (it == session.archive_waits->end()) return;
    std::vector<XmppArchiveQuery> queries = std::move(it->second.queries);
    session.archive_waits->erase(it);
    if (session.archive_waits->empty()) session.archive_waits.reset();
    auto room = session.rooms.find(channel);
    for (const auto& q : queries) {
        if (room == session.rooms.end()) {
            refuse(ctx, q, "cancel", "item-not-found", "the room is gone");
            continue;
        }
        answer(ctx, session, room->second, q, true);
    }
}

}  // namespace

void keep(ApplyContext& ctx, Session& session, Room& room, const DiscordMessageCreate& msg,
          SendXmppMessage shown) {
    shown.from =
        room_jid(session, room.id) + "/" + rooms::occupant_nick(ctx, session, room, msg.author);
    shown.to.clear();
    shown.message_type = "groupchat";
    shown.stanza_id = msg.id.str();
    shown.delay_stamp = msg.timestamp;
    shown.chat_state.reset();
    shown.receipt_request.reset();
    shown.markable.reset();
    record(ctx.archive(), RoomRef{session.jid, room.id}, msg.id,
           ArchivedMessage{std::move(shown), msg.author.id});
}

void keep_correction(ApplyContext& ctx, const Session& session, Snowflake room, Snowflake id,
                     const std::string& body) {
    correct(ctx.archive(), RoomRef{session.jid, room}, id, body);
}

void keep_retraction(ApplyContext& ctx, const Session& session, Snowflake room, Snowflake id) {
    retract(ctx.archive(), RoomRef{session.jid, room}, id);
}

std::optional<std::vector<Entry>> recent(ApplyContext& ctx, const Session& session, Snowflake room,
                                         std::size_t max) {
    const RoomRef ref{session.jid, room};
    const RoomMeta m = meta(ctx.archive(), ref);
    if (m.count < max && !m.from_beginning && !m.floor) return std::nullopt;
    return page(ctx.archive(), ref, Snowflake{0}, Snowflake{UINT64_MAX}, true, max).entries;
}

void on_query(ApplyContext& ctx, Session& session, const XmppArchiveQuery& query) {
    Room* room = room_of_jid(session, bare_of(query.to));
    if (!room || !permissions::user_can(session, *room, permissions::kViewChannel)) {
        refuse(ctx, query, "cancel", "item-not-found", "no such room");
        return;
    }
    answer(ctx, session, *room, query, false);
}

bool on_history(ApplyContext& ctx, Session& session, const DiscordChannelHistory& history) {
    if (!session.archive_waits) return false;
    auto wait = session.archive_waits->find(history.channel_id);
    if (wait == session.archive_waits->end()) return false;
    auto room = session.rooms.find(history.channel_id);
    if (room != session.rooms.end()) {
        for (const auto& msg : history.messages) {
            if (relationships::is_blocked(session, msg.author.id)) continue;
            keep(ctx, session, room->second, msg,
                 rooms::history_message(ctx, session, room->second, msg));
        }
        if (history.messages.size() < static_cast<std::size_t>(wait->second.limit)) {
            mark_from_beginning(ctx.archive(), RoomRef{session.jid, room->first});
        }
    }
    answer_waiting(ctx, session, history.channel_id);
    return true;
}

bool on_effect_failed(ApplyContext& ctx, Session& session, const DiscordEffectFailed& failed) {
    if (!session.archive_waits) return false;
    for (const auto& [channel, wait] : *session.archive_waits) {
        if (wait.effect_id != failed.effect_id) continue;
        const Snowflake id = channel;
        answer_waiting(ctx, session, id);
        return true;
    }
    return false;
}

}  // namespace cordgate::core::archive
