#pragma once
// Archive queries waiting for Discord's history: paging back past the oldest kept message of a
// room whose beginning the archive has not seen fetches the messages before it first.

#include <core/codec.hpp>
#include <core/xmpp_events.hpp>

#include <cstdint>
#include <vector>

namespace cordgate::core::archive {

struct ArchiveWait {
    std::uint64_t effect_id = 0;  // the discord.fetch_history on its way
    int limit = 0;                // what it asked for: fewer back means the channel's beginning
    std::vector<XmppArchiveQuery> queries;

    static constexpr auto fields =
        std::tuple{field("effect_id", &ArchiveWait::effect_id), field("limit", &ArchiveWait::limit),
                   field("queries", &ArchiveWait::queries)};
};

}  // namespace cordgate::core::archive
