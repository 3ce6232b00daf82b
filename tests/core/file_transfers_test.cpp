// Discord files re-hosted on the user's upload service (XEP-0363) and XMPP files sent to
// Discord as attachments (core/file_transfers.hpp).

#include <core/file_transfers.hpp>
#include <tests/core/session_fixture.hpp>

namespace cordgate::core {
namespace {

using tests::discord_user;
using tests::effects_of;

DiscordAttachment file(std::uint64_t id, const char* name, std::uint64_t size) {
    return DiscordAttachment{Snowflake{id}, name,
                             std::string("https://cdn.discordapp.com/attachments/500/") +
                                 std::to_string(id) + "/" + name,
                             "image/png", size};
}

class Files : public tests::SessionFixture {
  protected:
    void with_service(std::optional<std::uint64_t> max = 1000000) {
        feed(XmppUploadService{"localhost", "upload.localhost", max}, "");
    }
    Effects from_alice(std::uint64_t id, const char* text, std::vector<DiscordAttachment> files) {
        DiscordMessageCreate m = discord_message(id, 500, discord_user(20, "alice"), text);
        m.attachments = std::move(files);
        return feed(m);
    }
    static XmppUploadSlot slot_for(const std::string& request_id) {
        return XmppUploadSlot{request_id,
                              "https://up.localhost/put/" + request_id,
                              {HttpHeader{"Authorization", "Bearer x"}},
                              "https://up.localhost/get/" + request_id,
                              std::nullopt};
    }
    static DiscordFileRehosted copied(const std::string& request_id) {
        return DiscordFileRehosted{request_id, true,   "https://up.localhost/get/" + request_id,
                                   42,         "c2hh", std::nullopt};
    }
    std::vector<std::string> bodies(const Effects& out) {
        std::vector<std::string> b;
        for (const auto& m : effects_of<SendXmppMessage>(out)) b.push_back(m.body.value_or(""));
        return b;
    }
};

TEST_F(Files, TheTextGoesFirstThenTheFileFromTheUsersServerWithItsMetadata) {
    with_service();
    Effects out = from_alice(900, "look", {file(901, "cat.png", 42)});
    ASSERT_EQ(bodies(out), std::vector<std::string>{"look"});
    auto slots = effects_of<RequestXmppUploadSlot>(out);
    ASSERT_EQ(slots.size(), 1u);
    EXPECT_EQ(slots[0].service, "upload.localhost");
    EXPECT_EQ(slots[0].filename, "cat.png");
    EXPECT_EQ(slots[0].size, 42u);
    EXPECT_EQ(slots[0].content_type, "image/png");

    out = feed(slot_for(slots[0].request_id));
    auto copies = effects_of<RehostDiscordFile>(out);
    ASSERT_EQ(copies.size(), 1u);
    EXPECT_EQ(copies[0].source_url, "https://cdn.discordapp.com/attachments/500/901/cat.png");
    EXPECT_EQ(copies[0].put_url, "https://up.localhost/put/" + slots[0].request_id);
    EXPECT_EQ(copies[0].put_headers.size(), 1u);
    EXPECT_EQ(copies[0].attachment_id, Snowflake{901});
    EXPECT_EQ(copies[0].max_bytes, 42u);
    EXPECT_TRUE(effects_of<SendXmppMessage>(out).empty());

    out = feed(copied(slots[0].request_id));
    auto sent = effects_of<SendXmppMessage>(out);
    ASSERT_EQ(sent.size(), 1u);
    const std::string get = "https://up.localhost/get/" + slots[0].request_id;
    EXPECT_EQ(sent[0].body, get);
    EXPECT_EQ(sent[0].oob_url, get);
    ASSERT_TRUE(sent[0].file);
    EXPECT_EQ(sent[0].file->name, "cat.png");
    EXPECT_EQ(sent[0].file->size, 42u);
    EXPECT_EQ(sent[0].file->sha256_base64, "c2hh");
    EXPECT_EQ(sent[0].from, kAlice);
    EXPECT_FALSE(session().files) << "nothing left once the file is out";
}

TEST_F(Files, LaterMessagesOfTheChatWaitForTheFilesAheadOfThem) {
    with_service();
    Effects out = from_alice(900, "", {file(901, "a.png", 10), file(902, "b.png", 10)});
    EXPECT_TRUE(effects_of<SendXmppMessage>(out).empty());
    auto slots = effects_of<RequestXmppUploadSlot>(out);
    ASSERT_EQ(slots.size(), 2u);
    EXPECT_TRUE(bodies(from_alice(903, "after", {})).empty()) << "held behind the files";

    feed(slot_for(slots[0].request_id));
    feed(slot_for(slots[1].request_id));
    // The second file is done first: it still waits for the first.
    EXPECT_TRUE(bodies(feed(copied(slots[1].request_id))).empty());
    out = feed(copied(slots[0].request_id));
    EXPECT_EQ(bodies(out), (std::vector<std::string>{
                               "https://up.localhost/get/" + slots[0].request_id,
                               "https://up.localhost/get/" + slots[1].request_id, "after"}));
    // The Discord message's id goes to its first XMPP message (a file, as it has no text).
    EXPECT_EQ(session().messages.xmpp_id(Snowflake{900}) != nullptr, true);
    EXPECT_EQ(*session().messages.xmpp_id(Snowflake{900}), effects_of<SendXmppMessage>(out)[0].id);
    EXPECT_TRUE(bodies(from_alice(904, "now", {})) == std::vector<std::string>{"now"});
}

TEST_F(Files, ASlotErrorOrAFailedCopySendsDiscordsUrlWithANote) {
    with_service();
    auto slots = effects_of<RequestXmppUploadSlot>(
        from_alice(900, "", {file(901, "a.png", 10), file(902, "b.png", 10)}));
    ASSERT_EQ(slots.size(), 2u);
    XmppUploadSlot refused{slots[0].request_id, std::nullopt, {}, std::nullopt, "quota"};
    auto out = feed(refused);
    auto sent = effects_of<SendXmppMessage>(out);
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].oob_url, "https://cdn.discordapp.com/attachments/500/901/a.png");
    EXPECT_NE(sent[0].body->find("quota"), std::string::npos);
    EXPECT_FALSE(sent[0].file->sha256_base64);

