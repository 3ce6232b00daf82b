// The deduplicated READY and READY_SUPPLEMENTAL into discord.ready and presence events. The
// fixtures are written by hand from discord-userdoccers pages/gateway/gateway-events.mdx
// ("Ready" footnotes 6 and 7, "Ready Supplemental", "Merged Presences Structure", "Gateway
// Guild Structure") and discord.py-self discord/state.py (parse_ready_supplemental: `user_id`
// in members, relationships and presences, `recipient_ids` in private channels), not from the
// emulator, so that both sides are checked against the documentation on their own.

#include <adapters/discord/ready_assembly.hpp>
#include <adapters/discord/translate.hpp>
#include <core/codec.hpp>

#include <gtest/gtest.h>

#include <memory>
#include <optional>

namespace cordgate::adapters::discord {
namespace {

using core::Snowflake;

constexpr const char* kReady = R"({
  "v": 9,
  "user": {"id": "100", "username": "me", "global_name": "Me", "avatar": null, "discriminator": "0"},
  "users": [
    {"id": "200", "username": "alice", "global_name": "Alice", "avatar": "a1", "discriminator": "0"},
    {"id": "300", "username": "bob", "global_name": null, "avatar": null, "discriminator": "0"}],
  "relationships": [
    {"id": "200", "type": 1, "nickname": "Ali", "user_id": "200", "since": "2024-01-01T00:00:00+00:00"},
    {"id": "300", "type": 1, "nickname": null, "user_id": "300"}],
  "private_channels": [
    {"id": "500", "type": 1, "last_message_id": "900", "flags": 0, "recipient_ids": ["200"]},
    {"id": "501", "type": 3, "name": "trio", "owner_id": "100", "icon": null,
     "recipient_ids": ["200", "300"]}],
  "guilds": [
    {"id": "600", "data_mode": "full", "version": 0,
     "properties": {"id": "600", "name": "The Guild", "owner_id": "100", "icon": null},
     "roles": [{"id": "600", "name": "@everyone", "permissions": "104324673"},
               {"id": "602", "name": "mods", "permissions": "8"}],
     "channels": [{"id": "601", "type": 0, "name": "general", "position": 0}],
     "threads": [], "emojis": [], "stickers": [], "member_count": 3, "large": false}],
  "merged_members": [[{"user_id": "100", "nick": null, "roles": [], "joined_at": "2024-01-01T00:00:00+00:00"}]],
  "read_state": {"entries": [{"id": "500", "last_message_id": "900", "mention_count": 0}],
                 "partial": false, "version": 1},
  "user_guild_settings": {"entries": [], "partial": false, "version": 1},
  "session_id": "abc", "resume_gateway_url": "wss://gateway.discord.gg"
})";

constexpr const char* kSupplemental = R"({
  "guilds": [{"id": "600", "voice_states": [], "activity_instances": []}],
  "merged_members": [[
    {"user_id": "200", "nick": "Al", "roles": ["602"], "joined_at": "2024-01-01T00:00:00+00:00"},
    {"user_id": "300", "nick": null, "roles": []}]],
  "merged_presences": {
    "friends": [
      {"user_id": "200", "status": "online", "client_status": {"desktop": "online"},
       "activities": [{"type": 4, "name": "Custom Status", "state": "brb"}]},
      {"user_id": "300", "status": "idle", "client_status": {"mobile": "idle"}, "activities": []}],
    "guilds": [[{"user_id": "200", "status": "online", "client_status": {}, "activities": []}]]},
  "lazy_private_channels": [], "disclose": [], "game_invites": []
})";

rapidjson::Document parse(const char* json) {
    rapidjson::Document d;
    d.Parse(json);
    EXPECT_FALSE(d.HasParseError());
    return d;
}

// A dispatch's `d` read as the adapter reads it: in slices (slice_login_dispatch) or, where
// JsonCursor declines the frame, as a DOM. Every test below runs both ways.
class Source {
  public:
    Source(const char* d, bool sliced) {
        if (sliced) {
            frame_ = std::string(R"({"t":"READY","s":2,"op":0,"d":)") + d + "}";
            sliced_ = slice_login_dispatch(frame_);
            EXPECT_TRUE(sliced_.has_value()) << "JsonCursor declined the test's READY";
        } else {
            doc_ = parse(d);
            dom_.emplace(doc_);
        }
    }
    const ReadySource& get() const {
        if (sliced_) return sliced_->d;
        return *dom_;
    }

