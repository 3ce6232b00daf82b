// XEP-0363 from the gateway's side (adapters/xmpp/http_upload.hpp): discovery of each domain's
// upload service, slot requests and what their answers become.

#include <adapters/xmpp/http_upload.hpp>

#include <tests/xmpp/helpers.hpp>

#include <gtest/gtest.h>

namespace cordgate::adapters::xmpp::testing {
namespace {

constexpr std::int64_t kNow = 1000;

FilesConfig files(std::uint64_t max = 1000000) {
    FilesConfig f;
    f.max_bytes = max;
    f.slot_timeout = std::chrono::milliseconds(5000);
    return f;
}

Element answer(const std::string& inner, const std::string& from, const std::string& id,
               const char* type = "result") {
    return parse("<iq xmlns='jabber:component:accept' type='" + std::string(type) + "' from='" +
                 from + "' to='discord.localhost' id='" + id + "'>" + inner + "</iq>");
}

template <class T>
const T& only_event(const UploadOut& out) {
    EXPECT_EQ(out.events.size(), 1u);
    static T none{};
    if (out.events.empty()) return none;
    const T* e = std::get_if<T>(&out.events.front().second);
    EXPECT_TRUE(e);
    return e ? *e : none;
}

TEST(HttpUpload, FindsTheServiceByDiscoAndCapsItsLimitByTheConfiguredOne) {
    HttpUpload u(kGateway, {"localhost"}, files(5000));
    UploadOut out = u.start(kNow);
    ASSERT_EQ(out.stanzas.size(), 1u);
    const Element& items = out.stanzas[0];
    EXPECT_EQ(items.attr_or("to"), "localhost");
    EXPECT_EQ(items.attr_or("from"), kGateway);
    ASSERT_TRUE(items.child("query", "http://jabber.org/protocol/disco#items"));

    auto infos =
        u.on_reply(answer("<query xmlns='http://jabber.org/protocol/disco#items'>"
                          "<item jid='discord.localhost'/><item jid='conference.localhost'/>"
                          "<item jid='upload.localhost'/><item jid='someone@localhost'/></query>",
                          "localhost", items.attr_or("id")),
                   kNow);
    ASSERT_TRUE(infos);
    ASSERT_EQ(infos->stanzas.size(), 2u) << "only services, never the gateway itself";
    EXPECT_EQ(infos->stanzas[0].attr_or("to"), "conference.localhost");
    EXPECT_TRUE(infos->events.empty());

    auto none = u.on_reply(answer("<query xmlns='http://jabber.org/protocol/disco#info'>"
                                  "<feature var='http://jabber.org/protocol/muc'/></query>",
                                  "conference.localhost", infos->stanzas[0].attr_or("id")),
                           kNow);
    ASSERT_TRUE(none);
    EXPECT_TRUE(none->events.empty()) << "one service still to hear from";

    auto found = u.on_reply(
        answer("<query xmlns='http://jabber.org/protocol/disco#info'>"
               "<feature var='urn:xmpp:http:upload:0'/>"
               "<x xmlns='jabber:x:data' type='result'>"
               "<field var='FORM_TYPE' type='hidden'><value>urn:xmpp:http:upload:0</value></field>"
               "<field var='max-file-size'><value>1048576</value></field></x></query>",
               "upload.localhost", infos->stanzas[1].attr_or("id")),
        kNow);
    ASSERT_TRUE(found);
    const auto& service = only_event<core::XmppUploadService>(*found);
    EXPECT_EQ(found->events.front().first, "") << "a domain's, not one user's";
    EXPECT_EQ(service.domain, "localhost");
    EXPECT_EQ(service.service, "upload.localhost");
    EXPECT_EQ(service.max_bytes, 5000u);
}

TEST(HttpUpload, ADomainWithoutServiceIsAnnouncedAsNone) {
    HttpUpload u(kGateway, {"localhost"}, files());
    UploadOut out = u.start(kNow);
    auto answered = u.on_reply(answer("<query xmlns='http://jabber.org/protocol/disco#items'/>",
                                      "localhost", out.stanzas[0].attr_or("id")),
                               kNow);
    ASSERT_TRUE(answered);
    EXPECT_EQ(only_event<core::XmppUploadService>(*answered).service, "");
}

TEST(HttpUpload, AConfiguredServiceNeedsNoDiscovery) {
    FilesConfig f = files(777);
    f.upload_service = "up.example.org";
    HttpUpload u(kGateway, {"localhost", "example.org"}, f);
    UploadOut out = u.start(kNow);
    EXPECT_TRUE(out.stanzas.empty());
    ASSERT_EQ(out.events.size(), 2u);
    const auto& s = std::get<core::XmppUploadService>(out.events[1].second);
    EXPECT_EQ(s.domain, "example.org");
    EXPECT_EQ(s.service, "up.example.org");
    EXPECT_EQ(s.max_bytes, 777u);
}

TEST(HttpUpload, ASlotRequestAndItsAnswerKeepOnlyTheAllowedHeaders) {
    HttpUpload u(kGateway, {"localhost"}, files());
    Element iq = u.request_slot(
        "romeo@localhost",
        core::RequestXmppUploadSlot{"cg7-1", "upload.localhost", "cat.png", 42, "image/png"}, kNow);
    EXPECT_EQ(iq.attr_or("type"), "get");
    EXPECT_EQ(iq.attr_or("id"), "cg7-1");
    EXPECT_EQ(iq.attr_or("to"), "upload.localhost");
    const Element* r = iq.child("request", "urn:xmpp:http:upload:0");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->attr_or("filename"), "cat.png");
    EXPECT_EQ(r->attr_or("size"), "42");
    EXPECT_EQ(r->attr_or("content-type"), "image/png");

