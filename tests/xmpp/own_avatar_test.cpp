// The user's own avatar, XMPP side: the XEP-0153 photo hash of the user's presence, the vCard
// get that xmpp.fetch_own_avatar becomes, and its result (or error) as xmpp.own_avatar.

#include <tests/xmpp/helpers.hpp>

#include <adapters/xmpp/namespaces.hpp>
#include <adapters/xmpp/outbound.hpp>
#include <adapters/xmpp/own_avatar.hpp>

namespace cordgate::adapters::xmpp::testing {
namespace {

// A 1x1 PNG, its SHA-1 and its base64.
constexpr const char* kSha1 = "c530c06cf89c410c0355d7852644a73fc3ec8c04";
constexpr const char* kPngBase64 =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAACklEQVR4nGMAAQAABQABDQottAAAAABJRU5ErkJggg==";

class OwnAvatar : public InboundTest {
  protected:
    Inbound vcard_result(const std::string& id, const std::string& vcard,
                         const std::string& from = "romeo@localhost") {
        return in("<iq type='result' id='" + id + "' from='" + from +
                  "' to='discord.localhost'><vCard xmlns='vcard-temp'>" + vcard + "</vCard></iq>");
    }
    static std::string photo(const std::string& binval, const std::string& type = "image/png") {
        return "<PHOTO><TYPE>" + type + "</TYPE><BINVAL>" + binval + "</BINVAL></PHOTO>";
    }
    std::string id() const { return std::string("cg-own-avatar-") + kSha1; }
};

TEST_F(OwnAvatar, ThePresencePhotoHashReachesTheCoreInLowerCase) {
    auto p = event_as<core::XmppPresence>(
        in("<presence from='romeo@localhost/phone' to='discord.localhost'><x "
           "xmlns='vcard-temp:x:update'><photo>C530C06CF89C410C0355D7852644A73FC3EC8C04</photo>"
           "</x></presence>"));
    EXPECT_EQ(p.photo, kSha1);
    auto none = event_as<core::XmppPresence>(
        in("<presence from='romeo@localhost/phone' to='discord.localhost'><x "
           "xmlns='vcard-temp:x:update'><photo/></x></presence>"));
    EXPECT_EQ(none.photo, "");
    auto unsaid = event_as<core::XmppPresence>(
        in("<presence from='romeo@localhost/phone' to='discord.localhost'><x "
           "xmlns='vcard-temp:x:update'/></presence>"));
    EXPECT_FALSE(unsaid.photo);
    auto junk = event_as<core::XmppPresence>(
        in("<presence from='romeo@localhost/phone' to='discord.localhost'><x "
           "xmlns='vcard-temp:x:update'><photo>../../etc/passwd</photo></x></presence>"));
    EXPECT_FALSE(junk.photo);
}

TEST_F(OwnAvatar, TheFetchIsAVcardGetToTheUsersBareJidNamingTheHash) {
    core::Effect e;
    e.id = 5;
    e.user = "romeo@localhost";
    e.payload = core::FetchXmppOwnAvatar{"discord.localhost", "romeo@localhost", kSha1};
    auto stanza = serialise(e, OutboundContext{"discord.localhost"});
    ASSERT_TRUE(stanza);
    EXPECT_EQ(stanza->name, "iq");
    EXPECT_EQ(stanza->attr_or("type"), "get");
    EXPECT_EQ(stanza->attr_or("from"), "discord.localhost");
    EXPECT_EQ(stanza->attr_or("to"), "romeo@localhost");
    EXPECT_EQ(stanza->attr_or("id"), id());
    EXPECT_NE(stanza->child("vCard", ns::kVcard), nullptr);
}

TEST_F(OwnAvatar, TheVcardsPhotoBecomesTheImageWithItsSniffedType) {
    // Clients wrap BINVAL in lines; the type is read from the bytes, not TYPE.
    std::string wrapped = std::string(kPngBase64).insert(40, "\n  ");
    auto a = event_as<core::XmppOwnAvatar>(vcard_result(id(), photo(wrapped, "image/x-icon")));
    EXPECT_EQ(a.sha1, kSha1);
    EXPECT_FALSE(a.error);
    EXPECT_EQ(a.image_type, "image/png");
    EXPECT_EQ(a.image_base64, kPngBase64);
    EXPECT_EQ(a.bytes, 67u);
}

TEST_F(OwnAvatar, APhotoWithAnotherHashOrNoneIsAnError) {
    const std::string other = std::string("cg-own-avatar-") + std::string(40, 'a');
    auto changed = event_as<core::XmppOwnAvatar>(vcard_result(other, photo(kPngBase64)));
    EXPECT_TRUE(changed.error);
    EXPECT_FALSE(changed.image_base64);
    auto empty = event_as<core::XmppOwnAvatar>(vcard_result(id(), "<FN>Romeo</FN>"));
    EXPECT_TRUE(empty.error);
    auto garbage = event_as<core::XmppOwnAvatar>(vcard_result(id(), photo("!!!")));
    EXPECT_TRUE(garbage.error);
}

TEST_F(OwnAvatar, OnlyTheUsersBareJidAnswersAndOtherResultsAreDropped) {
    EXPECT_FALSE(vcard_result(id(), photo(kPngBase64), "romeo@localhost/phone").event);
    EXPECT_FALSE(vcard_result("cg-7", photo(kPngBase64)).event);
    EXPECT_FALSE(vcard_result("cg-own-avatar-xyz", photo(kPngBase64)).event);
    // Whose avatar it is comes from the sender: juliet's answer is juliet's event.
    EXPECT_EQ(vcard_result(id(), photo(kPngBase64), "juliet@localhost").user, "juliet@localhost");
}

TEST_F(OwnAvatar, AnErrorAnswerTellsTheCoreWhy) {
    auto a = event_as<core::XmppOwnAvatar>(
        in("<iq type='error' id='" + id() +
           "' from='romeo@localhost' to='discord.localhost'><error type='cancel'><item-not-found "
           "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"));
    EXPECT_EQ(a.sha1, kSha1);
    EXPECT_EQ(a.error, "item-not-found");
}

TEST_F(OwnAvatar, ImageTypesAreReadFromTheirFirstBytes) {
    EXPECT_EQ(sniff_image_type("\x89PNG\r\n\x1a\n...."), "image/png");
    EXPECT_EQ(sniff_image_type("\xff\xd8\xff\xe0"), "image/jpeg");
    EXPECT_EQ(sniff_image_type("GIF89a.."), "image/gif");
    EXPECT_EQ(sniff_image_type(std::string_view("RIFF\x10\0\0\0WEBPVP8 ", 16)), "image/webp");
    EXPECT_FALSE(sniff_image_type("<svg/>"));
}

}  // namespace
}  // namespace cordgate::adapters::xmpp::testing
