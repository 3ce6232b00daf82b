#include <adapters/discord/route_pace.hpp>

#include <array>
#include <utility>

namespace cordgate::adapters::discord {

std::string route_template(std::string_view route) {
    std::string out;
    out.reserve(route.size());
    std::size_t i = 0;
    while (i < route.size()) {
        bool replaced = false;
        for (auto [prefix, name] : {std::pair{"/channels/", ":channel"}, {"/guilds/", ":guild"}}) {
            std::string_view p(prefix);
            if (route.substr(i, p.size()) != p) continue;
            std::size_t end = i + p.size();
            while (end < route.size() && route[end] >= '0' && route[end] <= '9') ++end;
            if (end == i + p.size()) continue;  // not an id (e.g. a placeholder already)
            out.append(p);
            out.append(name);
            i = end;
            replaced = true;
            break;
        }
        if (!replaced) out += route[i++];
    }
    return out;
}

std::optional<RoutePace> default_pace(std::string_view route) {
    static constexpr std::array kPaces{
        std::pair{"POST /channels/:channel/messages", RoutePace{5, 5000}},
        std::pair{"PATCH /channels/:channel/messages/:id", RoutePace{5, 5000}},
        std::pair{"DELETE /channels/:channel/messages/:id", RoutePace{5, 5000}},
        std::pair{"PUT /channels/:channel/messages/:id/reactions/:emoji/@me", RoutePace{1, 250}},
        std::pair{"DELETE /channels/:channel/messages/:id/reactions/:emoji/@me",
                  RoutePace{1, 250}},
        std::pair{"POST /channels/:channel/typing", RoutePace{5, 5000}},
        std::pair{"POST /channels/:channel/messages/:id/ack", RoutePace{5, 5000}},
        std::pair{"GET /channels/:channel/messages", RoutePace{5, 5000}},
        // Opening a DM cordgate does not know yet is opening a new one: Discord lets a user
        // account start about 10 per 10 minutes (tests/emulator/README.md cites where from).
        std::pair{"POST /users/@me/channels", RoutePace{10, 600000}},
        // Friend requests: no documented limit, and Discord answers a few a day from one
        // account with captchas (discord.js-selfbot-v13#387, ~20 a day) and flags bursts
        // (userdoccers relationships.mdx, "Create Relationship": "should not use this endpoint to
        // create many friend requests in a short period of time"). Two a minute hardly delays a
        // person answering requests by hand, and holds a runaway client to 120 an hour.
        std::pair{"PUT /users/@me/relationships/:user", RoutePace{2, 60000}},
        std::pair{"DELETE /users/@me/relationships/:user", RoutePace{5, 5000}},
        std::pair{"GET /users/:id/profile", RoutePace{5, 5000}},
        std::pair{"GET /users/:id", RoutePace{5, 5000}},
    };
    const std::string key = route_template(route);
    for (const auto& [name, pace] : kPaces) {
        if (key == name) return pace;
    }
    return std::nullopt;
}

}  // namespace cordgate::adapters::discord
