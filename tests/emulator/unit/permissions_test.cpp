// Channel permissions: the pure computation (discord-userdoccers topics/permissions, "Permission
// Overwrites"), then what the REST router and the gateway make of them.
#include <tests/emulator/client_profile_check.hpp>
#include <tests/emulator/control_api.hpp>
#include <tests/emulator/permissions.hpp>
#include <tests/emulator/seed.hpp>
#include <tests/emulator/unit/emulator_parts.hpp>
#include <tests/emulator/unit/fake_connection.hpp>

#include <gtest/gtest.h>
#include <rapidjson/document.h>

namespace cordgate::tests::emulator {
namespace {

using namespace permission;

constexpr std::uint64_t kGuild = 10;
constexpr std::uint64_t kMods = 11;
constexpr std::uint64_t kMuted = 12;
constexpr std::uint64_t kAdmins = 13;

Guild guild(std::uint64_t everyone) {
    Guild g;
    g.id = kGuild;
    g.owner_id = 99;
    g.everyone_permissions = everyone;
    g.roles = {{kMods, "mods", std::to_string(kSendMessages | kReadMessageHistory), 1},
               {kMuted, "muted", "0", 2},
               {kAdmins, "admins", std::to_string(kAdministrator), 3}};
    return g;
}

Member member(std::uint64_t user, std::vector<std::uint64_t> roles = {}) {
    Member m;
    m.user_id = user;
    m.roles = std::move(roles);
    return m;
}

std::uint64_t in_channel(const Guild& g, const Member& m,
                         const std::vector<PermissionOverwrite>& overwrites) {
    return apply_overwrites(base_permissions(g, m), g, m, overwrites);
}

TEST(Permissions, BaseIsEveryoneOrRolesAdministratorAndOwnerHaveAll) {
    const Guild g = guild(kViewChannel);
    EXPECT_EQ(base_permissions(g, member(1)), kViewChannel);
    EXPECT_EQ(base_permissions(g, member(1, {kMods})),
              kViewChannel | kSendMessages | kReadMessageHistory);
    EXPECT_EQ(base_permissions(g, member(1, {kAdmins})), kAll);
    EXPECT_EQ(base_permissions(g, member(99)), kAll);
}

TEST(Permissions, OverwritesApplyEveryoneThenRolesThenTheMember) {
    const Guild g = guild(kViewChannel | kSendMessages);
    const PermissionOverwrite hide_from_everyone{kGuild, OverwriteType::role, 0, kViewChannel};
    const PermissionOverwrite mods_see{kMods, OverwriteType::role, kViewChannel, 0};
    const PermissionOverwrite muted_hidden{kMuted, OverwriteType::role, 0,
                                           kViewChannel | kSendMessages};
    // @everyone's deny, then a role's allow.
    EXPECT_EQ(in_channel(g, member(1), {hide_from_everyone}) & kViewChannel, 0u);
    EXPECT_NE(in_channel(g, member(1, {kMods}), {hide_from_everyone, mods_see}) & kViewChannel, 0u);
    // Role overwrites are aggregated: one role's allow beats another's deny, whatever their
    // positions.
    EXPECT_NE(in_channel(g, member(1, {kMuted, kMods}), {mods_see, muted_hidden}) & kViewChannel,
              0u);
    EXPECT_EQ(in_channel(g, member(1, {kMuted}), {muted_hidden}) & kSendMessages, 0u);
    // The member's own overwrite comes last, both ways.
    const PermissionOverwrite deny_one{1, OverwriteType::member, 0, kViewChannel};
    const PermissionOverwrite allow_one{1, OverwriteType::member, kViewChannel, 0};
    EXPECT_EQ(in_channel(g, member(1, {kMods}), {mods_see, deny_one}) & kViewChannel, 0u);
    EXPECT_NE(in_channel(g, member(1), {hide_from_everyone, allow_one}) & kViewChannel, 0u);
    // A member overwrite is not a role overwrite with the same id.
    const PermissionOverwrite member_11{kMods, OverwriteType::member, 0, kViewChannel};
    EXPECT_NE(in_channel(g, member(1, {kMods}), {member_11}) & kViewChannel, 0u);
}

TEST(Permissions, AdministratorAndOwnerIgnoreOverwrites) {
    const Guild g = guild(kViewChannel);
    const std::vector<PermissionOverwrite> hidden{{kGuild, OverwriteType::role, 0, kAll},
                                                  {1, OverwriteType::member, 0, kAll},
                                                  {99, OverwriteType::member, 0, kAll}};
    EXPECT_EQ(in_channel(g, member(1, {kAdmins}), hidden), kAll);
    EXPECT_EQ(in_channel(g, member(99), hidden), kAll);
}

// The router and the gateway against a guild with a hidden, a read-only and a history-less
// channel; alice (1) is a plain member, bob (2) a mod who sees everything.
class ChannelPermissions : public ::testing::Test, protected EmulatorParts {
  protected:
    void SetUp() override {
        load_seed(world, R"({"users":[{"id":"1","username":"alice","token":"ta"},
            {"id":"2","username":"bob","token":"tb"},{"id":"3","username":"owner","token":"to"}],
            "guilds":[{"id":"10","owner_id":"3",
              "roles":[{"id":"11","name":"mods","permissions":"8"}],
              "members":[{"user_id":"1"},{"user_id":"2","roles":["11"]},{"user_id":"3"}],
              "channels":[{"id":"20","name":"open"},
                {"id":"21","name":"hidden","permission_overwrites":[
                   {"id":"10","type":0,"allow":"0","deny":"1024"}]},
                {"id":"22","name":"announcements","permission_overwrites":[
                   {"id":"1","type":1,"allow":"0","deny":"2048"}]},
                {"id":"23","name":"no-history","permission_overwrites":[
                   {"id":"10","type":0,"allow":0,"deny":65536}]}],
              "threads":[{"id":"24","name":"secret thread","parent_id":"21"}]}],
            "messages":[{"id":"40","channel_id":"21","author_id":"2","content":"psst"},
                        {"id":"41","channel_id":"23","author_id":"2","content":"old"},
                        {"id":"42","channel_id":"22","author_id":"2","content":"news"}]})");
    }
    HttpResponse as(const std::string& token, const std::string& method, const std::string& path,
                    std::string body = "") {
        HttpRequest req;
        req.method = method;
        req.path = "/api/v9" + path;
        req.body = std::move(body);
        req.remote_address = "10.0.0.1";
        req.headers["content-type"] = "application/json";
        req.headers["authorization"] = token;
        req.headers["user-agent"] = "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0";
        req.headers["x-super-properties"] =
            base64_encode(R"({"os":"Linux","browser":"Chrome","release_channel":"stable",)"
                          R"("client_build_number":350000,"system_locale":"en-US"})");
        return rest.handle(req);
    }
    static rapidjson::Document json(const HttpResponse& r) {
        rapidjson::Document d;
        d.Parse(r.body.c_str());
        return d;
    }
    static std::string error_of(const HttpResponse& r) {
        auto d = json(r);
        if (!d.IsObject() || !d.HasMember("code")) return std::to_string(r.status) + " " + r.body;
        return std::to_string(r.status) + " " + std::to_string(d["code"].GetInt()) + " " +
               d["message"].GetString();
    }
    std::uint64_t identify(FakeConnection& c, const char* token) {
        const auto id = gateway.on_open(c, 9, false);
        gateway.on_text(id, std::string(R"({"op":2,"d":{"token":")") + token +
                                R"(","capabilities":0,"properties":{"os":"Linux"}}})");
        return id;
    }
    static std::vector<std::string> dispatched(const FakeConnection& c, const char* type) {
        std::vector<std::string> out;
        for (std::size_t i = 0; i < c.sent.size(); ++i) {
            auto f = c.frame(i);
            if (f["t"].IsString() && std::string(f["t"].GetString()) == type)
                out.emplace_back(f["d"]["channel_id"].GetString());
        }
        return out;
    }
};