    const std::uint64_t copy_effect = feed(slot_for(slots[1].request_id)).front().id;
    out = feed(DiscordEffectFailed{copy_effect, "download failed", 502});
    sent = effects_of<SendXmppMessage>(out);
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].oob_url, "https://cdn.discordapp.com/attachments/500/902/b.png");
    EXPECT_NE(sent[0].body->find("download failed"), std::string::npos);
    EXPECT_TRUE(effects_of<SendXmppMessageError>(out).empty()) << "not the user's own action";
}

// The Discord adapter answers a copy without a GET URL (only the core knows the slot's) and a
// failed copy as ok:false, not as discord.effect_failed.
TEST_F(Files, TheAdaptersAnswerNeedsNoGetUrlAndAFailedCopyFallsBack) {
    with_service();
    auto slots = effects_of<RequestXmppUploadSlot>(
        from_alice(900, "", {file(901, "a.png", 10), file(902, "b.png", 10)}));
    ASSERT_EQ(slots.size(), 2u);
    feed(slot_for(slots[0].request_id));
    feed(slot_for(slots[1].request_id));

    auto out = feed(
        DiscordFileRehosted{slots[0].request_id, true, std::nullopt, 10, "c2hh", std::nullopt});
    auto sent = effects_of<SendXmppMessage>(out);
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].oob_url, "https://up.localhost/get/" + slots[0].request_id);
    EXPECT_EQ(sent[0].body, "https://up.localhost/get/" + slots[0].request_id);

    out = feed(DiscordFileRehosted{slots[1].request_id, false, std::nullopt, std::nullopt,
                                   std::nullopt, "the upload service answered 413"});
    sent = effects_of<SendXmppMessage>(out);
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].oob_url, "https://cdn.discordapp.com/attachments/500/902/b.png");
    EXPECT_NE(sent[0].body->find("answered 413"), std::string::npos);
    EXPECT_FALSE(session().files) << "nothing stuck";
    EXPECT_EQ(bodies(from_alice(903, "next", {})), std::vector<std::string>{"next"});
}

// A forward shows the forwarded message's files as well: they are re-hosted like the message's
// own, after the text that says it is a forward, and none stays in that text.
TEST_F(Files, AForwardedMessagesFilesAreRehostedAfterTheForward) {
    with_service();
    DiscordMessageCreate m = discord_message(900, 500, discord_user(20, "alice"), "");
    m.forwarded = std::vector<DiscordForwarded>{
        DiscordForwarded{"the map", {file(901, "map.png", 10)}, {}, {}}};
    Effects out = feed(m);
    ASSERT_EQ(bodies(out), std::vector<std::string>{"↱ Forwarded:\n> the map"});
    EXPECT_FALSE(effects_of<SendXmppMessage>(out)[0].oob_url);
    auto slots = effects_of<RequestXmppUploadSlot>(out);
    ASSERT_EQ(slots.size(), 1u);
    EXPECT_EQ(slots[0].filename, "map.png");

    feed(slot_for(slots[0].request_id));
    auto sent = effects_of<SendXmppMessage>(feed(copied(slots[0].request_id)));
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].oob_url, "https://up.localhost/get/" + slots[0].request_id);
    EXPECT_FALSE(session().files);
}

