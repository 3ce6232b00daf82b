// What the user's permissions in a channel do to its room: a hidden channel is neither listed
// nor joinable, a read-only one makes the user a visitor whose messages are refused, one without
// history has none on join; occupants' affiliations follow their permissions; and a change of
// roles, overwrites or the user's own roles takes effect on joined clients.

#include <core/channel_permissions.hpp>
#include <tests/core/session_fixture.hpp>

#include <algorithm>

namespace cordgate::core {
namespace {

using tests::discord_user;
using tests::effects_of;
namespace perm = permissions;

constexpr std::uint64_t kChat =
    perm::kViewChannel | perm::kSendMessages | perm::kReadMessageHistory;
constexpr const char* kSecret = "711@discord.localhost";
constexpr const char* kNews = "712@discord.localhost";

DiscordOverwrite everyone(std::uint64_t allow, std::uint64_t deny) {
    return DiscordOverwrite{Snowflake{700}, DiscordOverwrite::kRole, std::to_string(allow),
                            std::to_string(deny)};
}

DiscordChannel text_channel(std::uint64_t id, const char* name,
                            std::vector<DiscordOverwrite> overwrites) {
    DiscordChannel c{Snowflake{id}, DiscordChannel::kGuildText, name, Snowflake{700}, {}};
    c.permission_overwrites = std::move(overwrites);
    return c;
}

// The fixture's guild, where @everyone may view, write and read history; beside #general, #secret
// hides itself from @everyone, and #news lets @everyone read but neither write nor read history.
class RoomPermissions : public tests::SessionFixture {
  protected:
    void SetUp() override {
        SessionFixture::SetUp();
        feed(DiscordGuildRoleUpdate{
            Snowflake{700}, DiscordRole{Snowflake{700}, "@everyone", std::to_string(kChat)}});
        feed(DiscordChannelCreate{text_channel(711, "secret", {everyone(0, perm::kViewChannel)})});
        feed(DiscordChannelCreate{text_channel(
            712, "news", {everyone(0, perm::kSendMessages | perm::kReadMessageHistory)})});
    }

