// READY read in slices (ready_source.hpp): which frames are sliced, and that a slice reads as
// the same value would in a DOM of the whole. ready_assembly_test.cpp runs the assembly both ways.

#include <adapters/discord/ready_source.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cordgate::adapters::discord {
namespace {

std::vector<std::string> names_of(const ReadySource& d, std::string_view key) {
    std::vector<std::string> out;
    d.each_item(key, [&](const Json& item, std::size_t i) {
        out.push_back(std::to_string(i) + ":" + item["name"].GetString());
    });
    return out;
}

TEST(ReadySource, ReadyAndSupplementalAreSlicedWhateverTheMemberOrder) {
    auto ready = slice_login_dispatch(
        R"({"d": {"guilds": [{"name": "a"}, {"name": "b"}], "user": {"id": "1"}}, "op": 0,)"
        R"( "s": 1, "t": "READY"})");
    ASSERT_TRUE(ready);
    EXPECT_EQ(ready->name, "READY");
    EXPECT_EQ(ready->seq, 1);
    EXPECT_EQ(names_of(ready->d, "guilds"), (std::vector<std::string>{"0:a", "1:b"}));
    std::string id;
    ready->d.with("user", [&](const Json& u) { id = u["id"].GetString(); });
    EXPECT_EQ(id, "1");

    auto supplemental = slice_login_dispatch(
        R"({"t": "READY_SUPPLEMENTAL", "s": null, "op": 0, "d": {"merged_presences": {}}})");
    ASSERT_TRUE(supplemental);
    EXPECT_FALSE(supplemental->seq);
    EXPECT_TRUE(supplemental->d.has("merged_presences"));
}

TEST(ReadySource, OtherFramesAndWhatTheCursorDeclinesGoToTheDom) {
    // Not a login dispatch.
    EXPECT_FALSE(slice_login_dispatch(R"({"t": "MESSAGE_CREATE", "s": 3, "op": 0, "d": {}})"));
    EXPECT_FALSE(slice_login_dispatch(R"({"op": 10, "d": {"heartbeat_interval": 41250}})"));
    // An escaped surrogate pair: RapidJSON reads it, JsonCursor declines it.
    EXPECT_FALSE(slice_login_dispatch(
        R"({"t": "READY", "s": 1, "op": 0, "d": {"user": {"id": "1", "username": "\ud83d\ude00"}}})"));
    // A `d` that is not an object, a frame cut short, trailing bytes.
    EXPECT_FALSE(slice_login_dispatch(R"({"t": "READY", "s": 1, "op": 0, "d": []})"));
    EXPECT_FALSE(slice_login_dispatch(R"({"t": "READY", "s": 1, "op": 0, "d": {"user": )"));
    EXPECT_FALSE(slice_login_dispatch(R"({"t": "READY", "s": 1, "op": 0, "d": {}} x)"));
    // A repeated header key is not guessed at.
    EXPECT_FALSE(slice_login_dispatch(R"({"t": "READY", "t": "READY", "op": 0, "d": {}})"));
}

TEST(ReadySource, SlicedAndDomSourcesAgreeOnAbsentNullAndBadLists) {
    const char* d_text = R"({"a": null, "list": {"not": "a list"}, "dup": [{"name": "first"}],)"
                         R"( "dup": [{"name": "second"}]})";
    auto sliced =
        slice_login_dispatch(std::string(R"({"t": "READY", "op": 0, "d": )") + d_text + "}");
    ASSERT_TRUE(sliced);
    rapidjson::Document doc;
    doc.Parse(d_text);
    const DomReadySource dom(doc);
    for (const ReadySource* d :
         {static_cast<const ReadySource*>(&sliced->d), static_cast<const ReadySource*>(&dom)}) {
        EXPECT_FALSE(d->has("a"));  // null reads as absent
        EXPECT_FALSE(d->has("missing"));
        bool called = false;
        d->with("a", [&](const Json&) { called = true; });
        EXPECT_FALSE(called);
        EXPECT_TRUE(names_of(*d, "missing").empty());
        try {
            names_of(*d, "list");
            ADD_FAILURE() << "a list that is an object read";
        } catch (const MalformedPayload& e) {
            EXPECT_STREQ(e.what(), "list: expected an array");
        }
        // The first of two equal keys, as RapidJSON's FindMember.
        EXPECT_EQ(names_of(*d, "dup"), (std::vector<std::string>{"0:first"}));
    }
}

}  // namespace
}  // namespace cordgate::adapters::discord
