#pragma once
// The user's preferences (the `preferences` ad-hoc command): typed fields of one struct, each
// described once in a table of its kind so the command's form and its parsing follow from it.
// A new boolean is a member and a row of kBoolPreferences; another kind gets its own table.

#include <core/codec.hpp>

#include <array>
#include <string_view>

namespace cordgate::core {

struct Preferences {
    // The user's XMPP avatar becomes their Discord avatar (own_avatar.cpp). Off unless asked:
    // it changes what every Discord contact sees.
    bool publish_avatar = false;

    static constexpr auto fields =
        std::tuple{field("publish_avatar", &Preferences::publish_avatar)};
};

struct BoolPreference {
    std::string_view var;    // the form field's var
    std::string_view label;  // what a client shows next to the checkbox
    bool Preferences::*member;
};

inline constexpr std::array<BoolPreference, 1> kBoolPreferences{{
    {"publish_avatar", "Publish my XMPP avatar to Discord", &Preferences::publish_avatar},
}};

}  // namespace cordgate::core