    Effects join(const char* room, std::optional<int> history = 0) {
        return feed(XmppMucJoin{kClient, std::string(room) + "/romeo", history});
    }
    std::vector<std::string> listed() {
        auto answers = effects_of<SendXmppDiscoItems>(
            feed(XmppQuery{kClient, kGateway, "q", "disco_items", std::nullopt}));
        std::vector<std::string> jids;
        for (const auto& item : answers.at(0).items) jids.push_back(item.jid);
        return jids;
    }
    SendXmppMucPresence self_in(const Effects& out) {
        for (const auto& p : effects_of<SendXmppMucPresence>(out)) {
            if (std::find(p.status_codes.begin(), p.status_codes.end(), 110) !=
                p.status_codes.end()) {
                return p;
            }
        }
        ADD_FAILURE() << "no self-presence";
        return {};
    }
};

TEST_F(RoomPermissions, AHiddenChannelIsNeitherListedNorJoinable) {
    EXPECT_EQ(listed(), (std::vector<std::string>{kRoom, kNews}));
    auto refused = effects_of<SendXmppMucPresence>(join(kSecret));
    ASSERT_EQ(refused.size(), 1u);
    EXPECT_EQ(refused[0].error_condition, "item-not-found");
    auto info = effects_of<SendXmppIqError>(
        feed(XmppQuery{kClient, kSecret, "i", "disco_info", std::nullopt}));
    ASSERT_EQ(info.size(), 1u);
    EXPECT_EQ(info[0].condition, "item-not-found");
    // Its messages (Discord would not send them) reach nobody, and the room never forms.
    EXPECT_TRUE(session().rooms.at(Snowflake{711}).joined.empty());
}

TEST_F(RoomPermissions, ARoleOrMemberOverwriteShowsAHiddenChannelToTheUser) {
    DiscordChannel secret =
        text_channel(711, "secret",
                     {everyone(0, perm::kViewChannel),
                      DiscordOverwrite{Snowflake{1}, DiscordOverwrite::kMember,
                                       std::to_string(perm::kViewChannel), "0"}});
    feed(DiscordChannelUpdate{secret});
    EXPECT_EQ(listed(), (std::vector<std::string>{kRoom, kSecret, kNews}));
    EXPECT_EQ(self_in(join(kSecret)).role, "participant");
}

TEST_F(RoomPermissions, WithoutSendMessagesTheUserIsAVisitorWhoseMessagesAreRefused) {
    auto self = self_in(join(kNews));
    EXPECT_EQ(self.affiliation, "member");
    EXPECT_EQ(self.role, "visitor");
    auto out = feed(XmppMessage{kClient, kNews, "groupchat", "g1", "o1", "may I?"});
    EXPECT_TRUE(effects_of<SendDiscordMessage>(out).empty());
    auto error = effects_of<SendXmppMessageError>(out);
    ASSERT_EQ(error.size(), 1u);
    EXPECT_EQ(error[0].to, kClient);
    EXPECT_EQ(error[0].from, kNews);
    EXPECT_EQ(error[0].id, "g1");
    EXPECT_EQ(error[0].error_type, "auth");
    EXPECT_EQ(error[0].condition, "forbidden");
    EXPECT_NE(error[0].text.value_or("").find("Send Messages"), std::string::npos);
    // #general is writable.
    join(kRoom);
    EXPECT_EQ(effects_of<SendDiscordMessage>(
                  feed(XmppMessage{kClient, kRoom, "groupchat", "g2", "o2", "hi"}))
                  .size(),
              1u);
}

TEST_F(RoomPermissions, AThreadNeedsSendMessagesInThreads) {
    // Threads have their parent's overwrites; @everyone may write in #general but not its threads.
    feed(DiscordChannelUpdate{text_channel(710, "general", {everyone(0, 0)})});
    feed(DiscordThreadCreate{DiscordChannel{Snowflake{730}, 11, "topic", Snowflake{700}, {}},
                             Snowflake{710}});
    join(kRoom);
    XmppMessage in_thread{kClient, kRoom, "groupchat", "g1", std::nullopt, "reply"};
    in_thread.thread = "730";
    auto out = feed(in_thread);
    EXPECT_TRUE(effects_of<SendDiscordMessage>(out).empty());
    ASSERT_EQ(effects_of<SendXmppMessageError>(out).size(), 1u);
    EXPECT_EQ(effects_of<SendXmppMessageError>(out)[0].condition, "forbidden");
    feed(DiscordGuildRoleUpdate{Snowflake{700},
                                DiscordRole{Snowflake{700}, "@everyone",
                                            std::to_string(kChat | perm::kSendMessagesInThreads)}});
    in_thread.id = "g2";
    EXPECT_EQ(effects_of<SendDiscordMessage>(feed(in_thread)).size(), 1u);
}

TEST_F(RoomPermissions, WithoutReadMessageHistoryAJoinFetchesNoHistory) {
    auto out = join(kNews, 20);
    EXPECT_TRUE(effects_of<FetchDiscordHistory>(out).empty());
    EXPECT_EQ(effects_of<SendXmppSubject>(out).size(), 1u);  // the join completes at once
    EXPECT_EQ(effects_of<FetchDiscordHistory>(join(kRoom, 20)).size(), 1u);
}

TEST_F(RoomPermissions, OccupantsStandingFollowsTheirPermissionsInTheChannel) {
    // As slidge's Discord plugin maps them: kick or ban -> admin, manage messages -> moderator,
    // no send -> visitor.
    feed(DiscordGuildRoleUpdate{Snowflake{700}, DiscordRole{Snowflake{702}, "bouncers",
                                                            std::to_string(perm::kKickMembers)}});
    feed(DiscordGuildMemberUpdate{
        Snowflake{700}, DiscordMember{discord_user(40, "dave"), std::nullopt, {Snowflake{702}}}});
    auto out = effects_of<SendXmppMucPresence>(join(kNews));
    auto of = [&](const std::string& nick) {
        auto p = std::find_if(out.begin(), out.end(), [&](const SendXmppMucPresence& x) {
            return x.from == std::string(kNews) + "/" + nick;
        });
        EXPECT_NE(p, out.end()) << nick;
        return p == out.end() ? std::pair<std::string, std::string>{}
                              : std::pair{p->affiliation, p->role};
    };
    EXPECT_EQ(of("dave"), (std::pair<std::string, std::string>{"admin", "moderator"}));
    EXPECT_EQ(of("Ali"), (std::pair<std::string, std::string>{"member", "moderator"}));
    EXPECT_EQ(of("carol"), (std::pair<std::string, std::string>{"owner", "moderator"}));
}

TEST_F(RoomPermissions, LosingSendMessagesMakesTheJoinedUserAVisitor) {
    feed(DiscordChannelUpdate{text_channel(710, "general", {})});
    join(kRoom);
    // An overwrite takes it...
    auto mine = self_in(feed(
        DiscordChannelUpdate{text_channel(710, "general", {everyone(0, perm::kSendMessages)})}));
    EXPECT_EQ(mine.to, kClient);
    EXPECT_EQ(mine.from, std::string(kRoom) + "/romeo");
    EXPECT_EQ(mine.role, "visitor");
    EXPECT_FALSE(mine.presence_type);
    // ...and gives it back.
    EXPECT_EQ(self_in(feed(DiscordChannelUpdate{text_channel(710, "general", {})})).role,
              "participant");
    // So does a role: @everyone losing it.
    mine = self_in(feed(DiscordGuildRoleUpdate{
        Snowflake{700},
        DiscordRole{Snowflake{700}, "@everyone", std::to_string(perm::kViewChannel)}}));
    EXPECT_EQ(mine.role, "visitor");
    // Nothing changed, nothing said.
    EXPECT_TRUE(effects_of<SendXmppMucPresence>(
                    feed(DiscordChannelUpdate{text_channel(710, "general", {})}))
                    .empty());
}

TEST_F(RoomPermissions, AChannelThatBecomesHiddenIsLeftAndUnlisted) {
    feed(DiscordChannelUpdate{text_channel(710, "general", {})});
    join(kRoom);
    auto out = effects_of<SendXmppMucPresence>(feed(
        DiscordChannelUpdate{text_channel(710, "general", {everyone(0, perm::kViewChannel)})}));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].to, kClient);
    EXPECT_EQ(out[0].from, std::string(kRoom) + "/romeo");
    EXPECT_EQ(out[0].presence_type, "unavailable");
    EXPECT_EQ(out[0].status_codes, (std::vector<int>{110, 321}));
    EXPECT_FALSE(out[0].destroy_reason);
    EXPECT_TRUE(session().rooms.at(Snowflake{710}).joined.empty());
    EXPECT_EQ(listed(), (std::vector<std::string>{kNews}));
}

