// Discord JSON -> core events and effects -> REST for relationships and what came with them:
// RELATIONSHIP_ADD of every type, READY's read_state, THREAD_LIST_SYNC, a PRESENCE_UPDATE that
// carries a changed profile; PUT and DELETE /users/@me/relationships/{id}. Shapes after
// discord-userdoccers (resources/relationships.mdx, topics/read-state.mdx,
// gateway/gateway-events.mdx).

#include <adapters/discord/rest_request.hpp>
#include <adapters/discord/route_pace.hpp>
#include <tests/discord/translate_expect.hpp>

namespace cordgate::adapters::discord {
namespace {

using core::Snowflake;
using translation_checks::expect_event;
using translation_checks::run;

constexpr const char* kBob =
    R"({"id":"852892297661906993","username":"alien","global_name":"Alien","avatar":"14733482e560d9267c0a414b21b2fb8d","discriminator":"0"})";

TEST(TranslateRelationships, EveryTypeOfRelationshipAddIsKept) {
    for (int type : {1, 2, 3, 4}) {
        auto add = expect_event<core::DiscordRelationshipAdd>(
            "RELATIONSHIP_ADD",
            std::string(R"({"id":"852892297661906993","type":)") + std::to_string(type) +
                R"(,"nickname":null,"user_ignored":false,"is_spam_request":false,"user":)" +
                kBob + R"(,"since":"2023-02-10T01:58:05.348000+00:00"})");
        EXPECT_EQ(add.relationship.type, type);
        EXPECT_EQ(add.relationship.user.id, Snowflake{852892297661906993});
        EXPECT_EQ(add.relationship.user.display_name(), "Alien");
    }
}

TEST(TranslateRelationships, ReadStateEntriesOfChannelsAreKept) {
    // VERSIONED_READ_STATES: {entries, partial, version}; an entry of another kind
    // (read_state_type 1, a guild's events) and one read up to nothing are left out.
    auto ready = expect_event<core::DiscordReady>(
        "READY",
        R"({"user":{"id":"1","username":"me"},"relationships":[],"private_channels":[],)"
        R"("read_state":{"version":3,"partial":false,"entries":[)"
        R"({"id":"500","last_message_id":"900","mention_count":0,"last_pin_timestamp":"1970-01-01T00:00:00+00:00"},)"
        R"({"id":"700","read_state_type":1,"last_acked_id":"5","badge_count":0},)"
        R"({"id":"501","last_message_id":0}]}})");
    ASSERT_TRUE(ready.read_state);
    ASSERT_EQ(ready.read_state->size(), 1u);
    EXPECT_EQ(ready.read_state->at(0).channel_id, Snowflake{500});
    EXPECT_EQ(ready.read_state->at(0).last_message_id, Snowflake{900});
    // Without the capability: a plain array.
    auto plain = expect_event<core::DiscordReady>(
        "READY", R"({"user":{"id":"1","username":"me"},"read_state":[{"id":"500","last_message_id":"901"}]})");
    ASSERT_TRUE(plain.read_state);
    EXPECT_EQ(plain.read_state->at(0).last_message_id, Snowflake{901});
}

TEST(TranslateRelationships, ABadReadStateEntryCostsOnlyItself) {
    Translation t = run("READY",
                        R"({"user":{"id":"1","username":"me"},"read_state":[{"id":"x","last_message_id":"9"},)"
                        R"({"id":"500","last_message_id":"900"}]})");
    ASSERT_EQ(t.kind, Translation::Kind::event) << t.error;
    EXPECT_EQ(std::get<core::DiscordReady>(*t.payload).read_state->size(), 1u);
    ASSERT_EQ(t.skipped.size(), 1u);
}

TEST(TranslateRelationships, ThreadListSyncCarriesTheGuildsThreads) {
    // The documented payload: guild_id, channel_ids (optional), threads, members.
    auto sync = expect_event<core::DiscordThreadListSync>(
        "THREAD_LIST_SYNC",
        R"({"guild_id":"700","channel_ids":["710"],"threads":[)"
        R"({"id":"730","type":11,"guild_id":"700","parent_id":"710","name":"plans","owner_id":"30",)"
        R"("thread_metadata":{"archived":false,"auto_archive_duration":1440,"locked":false}},)"
        R"({"id":"731","type":11,"parent_id":"710","name":"no guild id"}],)"
        R"("members":[{"id":"730","user_id":"1","join_timestamp":"2024-01-01T00:00:00+00:00","flags":1}]})");
    EXPECT_EQ(sync.guild_id, Snowflake{700});
    ASSERT_EQ(sync.threads.size(), 2u);
    EXPECT_EQ(sync.threads[0].parent_id, Snowflake{710});
    EXPECT_EQ(sync.threads[1].guild_id, Snowflake{700});
}

TEST(TranslateRelationships, APresenceWithAUserProfileCarriesIt) {
    auto p = expect_event<core::DiscordPresenceUpdate>(
        "PRESENCE_UPDATE",
        std::string(R"({"user":)") + kBob + R"(,"status":"online","activities":[],"client_status":{}})");
    ASSERT_TRUE(p.user);
    EXPECT_EQ(p.user->global_name, "Alien");
    EXPECT_EQ(p.user->avatar, "14733482e560d9267c0a414b21b2fb8d");
    // The usual presence names only the id.
    EXPECT_FALSE(expect_event<core::DiscordPresenceUpdate>(
                     "PRESENCE_UPDATE", R"({"user":{"id":"5"},"status":"idle","activities":[]})")
                     .user);
}

TEST(RelationshipRequests, AcceptOrSendIsAnEmptyPutFromTheUserProfile) {
    auto req = request_for(core::AddDiscordRelationship{Snowflake{40}});
    ASSERT_TRUE(req);
    EXPECT_EQ(req->method, "PUT");
    EXPECT_EQ(req->path, "/users/@me/relationships/40");
    EXPECT_EQ(req->body, "{}");
    EXPECT_EQ(req->content_type, "application/json");
    // base64 of {"location":"User Profile"}
    EXPECT_EQ(req->context_properties, "eyJsb2NhdGlvbiI6IlVzZXIgUHJvZmlsZSJ9");
    auto del = request_for(core::RemoveDiscordRelationship{Snowflake{40}});
    ASSERT_TRUE(del);
    EXPECT_EQ(del->method, "DELETE");
    EXPECT_EQ(del->path, "/users/@me/relationships/40");
    EXPECT_TRUE(del->body.empty());
}

TEST(RelationshipRequests, FriendRequestsShareOneSlowPace) {
    auto a = request_for(core::AddDiscordRelationship{Snowflake{40}});
    auto b = request_for(core::AddDiscordRelationship{Snowflake{41}});
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->route, b->route);  // one bucket for every friend request of the account
    auto pace = default_pace(a->route);
    ASSERT_TRUE(pace);
    EXPECT_LE(pace->limit, 2);
    EXPECT_GE(pace->window, 60000);
}

}  // namespace
}  // namespace cordgate::adapters::discord