TEST_F(ChannelPermissions, AHiddenChannelIsMissingAccessForEveryRequest) {
    const std::string missing_access = "403 50001 Missing Access";
    EXPECT_EQ(error_of(as("ta", "GET", "/channels/21/messages")), missing_access);
    EXPECT_EQ(error_of(as("ta", "POST", "/channels/21/messages", R"({"content":"hi"})")),
              missing_access);
    EXPECT_EQ(error_of(as("ta", "PATCH", "/channels/21/messages/40", R"({"content":"x"})")),
              missing_access);
    EXPECT_EQ(error_of(as("ta", "PUT", "/channels/21/messages/40/reactions/%F0%9F%91%8D/@me")),
              missing_access);
    EXPECT_EQ(error_of(as("ta", "POST", "/channels/21/typing")), missing_access);
    EXPECT_EQ(error_of(as("ta", "GET", "/channels/21")), missing_access);
    // Its threads too: they take the parent's overwrites.
    EXPECT_EQ(error_of(as("ta", "POST", "/channels/24/messages", R"({"content":"hi"})")),
              missing_access);
    // The administrator and the owner are not held by overwrites.
    EXPECT_EQ(as("tb", "GET", "/channels/21/messages").status, 200);
    EXPECT_EQ(as("to", "POST", "/channels/24/messages", R"({"content":"hi"})").status, 200);
    EXPECT_EQ(world.messages.at(21).size(), 1u);
}

