#pragma once
// One fully populated value of every event and effect type, for round-trip tests and
// benchmarks. Optional fields are set so that every field is exercised.

#include <core/effect.hpp>
#include <core/event.hpp>

#include <vector>

namespace cordgate::tests {

inline core::DiscordUser sample_user(std::uint64_t id, const char* name) {
    return core::DiscordUser{core::Snowflake{id}, name, std::string(name) + " (display)", "a1b2c3",
                             false};
}

inline std::vector<core::EventPayload> sample_event_payloads() {
    using namespace core;
    DiscordReady ready{
        sample_user(100, "me"),
        {DiscordRelationship{1, "bestie", sample_user(200, "alice")}},
        {DiscordChannel{
            Snowflake{300}, 1, std::nullopt, std::nullopt, {sample_user(200, "alice")}}}};
    DiscordMessageCreate msg{Snowflake{400},
                             Snowflake{300},
                             Snowflake{500},
                             sample_user(200, "alice"),
                             "hello \"world\" \xc3\xa9\n<b>",
                             "2026-11-25T07:00:00.000000+00:00",
                             "n1",
                             Snowflake{399},
                             {DiscordAttachment{Snowflake{401}, "cat.png",
                                                "https://cdn.example/cat.png", "image/png", 1234}}};
    msg.member_nick = "ally";
    msg.mentions = std::vector<Snowflake>{Snowflake{100}};
    DiscordChannel text{Snowflake{600}, 0, "general", Snowflake{500}, {}};
    text.topic = "talk here";
    text.parent_id = Snowflake{599};
    text.position = 2;
    text.last_message_id = Snowflake{610};
    DiscordChannel group_dm{Snowflake{301}, 3, "group", std::nullopt, {sample_user(200, "alice")}};
    group_dm.owner_id = Snowflake{200};
    DiscordGuild guild{Snowflake{500}, "guild", {text}};
    guild.owner_id = Snowflake{100};
    guild.roles = std::vector<DiscordRole>{DiscordRole{Snowflake{500}, "@everyone", "1024"}};
    guild.members = std::vector<DiscordMember>{
        DiscordMember{sample_user(200, "alice"), "ally", {Snowflake{500}}}};
    guild.threads = std::vector<DiscordChannel>{
        DiscordChannel{Snowflake{601}, 11, "thread", Snowflake{500}, {}}};
    DiscordUserProfile profile{sample_user(200, "alice"), "likes cats"};
    profile.avatar_type = "image/png";
    profile.avatar_base64 = "iVBORw0KGgo=";
    profile.avatar_sha1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
    ready.guilds = std::vector<DiscordGuild>{guild};
    ready.read_state =
        std::vector<DiscordReadState>{DiscordReadState{Snowflake{300}, Snowflake{400}}};
    DiscordAttachment attachment{Snowflake{402}, "a.txt", "https://cdn.example/a.txt", std::nullopt,
                                 3};
    XmppMessage rich{"romeo@localhost/phone", "200@discord.localhost", "chat", "m2", "o2", "yo"};
    rich.stanza_id = "s2";
    rich.reply_to_id = "m1";
    rich.reply_to_jid = "200@discord.localhost";
    rich.oob_url = "https://example.org/a.png";
    rich.chat_state = "active";
    rich.receipt_request = true;
    rich.markable = true;
    rich.references = std::vector<XmppReference>{
        XmppReference{"mention", "xmpp:200@discord.localhost", 0, 2},
        XmppReference{"mention", "xmpp:300@discord.localhost/ally", std::nullopt, std::nullopt}};
    guild.emojis = std::vector<DiscordGuildEmoji>{
        DiscordGuildEmoji{Snowflake{520}, "wave", true, false, {Snowflake{500}}}};
    ready.guilds = std::vector<DiscordGuild>{guild};
    ready.premium_type = 2;
    const char* r = "romeo@localhost/phone";
    const char* p = "200@discord.localhost";
    return {
        XmppRegister{"discord.localhost", "c2VhbGVk"},
        XmppMessage{"romeo@localhost/phone", "200@discord.localhost", "chat", "m1", "o1", "hi"},
        ready,
        msg,
        DiscordMessageUpdate{Snowflake{400},
                             Snowflake{300},
                             Snowflake{500},
                             sample_user(200, "alice"),
                             "edited",
                             "2026-11-25T07:01:00.000000+00:00",
                             {attachment}},
        DiscordMessageDelete{Snowflake{400}, Snowflake{300}, Snowflake{500}},
        DiscordReactionAdd{Snowflake{200}, Snowflake{300}, Snowflake{400}, Snowflake{500},
                           DiscordEmoji{Snowflake{700}, "blob"}},
        DiscordReactionRemove{Snowflake{200}, Snowflake{300}, Snowflake{400}, Snowflake{500},
                              DiscordEmoji{std::nullopt, "\xf0\x9f\x91\x8d"}},
        DiscordMessageDeleteBulk{{Snowflake{400}, Snowflake{401}}, Snowflake{300}, Snowflake{500}},
        DiscordReactionRemoveAll{Snowflake{300}, Snowflake{400}, Snowflake{500}},
        DiscordReactionRemoveEmoji{Snowflake{300}, Snowflake{400}, std::nullopt,
                                   DiscordEmoji{Snowflake{700}, "blob"}},
        DiscordGuildDelete{Snowflake{500}, true},
        DiscordGuildUpdate{Snowflake{500}, "renamed", Snowflake{100},
                           std::vector<DiscordRole>{DiscordRole{Snowflake{501}, "mods", "8"}}},
        DiscordGuildRoleUpdate{Snowflake{500}, DiscordRole{Snowflake{501}, "mods", "8192"}},
        DiscordGuildRoleDelete{Snowflake{500}, Snowflake{501}},
        DiscordChannelRecipientAdd{Snowflake{301}, sample_user(201, "bob")},
        DiscordChannelRecipientRemove{Snowflake{301}, sample_user(201, "bob")},
        DiscordThreadUpdate{DiscordChannel{Snowflake{601}, 11, "renamed", Snowflake{500}, {}}},
        DiscordThreadDelete{DiscordChannel{Snowflake{601}, 11, std::nullopt, Snowflake{500}, {}}},
        DiscordRelationshipUpdate{Snowflake{201}, 1, "bobby"},
        DiscordMemberListUpdate{
            Snowflake{500},
            "everyone",
            2,
            1,
            {DiscordListOp{MemberListOpKind::sync,
                           0,
                           99,
                           std::nullopt,
                           {DiscordListItem{"online", std::nullopt},
                            DiscordListItem{std::nullopt,
                                            DiscordListMember{DiscordMember{sample_user(201, "bob"),
                                                                            "bobby",
                                                                            {Snowflake{501}}},
                                                              "idle", "at lunch"}}}},
             DiscordListOp{MemberListOpKind::remove, std::nullopt, std::nullopt, 1, {}}}},
        DiscordThreadListSync{Snowflake{500},
                              {DiscordChannel{Snowflake{602}, 11, "synced", Snowflake{500}, {}}}},
        DiscordGuildEmojisUpdate{Snowflake{500},
                                 {DiscordGuildEmoji{Snowflake{521}, "blob", false, true, {}}}},
        DiscordTypingStart{Snowflake{300}, Snowflake{500}, Snowflake{200}, 1732500000},
        DiscordPresenceUpdate{Snowflake{200}, Snowflake{500}, "idle", "at lunch",
                              sample_user(200, "alice"), "\xf0\x9f\x8d\x95",
                              DiscordActivity{2, "Spotify", "Song", "Artist"}},
        DiscordAvatar{Snowflake{201}, "a_0123abcd", "da39a3ee5e6b4b0d3255bfef95601890afd80709",
                      "image/png", 67},
        DiscordRelationshipAdd{DiscordRelationship{1, "bestie", sample_user(201, "bob")}},
        DiscordRelationshipRemove{Snowflake{201}, 1},
        DiscordMessageAck{Snowflake{300}, Snowflake{400}},
        DiscordChannelCreate{group_dm},
        DiscordChannelUpdate{text},
        DiscordChannelDelete{text},
        DiscordGuildCreate{guild},
        DiscordThreadCreate{DiscordChannel{Snowflake{601}, 11, "thread", Snowflake{500}, {}},
                            Snowflake{600}},
        DiscordUserUpdate{sample_user(100, "me")},
        profile,
        DiscordGuildMemberUpdate{Snowflake{500},
                                 DiscordMember{sample_user(201, "bob"), std::nullopt, {}}},
        DiscordGuildMemberRemove{Snowflake{500}, sample_user(201, "bob")},
        DiscordChannelHistory{Snowflake{300}, {msg}},
        XmppMucJoin{r, "600@discord.localhost/romeo", 20},
        XmppArchiveQuery{r, "600@discord.localhost", "q9", "mam1", "2026-11-25T07:00:00Z",
                         std::nullopt, std::nullopt, "400", std::nullopt, 50, std::nullopt, "",
                         true},
        DiscordLoginFailed{"authentication failed", 4004},
        DiscordAdapterStarted{"1795596126342525209"},
        DiscordAdapterStarted{"1795596126342525210", false, 1800},
        XmppOwnAvatar{"da39a3ee5e6b4b0d3255bfef95601890afd80709", "image/png", "iVBORw0KGgo=", 8},
        XmppOwnAvatar{"da39a3ee5e6b4b0d3255bfef95601890afd80709", {}, {}, {}, "item-not-found"},
        DiscordRestPaused{true, 60000},
        DiscordEffectFailed{7, "HTTP 403: Missing Access", 403, Refusal::forbidden},
        DiscordRequiredAction{"REQUIRE_VERIFIED_EMAIL"},
        XmppUnregister{"discord.localhost"},
        XmppCorrection{r, p, "chat", "m3", "m2", "fixed"},
        XmppRetraction{r, p, "chat", "m4", "m2"},
        XmppReactions{r, p, "chat", "m5", "m2", {"\xf0\x9f\x91\x8d"}},
        XmppChatState{r, p, "chat", "composing"},
        XmppMarker{r, p, "chat", "displayed", "cg1-0"},
        XmppPresence{r, "discord.localhost", "unavailable", "dnd", "busy", 5},
        XmppPresence{
            r, "discord.localhost", {}, {}, {}, {}, "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
        XmppQuery{r, p, "q1", "disco_info", "node"},
        XmppPrivileges{"localhost",
                       "urn:xmpp:privilege:2",
                       {XmppPermission{"iq", "both", {"http://jabber.org/protocol/pubsub"}}}},
        XmppStanzaError{"message", "romeo@localhost", p, "cg1-0", "cancel", "service-unavailable",
                        "offline"},
        rich,
        XmppCommand{r,
                    "discord.localhost",
                    "q6",
                    "login",
                    "complete",
                    "cg12-0",
                    {{"token", "c2VhbGVk"}, {"remember", "1"}},
                    true},
        EventRefused{"discord.message_create", "invalid UTF-8 at offset 212", 431},
        XmppUploadService{"localhost", "upload.localhost", 104857600},
        XmppUploadSlot{"cg15-0",
                       "https://upload.localhost/put/cat.png",
                       {HttpHeader{"Authorization", "Bearer abc"}},
                       "https://upload.localhost/get/cat.png",
                       "file too large"},
        DiscordFileRehosted{"cg15-0", true, "https://upload.localhost/get/cat.png", 1234,
                            "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", "none"},
        DiscordFileProbed{"cg16-0", true, 2048, "image/png", "none"}};
}

inline std::vector<core::EffectPayload> sample_effect_payloads() {
    using namespace core;
    SendXmppMessage rich{"200@discord.localhost", "romeo@localhost", "chat", "cg2-0", "yo"};
    rich.origin_id = "o2";
    rich.stanza_id = "s2";
    rich.replace_id = "cg1-0";
    rich.reply_to_id = "m1";
    rich.reply_to_jid = "romeo@localhost";
    rich.oob_url = "https://cdn.example/cat.png";
    rich.chat_state = "active";
    rich.receipt_request = true;
    rich.markable = true;
    rich.delay_stamp = "2026-11-25T07:00:00Z";
    rich.file =
        SharedFile{"cat.png", 1234, "image/png", "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="};
    const char* p = "200@discord.localhost";
    const char* u = "romeo@localhost";
    SendDiscordMessage reply{Snowflake{300}, std::nullopt, "re", "44"};
    reply.reply_to = Snowflake{400};
    SendXmppRetraction moderated{"600@discord.localhost", u, "groupchat", "cg9-0", "cg1-0"};
    moderated.moderated_by = "600@discord.localhost";
    return {
        SendXmppMessage{"200@discord.localhost", "romeo@localhost", "chat", "cg1-0", "hi"},
        SetXmppRoster{"discord.localhost",
                      RosterItem{"200@discord.localhost", "alice", {"Discord"}, "both"}},
        LoginDiscord{"c2VhbGVk"},
        SendDiscordMessage{Snowflake{300}, Snowflake{200}, "hi", "42"},
        EditDiscordMessage{Snowflake{300}, Snowflake{400}, "edited"},
        DeleteDiscordMessage{Snowflake{300}, Snowflake{400}},
        AddDiscordReaction{Snowflake{300}, Snowflake{400}, "blob:700"},
        RemoveDiscordReaction{Snowflake{300}, Snowflake{400}, "\xf0\x9f\x91\x8d"},
        TriggerDiscordTyping{Snowflake{300}},
        AckDiscordMessage{Snowflake{300}, Snowflake{400}},
        FetchDiscordUser{Snowflake{200}, true},
        FetchDiscordAvatar{Snowflake{201}, "a_0123abcd"},
        FetchXmppOwnAvatar{"discord.localhost", "romeo@localhost",
                           "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
        SetDiscordOwnAvatar{"da39a3ee5e6b4b0d3255bfef95601890afd80709", "image/png",
                            "iVBORw0KGgo="},
        UploadDiscordAttachment{Snowflake{300}, Snowflake{200}, "a file", "43", "a.txt",
                                "text/plain", "aGk=", "https://upload.localhost/get/a.txt", 2},
        rich,
        SendXmppArchived{"600@discord.localhost", "romeo@localhost/phone", "mam1", "400",
                         SendXmppMessage{"600@discord.localhost/alice", "romeo@localhost/phone",
                                         "groupchat", "cg1-0", "hi"}},
        SendXmppArchiveFin{"600@discord.localhost", "romeo@localhost/phone", "q9", true, "400",
                           "400"},
        SendXmppRetraction{p, u, "chat", "cg3-0", "cg1-0"},
        SendXmppReactions{p, u, "chat", "cg4-0", "m1", {"\xe2\x9d\xa4"}},
        SendXmppChatState{p, u, "chat", "cg5-0", "paused"},
        SendXmppMarker{p, u, "chat", "cg6-0", "receipt", "m1"},
        SendXmppPresence{p, u, "cg7-0", "unavailable", "away", "afk", "0123abcd", true},
        SendXmppVcard{p, "romeo@localhost/phone", "q1", "Alice", "alice", "https://a.example", "hi",
                      "image/png", "iVBORw0KGgo="},
        SendXmppDiscoInfo{p,
                          "romeo@localhost/phone",
                          "q2",
                          "node",
                          {DiscoIdentity{"client", "pc", "Alice"}},
                          {"vcard-temp"}},
        SendXmppIqResult{"discord.localhost", "romeo@localhost/phone", "q3"},
        SendXmppIqError{p, "romeo@localhost/phone", "q4", "cancel", "item-not-found", "gone"},
        SendXmppCarbon{p, "chat", "cg8-0", "from the app", "cg1-0", "o8"},
        LogoutDiscord{"unregistered"},
        reply,
        moderated,
        SendXmppMucPresence{"600@discord.localhost/alice",
                            "romeo@localhost/phone",
                            "cg10-0",
                            std::nullopt,
                            "away",
                            "afk",
                            "owner",
                            "moderator",
                            p,
                            {100, 110},
                            "0123abcd"},
        SendXmppSubject{"600@discord.localhost", "romeo@localhost/phone", "cg11-0", "topic"},
        SendXmppInvite{"discord.localhost", u, "cg12-0", "600@discord.localhost", "guild"},
        SendXmppDiscoItems{"discord.localhost",
                           "romeo@localhost/phone",
                           "q5",
                           std::nullopt,
                           {DiscoItem{"600@discord.localhost", "guild/#general", std::nullopt}}},
        SetDiscordPresence{"idle", "at lunch", true},
        FetchDiscordHistory{Snowflake{600}, 20, Snowflake{610}},
        SendXmppCommandResult{
            "discord.localhost", "romeo@localhost/phone", "q6", "login", "cg12-0", "executing",
            "info", "Enter a token",
            DataForm{"Log in",
                     "Leave empty to use the stored token.",
                     {FormField{"token", "text-private", "Discord token", std::nullopt, false},
                      FormField{"remember", "boolean", std::nullopt, "1", true},
                      FormField{"accountjids", "jid-multi", "Users", "romeo@localhost", false,
                                std::vector<std::string>{"juliet@localhost"}},
                      FormField{"max_items", "list-single", std::nullopt, "25", false, std::nullopt,
                                std::vector<FormOption>{FormOption{"25", "25"},
                                                        FormOption{"none", std::nullopt}}}},
                     "result"}},
        SendXmppAvatar{"20@discord.localhost", "romeo@localhost/phone", "q7", "metadata",
                       "0123456789abcdef0123456789abcdef01234567", "image/png", 67, std::nullopt},
        SetXmppBookmark{u, "cg13-0", "720@discord.localhost", "plans", true, "Romeo"},
        SendXmppMessageError{p, "romeo@localhost/phone", "m9", "cancel", "item-not-found",
                             "no such message"},
        SubscribeDiscordGuild{Snowflake{500},
                              true,
                              true,
                              true,
                              {DiscordChannelRanges{Snowflake{600}, {DiscordMemberRange{0, 99}}}}},
        AddDiscordRelationship{Snowflake{202}},
        RemoveDiscordRelationship{Snowflake{202}},
        SendXmppRoomStatus{"600@discord.localhost", "romeo@localhost/phone", "cg14-0", {104}},
        RequestXmppUploadSlot{"cg15-0", "upload.localhost", "cat.png", 1234, "image/png"},
        ProbeDiscordFile{"cg16-0", "https://cdn.discordapp.com/stickers/81.png"},
        RehostDiscordFile{"cg15-0",
                          "https://cdn.example/cat.png",
                          Snowflake{401},
                          Snowflake{300},
                          1234,
                          "image/png",
                          "https://upload.localhost/put/cat.png",
                          {HttpHeader{"Authorization", "Bearer abc"}},
                          104857600}};
}

}  // namespace cordgate::tests
