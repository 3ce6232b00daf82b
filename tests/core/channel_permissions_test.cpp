// The user's permissions in a guild channel, rule by rule as discord-userdoccers
// topics/permissions.mdx states them: base from @everyone and the member's roles, the owner and
// ADMINISTRATOR, the order of overwrites, and the implicit denials.

#include <core/channel_permissions.hpp>
#include <core/state.hpp>

#include <gtest/gtest.h>

namespace cordgate::core::permissions {
namespace {

constexpr std::uint64_t kGuild = 700;
constexpr std::uint64_t kUser = 1;
constexpr std::uint64_t kReaders = 701;  // a role
constexpr std::uint64_t kMuted = 702;    // another role

std::string set(std::uint64_t bits) {
    return std::to_string(bits);
}

Guild guild(std::uint64_t everyone) {
    Guild g;
    g.id = Snowflake{kGuild};
    g.owner_id = Snowflake{30};
    g.roles[Snowflake{kGuild}] = DiscordRole{Snowflake{kGuild}, "@everyone", set(everyone)};
    g.roles[Snowflake{kReaders}] = DiscordRole{Snowflake{kReaders}, "readers", set(kViewChannel)};
    g.roles[Snowflake{kMuted}] = DiscordRole{Snowflake{kMuted}, "muted", "0"};
    return g;
}

DiscordOverwrite role_overwrite(std::uint64_t id, std::uint64_t allow, std::uint64_t deny) {
    return DiscordOverwrite{Snowflake{id}, DiscordOverwrite::kRole, set(allow), set(deny)};
}

DiscordOverwrite member_overwrite(std::uint64_t id, std::uint64_t allow, std::uint64_t deny) {
    return DiscordOverwrite{Snowflake{id}, DiscordOverwrite::kMember, set(allow), set(deny)};
}

constexpr std::uint64_t kChat = kViewChannel | kSendMessages | kReadMessageHistory;

TEST(ChannelPermissions, PermissionSetsAreDecimalStringsKeptToTheirLow64Bits) {
    EXPECT_EQ(bits("0"), 0u);
    EXPECT_EQ(bits("3072"), kViewChannel | kSendMessages);
    EXPECT_EQ(bits(""), 0u);
    EXPECT_EQ(bits("12ab"), 0u);
    // 2^64 + 1024: bits past 64 are dropped, the low ones kept.
    EXPECT_EQ(bits("18446744073709552640"), kViewChannel);
}

TEST(ChannelPermissions, BaseIsEveryoneOrTheMembersRoles) {
    const Guild g = guild(kSendMessages);
    EXPECT_EQ(base(g, Snowflake{kUser}, {}), kSendMessages);
    EXPECT_EQ(base(g, Snowflake{kUser}, {Snowflake{kReaders}}), kSendMessages | kViewChannel);
    // A role the guild no longer lists adds nothing.
    EXPECT_EQ(base(g, Snowflake{kUser}, {Snowflake{999}}), kSendMessages);
}

TEST(ChannelPermissions, TheOwnerAndAdministratorsHaveEverythingWhateverTheOverwrites) {
    Guild g = guild(0);
    const std::vector<DiscordOverwrite> hidden{role_overwrite(kGuild, 0, kChat)};
    EXPECT_EQ(in_channel(g, Snowflake{30}, {}, hidden), kAll);
    g.roles[Snowflake{kMuted}].permissions = set(kAdministrator);
    std::vector<DiscordOverwrite> denied = hidden;
    denied.push_back(member_overwrite(kUser, 0, kChat));
    EXPECT_EQ(in_channel(g, Snowflake{kUser}, {Snowflake{kMuted}}, denied), kAll);
}

TEST(ChannelPermissions, NoOverwritesLeaveTheBase) {
    EXPECT_EQ(in_channel(guild(kChat), Snowflake{kUser}, {}, {}), kChat);
}

TEST(ChannelPermissions, EveryonesOverwriteDeniesThenAllows) {
    const Guild g = guild(kChat);
    EXPECT_EQ(in_channel(g, Snowflake{kUser}, {}, {role_overwrite(kGuild, 0, kSendMessages)}),
              kViewChannel | kReadMessageHistory);
    // Allow wins over deny within one overwrite.
    EXPECT_EQ(
        in_channel(g, Snowflake{kUser}, {}, {role_overwrite(kGuild, kSendMessages, kSendMessages)}),
        kChat);
}

TEST(ChannelPermissions, OneRolesAllowBeatsAnotherRolesDenyWhateverTheirOrder) {
    const Guild g = guild(kChat);
    const std::vector<DiscordOverwrite> overwrites{role_overwrite(kMuted, 0, kSendMessages),
                                                   role_overwrite(kReaders, kSendMessages, 0)};
    const std::vector<Snowflake> both{Snowflake{kMuted}, Snowflake{kReaders}};
    EXPECT_EQ(in_channel(g, Snowflake{kUser}, both, overwrites), kChat);
    EXPECT_EQ(in_channel(g, Snowflake{kUser}, {both[1], both[0]}, overwrites), kChat);
    // A role's overwrite beats @everyone's; one for a role the member lacks does nothing.
    const std::vector<DiscordOverwrite> layered{role_overwrite(kGuild, 0, kSendMessages),
                                                role_overwrite(kReaders, kSendMessages, 0)};
    EXPECT_EQ(in_channel(g, Snowflake{kUser}, {Snowflake{kReaders}}, layered), kChat);
    EXPECT_EQ(in_channel(g, Snowflake{kUser}, {Snowflake{kMuted}}, layered),
              kViewChannel | kReadMessageHistory);
    // A deleted role's overwrite counts no more than the role.
    EXPECT_EQ(in_channel(g, Snowflake{kUser}, {Snowflake{999}},
                         {role_overwrite(kGuild, 0, kSendMessages),
                          role_overwrite(999, kSendMessages, 0)}),
              kViewChannel | kReadMessageHistory);
}

TEST(ChannelPermissions, TheMembersOwnOverwriteComesLast) {
    const Guild g = guild(kChat);
    const std::vector<DiscordOverwrite> overwrites{role_overwrite(kReaders, kSendMessages, 0),
                                                   member_overwrite(kUser, 0, kSendMessages)};
    EXPECT_EQ(in_channel(g, Snowflake{kUser}, {Snowflake{kReaders}}, overwrites),
              kViewChannel | kReadMessageHistory);
    // Someone else's member overwrite is not the user's; a role overwrite with the user's id is
    // not a member overwrite.
    EXPECT_EQ(in_channel(g, Snowflake{kUser}, {}, {member_overwrite(20, 0, kChat)}), kChat);
    EXPECT_EQ(in_channel(g, Snowflake{kUser}, {}, {role_overwrite(kUser, 0, kChat)}), kChat);
}

TEST(ChannelPermissions, WithoutViewChannelNothingElseCounts) {
    const Guild g = guild(kChat | kManageMessages);
    EXPECT_EQ(in_channel(g, Snowflake{kUser}, {}, {role_overwrite(kGuild, 0, kViewChannel)}), 0u);
}

TEST(ChannelPermissions, WithoutSendMessagesNoFilesLinksTtsOrEveryone) {
    const std::uint64_t extras = kSendTts | kMentionEveryone | kEmbedLinks | kAttachFiles;
    const Guild g = guild(kChat | extras | kSendMessagesInThreads);
    EXPECT_EQ(in_channel(g, Snowflake{kUser}, {}, {role_overwrite(kGuild, 0, kSendMessages)}),
              kViewChannel | kReadMessageHistory | kSendMessagesInThreads);
}

}  // namespace
}  // namespace cordgate::core::permissions
