// The member sidebar (member_list.hpp): grouping and order as guild-subscriptions.mdx's
// example shows, and the ops that take a held list to the current one.
#include <tests/emulator/member_list.hpp>
#include <tests/emulator/seed.hpp>

#include <gtest/gtest.h>
#include <rapidjson/document.h>

namespace cordgate::tests::emulator {
namespace {

// The example of discord-userdoccers pages/topics/guild-subscriptions.mdx (commit ca08226):
// bob (Admin, online), john (Admin, offline), alice (Premium, online), alien (online), eve
// (offline); Mod is hoisted but empty.
constexpr const char* kSeed = R"({
  "users": [{"id": "1001", "username": "bob", "global_name": "Bob"},
            {"id": "1002", "username": "john", "global_name": "John", "status": "offline"},
            {"id": "1003", "username": "alice", "global_name": "Alice"},
            {"id": "1004", "username": "alien", "global_name": "Alien"},
            {"id": "1005", "username": "eve", "global_name": "Eve", "status": "offline"}],
  "guilds": [{"id": "2000", "owner_id": "1001",
              "roles": [{"id": "2001", "name": "Premium", "position": 1, "hoist": true},
                        {"id": "2002", "name": "Mod", "position": 2, "hoist": true},
                        {"id": "2003", "name": "Admin", "position": 3, "hoist": true}],
              "members": [{"user_id": "1001", "roles": ["2003"]}, {"user_id": "1002", "roles": ["2003"]},
                          {"user_id": "1003", "roles": ["2001"]}, {"user_id": "1004"},
                          {"user_id": "1005"}],
              "channels": [{"id": "10001", "name": "general"}]}]
})";

std::string shape(const std::vector<MemberListItem>& items) {
    std::string out;
    for (const auto& i : items)
        out += (i.user_id ? std::to_string(i.user_id) : "[" + i.group + "]") + " ";
    return out;
}

class MemberListTest : public ::testing::Test {
  protected:
    void SetUp() override { load_seed(world, kSeed); }
    MemberList list() const {
        return build_member_list(world, world.guilds.at(2000), world.channels.at(10001));
    }
    World world;
};

TEST_F(MemberListTest, GroupsAndOrderAsTheDocsExample) {
    const MemberList l = list();
    EXPECT_EQ(l.id, "everyone");
    EXPECT_EQ(l.member_count, 5);
    EXPECT_EQ(l.online_count, 3);
    EXPECT_EQ(shape(l.items), "[2003] 1001 [2001] 1003 [online] 1004 [offline] 1005 1002 ");
    ASSERT_EQ(l.groups.size(), 4u);
    EXPECT_EQ(l.groups[3], (std::pair<std::string, std::int64_t>{"offline", 2}));
    rapidjson::Document m;
    m.Parse(l.items[1].json.c_str());
    EXPECT_STREQ(m["member"]["user"]["id"].GetString(), "1001");
    EXPECT_STREQ(m["member"]["roles"][0].GetString(), "2003");
    EXPECT_STREQ(m["member"]["presence"]["status"].GetString(), "online");
    EXPECT_STREQ(m["member"]["presence"]["user"]["id"].GetString(), "1001");
}

TEST_F(MemberListTest, NickSortsBeforeGlobalNameCaseInsensitively) {
    world.guilds.at(2000).members[4].nick = "aaron";  // eve
    world.users.at(1002).global_name = "";            // john by username
    EXPECT_EQ(shape(list().items), "[2003] 1001 [2001] 1003 [online] 1004 [offline] 1005 1002 ");
    world.users.at(1002).username = "Abe";
    EXPECT_EQ(shape(list().items), "[2003] 1001 [2001] 1003 [online] 1004 [offline] 1005 1002 ")
        << "aaron < Abe";
    world.guilds.at(2000).members[4].nick = "Zed";
    EXPECT_EQ(shape(list().items), "[2003] 1001 [2001] 1003 [online] 1004 [offline] 1002 1005 ");
}

// Applies ops as a client does, one by one.
std::vector<MemberListItem> apply_ops(std::vector<MemberListItem> items,
                                      const std::vector<ListOp>& ops) {
    for (const ListOp& op : ops) {
        const auto at = items.begin() + op.index;
        switch (op.kind) {
            case ListOpKind::kInsert:
                items.insert(at, op.items.at(0));
                break;
            case ListOpKind::kUpdate:
                *at = op.items.at(0);
                break;
            case ListOpKind::kDelete:
                items.erase(at);
                break;
            case ListOpKind::kSync:
                ADD_FAILURE() << "no SYNC in a diff";
                break;
        }
    }
    return items;
}