  private:
    std::string frame_;
    rapidjson::Document doc_;
    std::optional<SlicedLoginDispatch> sliced_;
    std::optional<DomReadySource> dom_;
};

class ReadyAssemblyBoth : public ::testing::TestWithParam<bool> {
  protected:
    std::unique_ptr<Source> source(const char* d) {
        return std::make_unique<Source>(d, GetParam());
    }
    // The two dispatches through an assembly that expects READY_SUPPLEMENTAL.
    std::vector<core::EventPayload> assemble(const char* ready, const char* supplemental,
                                             Skipped& skipped) {
        ReadyAssembly a(true);
        auto r = source(ready);
        EXPECT_TRUE(a.on_ready(r->get(), skipped).empty());
        EXPECT_TRUE(a.holding());
        auto s = source(supplemental);
        auto out = a.on_supplemental(s->get(), skipped);
        EXPECT_FALSE(a.holding());
        return out;
    }
};

INSTANTIATE_TEST_SUITE_P(DomAndSliced, ReadyAssemblyBoth, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "sliced" : "dom"; });

TEST(ReadyAssembly, SupplementalFollowsOnlyWithBothBits) {
    EXPECT_TRUE(ReadyAssembly::supplemental_follows(22525));
    EXPECT_TRUE(ReadyAssembly::supplemental_follows(48));
    EXPECT_FALSE(ReadyAssembly::supplemental_follows(0));
    EXPECT_FALSE(ReadyAssembly::supplemental_follows(16));
    EXPECT_FALSE(ReadyAssembly::supplemental_follows(32));  // ignored without DEDUPE
}

TEST_P(ReadyAssemblyBoth, DeduplicatedReadyAndSupplementalMakeOneReadyThenPresences) {
    Skipped skipped;
    auto out = assemble(kReady, kSupplemental, skipped);
    EXPECT_TRUE(skipped.empty()) << skipped.front();
    ASSERT_EQ(out.size(), 4u);  // ready, two friends, one guild presence
    const auto& r = std::get<core::DiscordReady>(out[0]);
    EXPECT_EQ(r.user.username, "me");
    ASSERT_EQ(r.relationships.size(), 2u);
    EXPECT_EQ(r.relationships[0].user.username, "alice");
    EXPECT_EQ(r.relationships[0].user.avatar, "a1");
    EXPECT_EQ(r.relationships[0].nickname, "Ali");
    ASSERT_EQ(r.private_channels.size(), 2u);
    ASSERT_EQ(r.private_channels[0].recipients.size(), 1u);
    EXPECT_EQ(r.private_channels[0].recipients[0].username, "alice");
    EXPECT_EQ(r.private_channels[0].last_message_id, Snowflake{900});
    ASSERT_EQ(r.private_channels[1].recipients.size(), 2u);
    EXPECT_EQ(r.private_channels[1].recipients[1].username, "bob");
    ASSERT_TRUE(r.guilds);
    const auto& g = r.guilds->at(0);
    EXPECT_EQ(g.name, "The Guild");  // from `properties` (CLIENT_STATE_V2)
    EXPECT_EQ(g.owner_id, Snowflake{100});
    EXPECT_EQ(g.channels.at(0).guild_id, Snowflake{600});
    ASSERT_TRUE(g.members);
    ASSERT_EQ(g.members->size(), 3u);  // own member from READY, the others from the supplement
    EXPECT_EQ(g.members->at(0).user.username, "me");
    EXPECT_EQ(g.members->at(1).user.username, "alice");
    EXPECT_EQ(g.members->at(1).nick, "Al");
    EXPECT_EQ(g.members->at(1).roles, std::vector<Snowflake>{Snowflake{602}});

    const auto& alice = std::get<core::DiscordPresenceUpdate>(out[1]);
    EXPECT_EQ(alice.user_id, Snowflake{200});
    EXPECT_EQ(alice.status, "online");
    EXPECT_EQ(alice.custom_status, "brb");
    EXPECT_FALSE(alice.guild_id);
    const auto& bob = std::get<core::DiscordPresenceUpdate>(out[2]);
    EXPECT_EQ(bob.status, "idle");
    const auto& in_guild = std::get<core::DiscordPresenceUpdate>(out[3]);
    EXPECT_EQ(in_guild.user_id, Snowflake{200});
    EXPECT_EQ(in_guild.guild_id, Snowflake{600});
}