TEST_F(Files, AFileOverTheServiceLimitIsNotCopied) {
    with_service(100);
    auto out = from_alice(900, "big", {file(901, "big.bin", 5000)});
    EXPECT_TRUE(effects_of<RequestXmppUploadSlot>(out).empty());
    EXPECT_EQ(effects_of<SendXmppMessage>(out).size(), 2u);
    EXPECT_EQ(effects_of<SendXmppMessage>(out)[1].oob_url,
              "https://cdn.discordapp.com/attachments/500/901/big.bin");
    EXPECT_FALSE(session().files);
}

TEST_F(Files, ARestartedDiscordAdapterReleasesTheCopiesItLost) {
    with_service();
    auto slots = effects_of<RequestXmppUploadSlot>(from_alice(900, "", {file(901, "a.png", 10)}));
    feed(slot_for(slots.at(0).request_id));
    from_alice(903, "after", {});
    auto out = feed(DiscordAdapterStarted{"i2"}, "");
    EXPECT_EQ(effects_of<LoginDiscord>(out).size(), 1u);
    auto sent = effects_of<SendXmppMessage>(out);
    ASSERT_EQ(sent.size(), 2u);
    EXPECT_EQ(sent[0].oob_url, "https://cdn.discordapp.com/attachments/500/901/a.png");
    EXPECT_EQ(sent[0].to, kUser);
    EXPECT_EQ(sent[1].body, "after");
    EXPECT_EQ(out[1].user, kUser);
}

TEST_F(Files, AFileWithNoAnswerIsGivenUpOnAtTheNextEventAfterTheLimit) {
    with_service();
    from_alice(900, "", {file(901, "a.png", 10)});
    ts += file_transfers::kGiveUpMs;
    auto sent = effects_of<SendXmppMessage>(from_alice(903, "later", {}));
    ASSERT_EQ(sent.size(), 2u);
    EXPECT_EQ(sent[0].oob_url, "https://cdn.discordapp.com/attachments/500/901/a.png");
    EXPECT_EQ(sent[1].body, "later");
}

TEST_F(Files, BeyondTheCapInFlightFilesQueueAndStartAsPlacesFreeUp) {
    with_service();
    const std::size_t cap = file_transfers::kMaxFilesInFlight;
    std::vector<DiscordAttachment> many;
    for (std::uint64_t i = 0; i < cap + 2; ++i) many.push_back(file(1000 + i, "f.png", 10));
    auto out = from_alice(900, "", many);
    auto slots = effects_of<RequestXmppUploadSlot>(out);
    ASSERT_EQ(slots.size(), cap);
    EXPECT_TRUE(effects_of<SendXmppMessage>(out).empty());

    // One refused slot frees one place: the oldest queued file takes it.
    out = feed(XmppUploadSlot{slots[0].request_id, std::nullopt, {}, std::nullopt, "quota"});
    auto next = effects_of<RequestXmppUploadSlot>(out);
    ASSERT_EQ(next.size(), 1u);
    EXPECT_EQ(bodies(out).size(), 1u) << "the first file goes out with Discord's URL";
    for (std::size_t i = 1; i < cap; ++i) {
        feed(slot_for(slots[i].request_id));
        feed(copied(slots[i].request_id));
    }
    // The first copies are done: the last queued file is on its way too, and the files it
    // waits for wait with it, in order.
    feed(slot_for(next[0].request_id));
    out = feed(copied(next[0].request_id));
    ASSERT_TRUE(session().files);
    std::size_t on_way = 0;
    for (const auto& [id, f] : session().files->files) on_way += f.stage == FileStage::slot;
    EXPECT_EQ(on_way, 1u) << "the last file got its slot request";
    EXPECT_FALSE(session().files->queue);
}