    // Someone else answering with the same id is not the service.
    EXPECT_FALSE(u.on_reply(answer("", "evil.localhost", "cg7-1"), kNow));
    auto out = u.on_reply(
        answer("<slot xmlns='urn:xmpp:http:upload:0'><put url='https://up/put/1'>"
               "<header name='Authorization'>Bearer a&#10;b</header>"
               "<header name='Host'>evil</header></put><get url='https://up/get/1'/></slot>",
               "upload.localhost", "cg7-1"),
        kNow);
    ASSERT_TRUE(out);
    EXPECT_EQ(out->events.front().first, "romeo@localhost");
    const auto& slot = only_event<core::XmppUploadSlot>(*out);
    EXPECT_EQ(slot.request_id, "cg7-1");
    EXPECT_EQ(slot.put_url, "https://up/put/1");
    EXPECT_EQ(slot.get_url, "https://up/get/1");
    ASSERT_EQ(slot.put_headers.size(), 1u);
    EXPECT_EQ(slot.put_headers[0].value, "Bearer ab");
    EXPECT_FALSE(slot.error);
    EXPECT_FALSE(u.on_reply(answer("", "upload.localhost", "cg7-1"), kNow)) << "answered once";
}

TEST(HttpUpload, AnErrorOrSilenceBecomesASlotError) {
    HttpUpload u(kGateway, {"localhost"}, files());
    u.request_slot("romeo@localhost",
                   core::RequestXmppUploadSlot{"a", "upload.localhost", "x", 9, std::nullopt},
                   kNow);
    u.request_slot("romeo@localhost",
                   core::RequestXmppUploadSlot{"b", "upload.localhost", "y", 9, std::nullopt},
                   kNow);
    auto refused = u.on_reply(
        answer("<error type='modify'><not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
               "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>File too large</text>"
               "<file-too-large xmlns='urn:xmpp:http:upload:0'><max-file-size>8</max-file-size>"
               "</file-too-large></error>",
               "upload.localhost", "a", "error"),
        kNow);
    ASSERT_TRUE(refused);
    const auto& error = only_event<core::XmppUploadSlot>(*refused).error;
    ASSERT_TRUE(error);
    EXPECT_NE(error->find("not-acceptable"), std::string::npos);
    EXPECT_NE(error->find("File too large"), std::string::npos);
    EXPECT_NE(error->find("at most 8 bytes"), std::string::npos);

    EXPECT_TRUE(u.expire(kNow + 4999).events.empty());
    auto late = u.expire(kNow + 5000);
    const auto& timed_out = only_event<core::XmppUploadSlot>(late);
    EXPECT_EQ(timed_out.request_id, "b");
    EXPECT_NE(timed_out.error.value_or("").find("did not answer"), std::string::npos);
    EXPECT_EQ(u.awaited(), 0u);
}

// [files] store_base_url: the gateway is the service and answers its own slots, each a fresh
// name in cordgate's store whose GET URL is under the base URL; no IQ goes anywhere.
TEST(HttpUpload, WithItsOwnStoreTheGatewayIsTheServiceAndNamesEachFileAfresh) {
    FilesConfig f = files(5000);
    f.store_base_url = "https://files.example.org/cg";
    int made = 0;
    HttpUpload u(kGateway, {"localhost", "example.org"}, f,
                 [&] { return std::string(32, "0123456789abcdef"[made++]); });
    UploadOut out = u.start(kNow);
    EXPECT_TRUE(out.stanzas.empty()) << "no discovery";
    ASSERT_EQ(out.events.size(), 2u);
    const auto& service = std::get<core::XmppUploadService>(out.events[0].second);
    EXPECT_EQ(service.service, kGateway);
    EXPECT_EQ(service.max_bytes, 5000u);

    auto slot_of = [&](const std::string& id, const std::string& filename) {
        auto local = u.local_slot("romeo@localhost", core::RequestXmppUploadSlot{
                                                         id, kGateway, filename, 9, std::nullopt});
        EXPECT_TRUE(local);
        EXPECT_TRUE(local->stanzas.empty());
        EXPECT_EQ(local->events.front().first, "romeo@localhost");
        return only_event<core::XmppUploadSlot>(*local);
    };
    const auto a = slot_of("s1", "cat.png");
    EXPECT_EQ(a.request_id, "s1");
    EXPECT_EQ(a.put_url, "cordgate-store:" + std::string(32, '0') + "/cat.png");
    EXPECT_EQ(a.get_url, "https://files.example.org/cg/" + std::string(32, '0') + "/cat.png");
    EXPECT_FALSE(a.error);
    // A name that would be a path, hidden, or not ASCII is made safe; each slot is new.
    const auto b = slot_of("s2", "../.ssh/ключ id.png");
    EXPECT_EQ(b.put_url, "cordgate-store:" + std::string(32, '1') + "/_._.ssh__________id.png");
    EXPECT_EQ(slot_of("s3", "").put_url, "cordgate-store:" + std::string(32, '2') + "/file");

    // A request for another service is not the store's.
    EXPECT_FALSE(
        u.local_slot("romeo@localhost",
                     core::RequestXmppUploadSlot{"s4", "upload.localhost", "x", 9, std::nullopt}));
}

TEST(HttpUpload, WithoutAStoreNoSlotIsLocal) {
    HttpUpload u(kGateway, {"localhost"}, files());
    EXPECT_FALSE(u.local_slot("romeo@localhost",
                              core::RequestXmppUploadSlot{"s1", kGateway, "x", 9, std::nullopt}));
}

}  // namespace
}  // namespace cordgate::adapters::xmpp::testing
