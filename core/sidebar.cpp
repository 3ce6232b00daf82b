// The member sidebars of guild channels (GUILD_MEMBER_LIST_UPDATE) and the occupants they give
// the rooms that show them.

#include <core/rooms.hpp>

#include <algorithm>
#include <set>

namespace cordgate::core::rooms {
namespace {

// The rows of the first range (subscriptions.hpp asks for [0, 99]); rows past it are not
// followed, so Discord would not keep them current.
constexpr int kSidebarRows = 100;

std::set<Snowflake> listed(const Guild& guild, const std::string& list_id) {
    std::set<Snowflake> out;
    if (!guild.sidebars) return out;
    auto sidebar = guild.sidebars->find(list_id);
    if (sidebar == guild.sidebars->end()) return out;
    for (const auto& row : sidebar->second.rows) {
        if (row.member) out.insert(*row.member);
    }
    return out;
}

std::set<Snowflake> occupants(const Session& session, const Guild& guild, const Room& room) {
    std::set<Snowflake> out = listed(guild, room.list_id());
    for (const auto& [id, m] : guild.members) {
        if (m.known_by() != MemberSource::listed) out.insert(id);
    }
    if (session.self) out.erase(session.self->id);
    std::erase_if(out, [&](Snowflake id) { return !guild.members.contains(id); });
    return out;
}

// Members only sidebars knew, and no sidebar lists any more, are forgotten.
void forget_unlisted(Guild& guild) {
    std::set<Snowflake> still;
    if (guild.sidebars) {
        for (const auto& [list_id, sidebar] : *guild.sidebars) {
            for (const auto& row : sidebar.rows) {
                if (row.member) still.insert(*row.member);
            }
        }
    }
    std::erase_if(guild.members, [&](const auto& entry) {
        return entry.second.known_by() == MemberSource::listed && !still.contains(entry.first);
    });
}

class SidebarEdit {
  public:
    SidebarEdit(Guild& guild, Sidebar& sidebar) : guild_(guild), sidebar_(sidebar) {}

    void apply(const DiscordListOp& op) {
        auto& rows = sidebar_.rows;
        switch (op.op) {
            case MemberListOpKind::sync: {
                const int first = op.first.value_or(0);
                if (first < 0 || first >= kSidebarRows) return;
                const int last = std::max(op.last.value_or(first), first);
                if (rows.size() < static_cast<std::size_t>(first)) rows.resize(first);
                const auto end =
                    std::min<std::size_t>(rows.size(), static_cast<std::size_t>(last) + 1);
                rows.erase(rows.begin() + first, rows.begin() + static_cast<std::ptrdiff_t>(end));
                std::vector<SidebarRow> fresh;
                for (const auto& item : op.items) fresh.push_back(row(item));
                rows.insert(rows.begin() + first, fresh.begin(), fresh.end());
                break;
            }
            case MemberListOpKind::insert: {
                if (!in_range(op.index) || op.items.empty()) return;
                const auto i = static_cast<std::size_t>(*op.index);
                if (rows.size() < i) rows.resize(i);
                rows.insert(rows.begin() + static_cast<std::ptrdiff_t>(i), row(op.items.front()));
                break;
            }
            case MemberListOpKind::update: {
                if (!in_range(op.index) || op.items.empty()) return;
                const auto i = static_cast<std::size_t>(*op.index);
                if (rows.size() <= i) rows.resize(i + 1);
                rows[i] = row(op.items.front());
                break;
            }
            case MemberListOpKind::remove: {
                if (!in_range(op.index)) return;
                const auto i = static_cast<std::size_t>(*op.index);
                if (i < rows.size()) rows.erase(rows.begin() + static_cast<std::ptrdiff_t>(i));
                break;
            }
            case MemberListOpKind::invalidate: {
                const int first = std::max(op.first.value_or(0), 0);
                const int last = op.last.value_or(first);
                for (int i = first; i <= last && static_cast<std::size_t>(i) < rows.size(); ++i) {
                    rows[static_cast<std::size_t>(i)] = SidebarRow{};
                }
                break;
            }
        }
        while (!rows.empty() && !rows.back().group && !rows.back().member) rows.pop_back();
        if (rows.size() > static_cast<std::size_t>(kSidebarRows)) rows.resize(kSidebarRows);
    }