TEST_F(Files, PastTheQueuesBoundAFileKeepsDiscordsUrl) {
    with_service();
    const std::size_t bound = file_transfers::kMaxFilesInFlight + file_transfers::kMaxFilesQueued;
    std::vector<DiscordAttachment> many;
    for (std::uint64_t i = 0; i < bound + 1; ++i) many.push_back(file(1000 + i, "f.png", 10));
    from_alice(900, "", many);
    ASSERT_TRUE(session().files);
    EXPECT_EQ(session().files->queue->size(), file_transfers::kMaxFilesQueued);
    std::size_t fell_back = 0;
    for (const auto& [id, f] : session().files->files) {
        if (f.stage != FileStage::fallback) continue;
        ++fell_back;
        EXPECT_NE(f.note->find("already waiting"), std::string::npos);
    }
    EXPECT_EQ(fell_back, 1u);
}

// Stickers and embed images carry no size: it is probed before the slot is asked for.
TEST_F(Files, AStickersSizeIsProbedBeforeItsSlotIsAskedFor) {
    with_service();
    DiscordMessageCreate m = discord_message(900, 500, discord_user(20, "alice"), "");
    m.sticker_items = std::vector<DiscordSticker>{{Snowflake{777}, "wave", DiscordSticker::kPng}};
    Effects out = feed(m);
    EXPECT_TRUE(effects_of<RequestXmppUploadSlot>(out).empty());
    auto probes = effects_of<ProbeDiscordFile>(out);
    ASSERT_EQ(probes.size(), 1u);
    EXPECT_EQ(probes[0].source_url, "https://cdn.discordapp.com/stickers/777.png");

    out = feed(DiscordFileProbed{probes[0].request_id, true, 1234, "image/png", std::nullopt});
    auto slots = effects_of<RequestXmppUploadSlot>(out);
    ASSERT_EQ(slots.size(), 1u);
    EXPECT_EQ(slots[0].request_id, probes[0].request_id);
    EXPECT_EQ(slots[0].filename, "wave.png");
    EXPECT_EQ(slots[0].size, 1234u);
    out = feed(slot_for(slots[0].request_id));
    auto copies = effects_of<RehostDiscordFile>(out);
    ASSERT_EQ(copies.size(), 1u);
    EXPECT_EQ(copies[0].size, 1234u);
    EXPECT_FALSE(copies[0].attachment_id) << "a sticker is no attachment: nothing to refresh";
    auto sent = effects_of<SendXmppMessage>(feed(copied(slots[0].request_id)));
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].oob_url, "https://up.localhost/get/" + slots[0].request_id);
    EXPECT_EQ(sent[0].file->name, "wave.png");
}

TEST_F(Files, AnEmbedImageOnTheMediaProxyIsProbedAndAFailedProbeKeepsItsUrl) {
    with_service();
    DiscordMessageCreate m = discord_message(900, 500, discord_user(20, "alice"), "weather");
    DiscordEmbed e;
    e.title = "Sunny";
    e.image = "https://w.example/sun.png";
    e.image_proxy = "https://images-ext-1.discordapp.net/external/x/https/w.example/sun.png";
    m.embeds = std::vector<DiscordEmbed>{e};
    Effects out = feed(m);
    ASSERT_EQ(bodies(out), std::vector<std::string>{"weather\n*Sunny*"});
    auto probes = effects_of<ProbeDiscordFile>(out);
    ASSERT_EQ(probes.size(), 1u);
    EXPECT_EQ(probes[0].source_url, *e.image_proxy);

    auto sent = effects_of<SendXmppMessage>(feed(
        DiscordFileProbed{probes[0].request_id, false, std::nullopt, std::nullopt, "HTTP 404"}));
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].oob_url, *e.image_proxy);
    EXPECT_NE(sent[0].body->find("HTTP 404"), std::string::npos);
    ASSERT_TRUE(sent[0].file);
    EXPECT_EQ(sent[0].file->name, "sun.png");
    EXPECT_FALSE(sent[0].file->size) << "no size was learnt";
}

TEST_F(Files, AnEmbedImageWithoutAProxyCopyStaysALineOfTheText) {
    with_service();
    DiscordMessageCreate m = discord_message(900, 500, discord_user(20, "alice"), "weather");
    DiscordEmbed e;
    e.image = "https://w.example/sun.png";
    m.embeds = std::vector<DiscordEmbed>{e};
    Effects out = feed(m);
    EXPECT_TRUE(effects_of<ProbeDiscordFile>(out).empty());
    auto sent = effects_of<SendXmppMessage>(out);
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].body, "weather\nhttps://w.example/sun.png");
    EXPECT_EQ(sent[0].oob_url, "https://w.example/sun.png");
}