TEST_F(RoomPermissions, TheUsersOwnNewRoleShowsAChannelAndLosingItHidesItAgain) {
    // #secret lets the role "insiders" see it.
    feed(DiscordGuildRoleUpdate{Snowflake{700}, DiscordRole{Snowflake{703}, "insiders", "0"}});
    feed(DiscordChannelUpdate{
        text_channel(711, "secret",
                     {everyone(0, perm::kViewChannel),
                      DiscordOverwrite{Snowflake{703}, DiscordOverwrite::kRole,
                                       std::to_string(perm::kViewChannel), "0"}})});
    EXPECT_EQ(listed(), (std::vector<std::string>{kRoom, kNews}));
    feed(DiscordGuildMemberUpdate{
        Snowflake{700}, DiscordMember{discord_user(1, "romeo"), std::nullopt, {Snowflake{703}}}});
    EXPECT_EQ(listed(), (std::vector<std::string>{kRoom, kSecret, kNews}));
    join(kSecret);
    auto out = effects_of<SendXmppMucPresence>(feed(DiscordGuildMemberUpdate{
        Snowflake{700}, DiscordMember{discord_user(1, "romeo"), std::nullopt, {}}}));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].status_codes, (std::vector<int>{110, 321}));
    EXPECT_EQ(listed(), (std::vector<std::string>{kRoom, kNews}));
    // A role deleted at Discord counts as lost too.
    feed(DiscordGuildMemberUpdate{
        Snowflake{700}, DiscordMember{discord_user(1, "romeo"), std::nullopt, {Snowflake{703}}}});
    join(kSecret);
    out = effects_of<SendXmppMucPresence>(
        feed(DiscordGuildRoleDelete{Snowflake{700}, Snowflake{703}}));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].presence_type, "unavailable");
}

}  // namespace
}  // namespace cordgate::core
