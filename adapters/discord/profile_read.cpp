#include <adapters/discord/json_escapes.hpp>
#include <adapters/discord/json_read.hpp>
#include <adapters/discord/profile_read.hpp>

#include <rapidjson/document.h>

#include <string>

namespace cordgate::adapters::discord {

core::DiscordUserProfile read_user_profile(std::string_view body) {
    const std::string text = repaired_json_text(body);
    rapidjson::Document doc;
    doc.Parse(text.data(), text.size());
    if (doc.HasParseError()) throw MalformedPayload("not JSON");
    core::DiscordUserProfile profile;
    const Json* nested = member(doc, "user");
    const Json& u = nested ? *nested : doc;
    profile.user = user(u, nested ? "user" : "");
    if (const Json* up = member(doc, "user_profile"))
        profile.bio = opt_string(*up, "bio", "user_profile");
    if (!profile.bio) profile.bio = opt_string(u, "bio", "user");
    return profile;
}

}  // namespace cordgate::adapters::discord