TEST_F(ChannelPermissions, WithoutSendMessagesASendIsMissingPermissions) {
    const std::string missing = "403 50013 Missing Permissions";
    EXPECT_EQ(error_of(as("ta", "POST", "/channels/22/messages", R"({"content":"hi"})")), missing);
    EXPECT_EQ(error_of(as("ta", "POST", "/channels/22/typing")), missing);
    EXPECT_EQ(world.messages.at(22).size(), 1u);
    // Reading and reacting with an emoji already there stay allowed.
    EXPECT_EQ(json(as("ta", "GET", "/channels/22/messages")).Size(), 1u);
    EXPECT_EQ(as("tb", "PUT", "/channels/22/messages/42/reactions/%F0%9F%91%8D/@me").status, 204);
    EXPECT_EQ(as("ta", "PUT", "/channels/22/messages/42/reactions/%F0%9F%91%8D/@me").status, 204);
    EXPECT_EQ(as("ta", "POST", "/channels/20/messages", R"({"content":"hi"})").status, 200);
}

TEST_F(ChannelPermissions, WithoutReadMessageHistoryHistoryIsEmpty) {
    const auto history = as("ta", "GET", "/channels/23/messages");
    EXPECT_EQ(history.status, 200);
    EXPECT_EQ(history.body, "[]");
    EXPECT_EQ(error_of(as("ta", "GET", "/channels/23/messages/41")),
              "403 50013 Missing Permissions");
    EXPECT_EQ(json(as("tb", "GET", "/channels/23/messages")).Size(), 1u);
    // Sending needs no history; replying does.
    EXPECT_EQ(as("ta", "POST", "/channels/23/messages", R"({"content":"hi"})").status, 200);
    EXPECT_EQ(error_of(as("ta", "POST", "/channels/23/messages",
                          R"({"content":"re","message_reference":{"message_id":"41"}})")),
              "403 50013 Missing Permissions");
}

TEST_F(ChannelPermissions, AHiddenChannelIsNotDeliveredButStillListedInReady) {
    FakeConnection alice;
    FakeConnection bob;
    identify(alice, "ta");
    identify(bob, "tb");
    // READY lists every channel with its overwrites: the official client works out visibility.
    const auto ready = alice.frame(1);
    const auto& channels = ready["d"]["guilds"][0]["channels"];
    ASSERT_EQ(channels.Size(), 4u);
    EXPECT_STREQ(channels[1]["permission_overwrites"][0]["deny"].GetString(), "1024");
    EXPECT_EQ(channels[1]["permission_overwrites"][0]["type"].GetInt(), 0);
    EXPECT_STREQ(ready["d"]["guilds"][0]["roles"][1]["permissions"].GetString(), "8");
    as("tb", "POST", "/channels/21/messages", R"({"content":"secret"})");
    as("tb", "POST", "/channels/24/messages", R"({"content":"secret thread"})");
    as("tb", "POST", "/channels/21/typing");
    as("tb", "POST", "/channels/20/messages", R"({"content":"open"})");
    EXPECT_EQ(dispatched(alice, "MESSAGE_CREATE"), std::vector<std::string>{"20"});
    EXPECT_EQ(dispatched(alice, "TYPING_START"), std::vector<std::string>{});
    EXPECT_EQ(dispatched(bob, "MESSAGE_CREATE"), (std::vector<std::string>{"21", "24", "20"}));
}

TEST(PermissionSeed, EveryoneEntrySetsItsPermissionsOverwritesNameKnownRoles) {
    World w;
    load_seed(w, R"({"users":[{"id":"1","username":"a"}],
        "guilds":[{"id":"10","roles":[{"id":"10","permissions":"1024"}],
                   "members":[{"user_id":"1"}],"channels":[{"id":"20"}]}]})");
    EXPECT_EQ(w.guilds.at(10).everyone_permissions, kViewChannel);
    EXPECT_TRUE(w.guilds.at(10).roles.empty());
    World bad;
    try {
        load_seed(bad, R"({"guilds":[{"id":"10","channels":[{"id":"20",
            "permission_overwrites":[{"id":"77","type":0,"allow":"0","deny":"1024"}]}]}]})");
        FAIL() << "an overwrite of an unknown role was accepted";
    } catch (const SeedError& e) {
        EXPECT_STREQ(e.what(),
                     "guilds[0].channels[0].permission_overwrites[0].id: unknown role 77");
    }
}

}  // namespace
}  // namespace cordgate::tests::emulator