TEST_F(Files, ALostProbeFallsBackWhenTheDiscordAdapterRestarts) {
    with_service();
    DiscordMessageCreate m = discord_message(900, 500, discord_user(20, "alice"), "");
    m.sticker_items = std::vector<DiscordSticker>{{Snowflake{778}, "gif", DiscordSticker::kGif}};
    auto probes = effects_of<ProbeDiscordFile>(feed(m));
    ASSERT_EQ(probes.size(), 1u);
    EXPECT_EQ(probes[0].source_url, "https://media.discordapp.net/stickers/778.gif");
    auto sent = effects_of<SendXmppMessage>(feed(DiscordAdapterStarted{"i2"}, ""));
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].oob_url, "https://media.discordapp.net/stickers/778.gif");
    EXPECT_EQ(sent[0].file->media_type, "image/gif");
}

TEST_F(Files, WithoutAnUploadServiceEveryFileOfAMessageGetsItsOwnOobMessage) {
    auto sent = effects_of<SendXmppMessage>(
        from_alice(900, "two", {file(901, "a.png", 10), file(902, "b.png", 10)}));
    ASSERT_EQ(sent.size(), 3u);
    EXPECT_EQ(sent[0].body, "two");
    EXPECT_EQ(sent[1].oob_url, "https://cdn.discordapp.com/attachments/500/901/a.png");
    EXPECT_EQ(sent[2].oob_url, "https://cdn.discordapp.com/attachments/500/902/b.png");
    EXPECT_NE(sent[1].id, sent[2].id);
    // One file and no service: one message, as before.
    sent = effects_of<SendXmppMessage>(from_alice(903, "one", {file(904, "c.png", 10)}));
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].oob_url, "https://cdn.discordapp.com/attachments/500/904/c.png");
}

TEST_F(Files, TheServiceIsKeptPerServerDomain) {
    feed(XmppUploadService{"other.example", "upload.other.example", 10}, "");
    EXPECT_FALSE(file_transfers::service_for(state, session()));
    with_service();
    ASSERT_TRUE(file_transfers::service_for(state, session()));
    feed(XmppUploadService{"localhost", "", std::nullopt}, "");
    EXPECT_FALSE(file_transfers::service_for(state, session()));
}

TEST_F(Files, AnOobFileFromXmppBecomesAnAttachmentFetchedFromItsUrl) {
    XmppMessage m{kClient, kAlice,       "chat",
                  "m1",    std::nullopt, "https://up.localhost/get/abc/my%20cat.png"};
    m.oob_url = "https://up.localhost/get/abc/my%20cat.png";
    auto uploads = effects_of<UploadDiscordAttachment>(feed(m));
    ASSERT_EQ(uploads.size(), 1u);
    EXPECT_EQ(uploads[0].source_url, m.oob_url);
    EXPECT_EQ(uploads[0].filename, "my cat.png");
    EXPECT_EQ(uploads[0].content, "");
    EXPECT_TRUE(uploads[0].data_base64.empty());
    EXPECT_EQ(uploads[0].channel_id, Snowflake{500});

    XmppMessage with_text = m;
    with_text.id = "m2";
    with_text.body = "see this\nhttps://up.localhost/get/abc/my%20cat.png";
    uploads = effects_of<UploadDiscordAttachment>(feed(with_text));
    ASSERT_EQ(uploads.size(), 1u);
    EXPECT_EQ(uploads[0].content, "see this");

    // A refusal is an error on the user's message.
    const std::uint64_t id = feed(m).front().id;
    auto errors = effects_of<SendXmppMessageError>(
        feed(DiscordEffectFailed{id, "the host is not an allowed upload host", std::nullopt}));
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].id, "m1");
}

TEST_F(Files, AFileNameFromAUrlNeverBecomesAPath) {
    XmppMessage m{kClient, kAlice, "chat", "m1", std::nullopt, "x"};
    m.oob_url = "https://up.localhost/get/a%2F..%2Fetc";
    auto uploads = effects_of<UploadDiscordAttachment>(feed(m));
    ASSERT_EQ(uploads.size(), 1u);
    EXPECT_EQ(uploads[0].filename, "a%2F..%2Fetc");
    m.oob_url = "https://up.localhost/";
    EXPECT_EQ(effects_of<UploadDiscordAttachment>(feed(m)).at(0).filename, "file");
}

}  // namespace
}  // namespace cordgate::core