// The same account in the legacy shape gives the same discord.ready.
TEST_P(ReadyAssemblyBoth, LegacyAndDeduplicatedShapesGiveTheSameReady) {
    constexpr const char* kLegacy = R"({
      "v": 9,
      "user": {"id": "100", "username": "me", "global_name": "Me", "avatar": null},
      "relationships": [
        {"id": "200", "type": 1, "nickname": "Ali",
         "user": {"id": "200", "username": "alice", "global_name": "Alice", "avatar": "a1"}},
        {"id": "300", "type": 1, "nickname": null,
         "user": {"id": "300", "username": "bob", "global_name": null, "avatar": null}}],
      "private_channels": [
        {"id": "500", "type": 1, "last_message_id": "900",
         "recipients": [{"id": "200", "username": "alice", "global_name": "Alice", "avatar": "a1"}]},
        {"id": "501", "type": 3, "name": "trio", "owner_id": "100",
         "recipients": [{"id": "200", "username": "alice", "global_name": "Alice", "avatar": "a1"},
                        {"id": "300", "username": "bob", "global_name": null, "avatar": null}]}],
      "guilds": [{"id": "600", "name": "The Guild", "owner_id": "100",
        "roles": [{"id": "600", "name": "@everyone", "permissions": "104324673"},
                  {"id": "602", "name": "mods", "permissions": "8"}],
        "channels": [{"id": "601", "type": 0, "name": "general", "position": 0}], "threads": [],
        "emojis": [],
        "members": [
          {"user": {"id": "100", "username": "me", "global_name": "Me", "avatar": null}, "nick": null, "roles": []},
          {"user": {"id": "200", "username": "alice", "global_name": "Alice", "avatar": "a1"}, "nick": "Al", "roles": ["602"]},
          {"user": {"id": "300", "username": "bob", "global_name": null, "avatar": null}, "nick": null, "roles": []}]}],
      "presences": [], "session_id": "abc",
      "read_state": [{"id": "500", "last_message_id": "900", "mention_count": 0}]
    })";
    Skipped skipped;
    auto dedup = assemble(kReady, kSupplemental, skipped);
    ReadyAssembly legacy_assembly(false);
    auto legacy_source = source(kLegacy);
    auto legacy = legacy_assembly.on_ready(legacy_source->get(), skipped);
    auto legacy_doc = parse(kLegacy);
    EXPECT_TRUE(skipped.empty());
    ASSERT_EQ(legacy.size(), 1u);  // the legacy READY's presences are not read (as before)
    EXPECT_EQ(core::encode(std::get<core::DiscordReady>(legacy[0])),
              core::encode(std::get<core::DiscordReady>(dedup[0])));
    // translate_dispatch reads the legacy READY the same way.
    Translation t = translate_dispatch("READY", legacy_doc);
    ASSERT_EQ(t.kind, Translation::Kind::event);
    EXPECT_EQ(core::encode(std::get<core::DiscordReady>(*t.payload)),
              core::encode(std::get<core::DiscordReady>(legacy[0])));
}