TEST_F(MemberListTest, DiffComingOnlineMovesAMemberAndUpdatesCounts) {
    const auto before = list().items;
    world.users.at(1005).status = "idle";  // eve comes online: offline -> online group
    const auto after = list().items;
    const auto ops = diff_member_list(before, after);
    EXPECT_EQ(apply_ops(before, ops), after);
    int inserts = 0, deletes = 0, updates = 0;
    for (const auto& op : ops) {
        inserts += op.kind == ListOpKind::kInsert;
        deletes += op.kind == ListOpKind::kDelete;
        updates += op.kind == ListOpKind::kUpdate;
    }
    EXPECT_EQ(inserts, 1);
    EXPECT_EQ(deletes, 1);
    EXPECT_EQ(updates, 2) << "the online and offline headers' counts";
    EXPECT_EQ(shape(after), "[2003] 1001 [2001] 1003 [online] 1004 1005 [offline] 1002 ");
}

TEST_F(MemberListTest, DiffJoinLeaveNickAndEmptyGroup) {
    auto before = list().items;
    world.guilds.at(2000).members[2].nick = "Al";  // alice renamed: UPDATE in place
    auto after = list().items;
    auto ops = diff_member_list(before, after);
    ASSERT_EQ(ops.size(), 1u);
    EXPECT_EQ(ops[0].kind, ListOpKind::kUpdate);
    EXPECT_EQ(ops[0].index, 3);

    before = after;
    world.guilds.at(2000).members.erase(world.guilds.at(2000).members.begin() + 2);  // alice leaves
    after = list().items;
    ops = diff_member_list(before, after);
    EXPECT_EQ(apply_ops(before, ops), after);
    EXPECT_EQ(shape(after), "[2003] 1001 [online] 1004 [offline] 1005 1002 ") << "Premium is empty";
    ASSERT_EQ(ops.size(), 2u);
    EXPECT_EQ(ops[0].kind, ListOpKind::kDelete);
    EXPECT_EQ(ops[0].index, 2);
    EXPECT_EQ(ops[1].index, 2);

    EXPECT_TRUE(diff_member_list(after, after).empty());
}

TEST_F(MemberListTest, HeldItemsAndSyncFollowTheRanges) {
    const MemberList l = list();
    EXPECT_EQ(held_items(l, {{0, 99}}).size(), l.items.size());
    const ListOp sync = sync_op(l, {0, 99});
    EXPECT_EQ(sync.items, l.items);
    EXPECT_TRUE(sync_op(l, {100, 199}).items.empty());
    const std::string json = member_list_update_json(2000, l, {sync});
    rapidjson::Document d;
    d.Parse(json.c_str());
    EXPECT_STREQ(d["guild_id"].GetString(), "2000");
    EXPECT_STREQ(d["ops"][0]["op"].GetString(), "SYNC");
    EXPECT_EQ(d["ops"][0]["range"][1].GetInt(), 99);
    EXPECT_EQ(d["ops"][0]["items"].Size(), 9u);
    EXPECT_STREQ(d["ops"][0]["items"][0]["group"]["id"].GetString(), "2003");
    EXPECT_EQ(d["groups"].Size(), 4u);
}

TEST(MemberListId, EveryoneUnlessViewIsOverwrittenThenTheOfficialClientsHash) {
    World world;
    load_seed(world, R"({
      "users": [{"id": "1001", "username": "bob"}],
      "guilds": [{"id": "2000", "owner_id": "1001", "roles": [{"id": "2003", "name": "Admin"}],
                  "members": [{"user_id": "1001", "roles": ["2003"]}],
                  "channels": [{"id": "10001", "name": "general"},
                               {"id": "10002", "name": "staff", "permission_overwrites": [
                                  {"id": "2000", "type": 0, "allow": "0", "deny": "1024"},
                                  {"id": "2003", "type": 0, "allow": "1024", "deny": "0"}]}]}]
    })");
    const Guild& g = world.guilds.at(2000);
    EXPECT_EQ(member_list_id(world, g, world.channels.at(10001)), "everyone");
    // MurmurHash3 x86_32 (seed 0) of "allow:2003,deny:2000", computed independently (its
    // reference vectors: "hello" -> 0x248bfa47).
    EXPECT_EQ(member_list_id(world, g, world.channels.at(10002)), "1310644478");
}

}  // namespace
}  // namespace cordgate::tests::emulator