    // Members whose presence or roles the list changed.
    const std::set<Snowflake>& refreshed() const { return refreshed_; }

  private:
    static bool in_range(std::optional<int> index) {
        return index && *index >= 0 && *index < kSidebarRows;
    }

    SidebarRow row(const DiscordListItem& item) {
        if (item.member) return SidebarRow{std::nullopt, learn(*item.member)};
        return SidebarRow{item.group, std::nullopt};
    }

    Snowflake learn(const DiscordListMember& item) {
        const DiscordMember& member = item.member;
        auto known = guild_.members.find(member.user.id);
        const bool is_new = known == guild_.members.end();
        const bool new_roles = !is_new && known->second.roles != member.roles;
        RoomMember& m = put_member(guild_.members, member.user, member.nick, member.roles);
        // Someone known only from a message of theirs is the sidebar's to show from now on.
        if (is_new || m.known_by() == MemberSource::spoke) m.source = MemberSource::listed;
        if (new_roles) refreshed_.insert(member.user.id);
        if (item.status && (m.status != item.status || m.status_text != item.custom_status)) {
            m.status = item.status;
            m.status_text = item.custom_status;
            refreshed_.insert(member.user.id);
        }
        return member.user.id;
    }

    Guild& guild_;
    Sidebar& sidebar_;
    std::set<Snowflake> refreshed_;
};

}  // namespace

bool is_occupant(const Session& session, const Room& room, Snowflake user) {
    if (!room.guild_id) return room.members.contains(user);
    auto guild = session.guilds.find(*room.guild_id);
    if (guild == session.guilds.end()) return false;
    auto m = guild->second.members.find(user);
    if (m == guild->second.members.end()) return false;
    if (m->second.known_by() != MemberSource::listed) return true;
    return listed(guild->second, room.list_id()).contains(user);
}

void on_member_list_update(ApplyContext& ctx, Session& session,
                           const DiscordMemberListUpdate& update) {
    auto found = session.guilds.find(update.guild_id);
    if (found == session.guilds.end()) return;
    Guild& guild = found->second;
    // Only a list some joined room shows is kept: one nobody follows any more (an update on
    // its way when the last client left) would never be corrected.
    std::vector<const Room*> showing;
    for (const auto& [id, room] : session.rooms) {
        if (room.guild_id == update.guild_id && room.list_id() == update.list_id &&
            !room.joined.empty()) {
            showing.push_back(&room);
        }
    }
    if (showing.empty()) return;
    std::map<Snowflake, std::set<Snowflake>> before;
    for (const Room* room : showing) before[room->id] = occupants(session, guild, *room);

    if (!guild.sidebars) guild.sidebars.emplace();
    Sidebar& sidebar = (*guild.sidebars)[update.list_id];
    sidebar.member_count = update.member_count;
    sidebar.online_count = update.online_count;
    SidebarEdit edit(guild, sidebar);
    for (const auto& op : update.ops) edit.apply(op);

    for (const Room* room : showing) {
        const std::set<Snowflake> after = occupants(session, guild, *room);
        const std::set<Snowflake>& was = before[room->id];
        for (Snowflake id : was) {
            if (!after.contains(id)) tell_joined(ctx, session, *room, guild.members.at(id), true);
        }
        for (Snowflake id : after) {
            if (!was.contains(id) || edit.refreshed().contains(id)) {
                tell_joined(ctx, session, *room, guild.members.at(id), false);
            }
        }
    }
    forget_unlisted(guild);
}

void forget_unfollowed_sidebars(Session& session, Snowflake guild_id) {
    auto found = session.guilds.find(guild_id);
    if (found == session.guilds.end() || !found->second.sidebars) return;
    std::set<std::string> shown;
    for (const auto& [id, room] : session.rooms) {
        if (room.guild_id == guild_id && !room.joined.empty()) shown.insert(room.list_id());
    }
    std::erase_if(*found->second.sidebars,
                  [&](const auto& entry) { return !shown.contains(entry.first); });
    forget_unlisted(found->second);
}

}  // namespace cordgate::core::rooms