TEST_P(ReadyAssemblyBoth, ChannelsCarryTheirPermissionOverwrites) {
    // Role and member overwrites (the type a number, or a string in old API versions, the sets
    // strings or numbers); a channel without the list has none known; one odd overwrite leaves
    // that channel's unknown and costs nothing else.
    constexpr const char* kReadyWithOverwrites = R"({
      "user": {"id": "100", "username": "me", "global_name": null, "avatar": null},
      "relationships": [], "private_channels": [],
      "guilds": [{"id": "600", "name": "G", "owner_id": "300",
        "roles": [{"id": "600", "name": "@everyone", "permissions": "1024"}],
        "channels": [
          {"id": "601", "type": 0, "name": "staff", "permission_overwrites": [
             {"id": "600", "type": 0, "allow": "0", "deny": "1024"},
             {"id": "100", "type": "member", "allow": 3072, "deny": "0"}]},
          {"id": "602", "type": 0, "name": "open"},
          {"id": "603", "type": 0, "name": "odd", "permission_overwrites": [{"id": "600"}]}],
        "members": []}]
    })";
    Skipped skipped;
    ReadyAssembly assembly(false);
    auto src = source(kReadyWithOverwrites);
    auto out = assembly.on_ready(src->get(), skipped);
    EXPECT_TRUE(skipped.empty());
    ASSERT_EQ(out.size(), 1u);
    const auto& channels = std::get<core::DiscordReady>(out[0]).guilds->at(0).channels;
    ASSERT_EQ(channels.size(), 3u);
    ASSERT_TRUE(channels[0].permission_overwrites);
    const auto& staff = *channels[0].permission_overwrites;
    ASSERT_EQ(staff.size(), 2u);
    EXPECT_EQ(staff[0].id, core::Snowflake{600});
    EXPECT_EQ(staff[0].type, core::DiscordOverwrite::kRole);
    EXPECT_EQ(staff[0].deny, "1024");
    EXPECT_EQ(staff[1].id, core::Snowflake{100});
    EXPECT_EQ(staff[1].type, core::DiscordOverwrite::kMember);
    EXPECT_EQ(staff[1].allow, "3072");
    EXPECT_FALSE(channels[1].permission_overwrites);
    EXPECT_FALSE(channels[2].permission_overwrites);
}

TEST_P(ReadyAssemblyBoth, AnUnknownUserIdLosesOnlyItsEntry) {
    std::string ready = kReady;
    ready.replace(ready.find(R"("user_id": "300"})"), 17, R"("user_id": "999"})");
    Skipped skipped;
    auto out = assemble(ready.c_str(), kSupplemental, skipped);
    const auto& r = std::get<core::DiscordReady>(out.at(0));
    ASSERT_EQ(r.relationships.size(), 1u);
    EXPECT_EQ(r.relationships[0].user.username, "alice");
    ASSERT_EQ(skipped.size(), 1u);
    EXPECT_EQ(skipped[0], "relationships[1].user_id: not in READY's users");
}

TEST_P(ReadyAssemblyBoth, SupplementalWithoutReadyGivesNothing) {
    ReadyAssembly a(true);
    Skipped skipped;
    auto s = source(kSupplemental);
    EXPECT_TRUE(a.on_supplemental(s->get(), skipped).empty());
}

TEST_P(ReadyAssemblyBoth, DedupeWithoutPrioritizedHasPresencesInReady) {
    std::string ready = kReady;
    ready.insert(ready.rfind('}'),
                 R"(, "merged_presences": {"friends": [{"user_id": "300", "status": "dnd",
                    "activities": []}], "guilds": [[]]})");
    ReadyAssembly a(false);
    Skipped skipped;
    auto d = source(ready.c_str());
    auto out = a.on_ready(d->get(), skipped);
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(std::get<core::DiscordPresenceUpdate>(out[1]).status, "dnd");
    // Only the members READY had: no supplement comes.
    EXPECT_EQ(std::get<core::DiscordReady>(out[0]).guilds->at(0).members->size(), 1u);
}

TEST_P(ReadyAssemblyBoth, ANewReadyReplacesAHeldOne) {
    ReadyAssembly a(true);
    Skipped skipped;
    auto r = source(kReady);
    a.on_ready(r->get(), skipped);
    a.on_ready(r->get(), skipped);
    auto s = source(kSupplemental);
    auto out = a.on_supplemental(s->get(), skipped);
    EXPECT_EQ(std::get<core::DiscordReady>(out.at(0)).guilds->at(0).members->size(), 3u);
    EXPECT_TRUE(a.on_supplemental(s->get(), skipped).empty());
}

}  // namespace
}  // namespace cordgate::adapters::discord
