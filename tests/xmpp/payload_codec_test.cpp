// The new XMPP event and effect payloads through the canonical envelope codec: decode(encode(x))
// re-encodes to the same bytes, and a missing required field is refused by name.

#include <core/effect.hpp>
#include <core/event.hpp>

#include <gtest/gtest.h>

namespace cordgate::core {
namespace {

Event ev(EventPayload p) {
    Event e;
    e.origin = "xmpp";
    e.origin_seq = 3;
    e.ts = 1732500000000;
    e.user = "romeo@localhost";
    e.payload = std::move(p);
    return e;
}

Effect ef(EffectPayload p) {
    Effect e;
    e.id = 9;
    e.cause = 4;
    e.user = "romeo@localhost";
    e.payload = std::move(p);
    return e;
}

TEST(XmppPayloadCodec, EveryEventRoundTrips) {
    XmppMessage m{"romeo@localhost/a", "1@d", "chat", "i", "o", "b"};
    m.reply_to_id = "r";
    m.receipt_request = true;
    std::vector<EventPayload> all = {
        m,
        XmppUnregister{"d"},
        XmppCorrection{"f", "t", "chat", "i", "r", "b"},
        XmppRetraction{"f", "t", "chat", std::nullopt, "r"},
        XmppReactions{"f", "t", "chat", "i", "x", {"a", "b"}},
        XmppChatState{"f", "t", "chat", "composing"},
        XmppMarker{"f", "t", "chat", "displayed", "x"},
        XmppPresence{"f", "t", "probe", "dnd", "s", -3},
        XmppQuery{"f", "t", "q", "vcard", std::nullopt},
        XmppPrivileges{
            "localhost", "urn:xmpp:privilege:2", {XmppPermission{"iq", "both", {"ns=get"}}}},
        XmppStanzaError{"iq", "f", "t", "cg-1", "cancel", "forbidden", "no"},
    };
    for (const auto& p : all) {
        std::string bytes = encode_event(ev(p));
        Event back = decode_event(bytes);
        EXPECT_EQ(encode_event(back), bytes);
        EXPECT_STREQ(back.type(), variant_type_name(p));
    }
}

TEST(XmppPayloadCodec, EveryEffectRoundTrips) {
    SendXmppMessage m{"1@d", "romeo@localhost", "chat", "cg-1", "b"};
    m.oob_url = "https://x";
    m.markable = false;
    std::vector<EffectPayload> all = {
        m,
        SendXmppRetraction{"f", "t", "chat", "i", "r"},
        SendXmppReactions{"f", "t", "chat", "i", "x", {"a"}},
        SendXmppChatState{"f", "t", "chat", "i", "paused"},
        SendXmppMarker{"f", "t", "chat", "i", "receipt", "x"},
        SendXmppPresence{"f", "t", "i", "unavailable", std::nullopt, "bye", ""},
        SendXmppVcard{"f", "t", "q", "F", "N", "U", "D", "image/png", "AA=="},
        SendXmppDiscoInfo{"f", "t", "q", "n", {DiscoIdentity{"client", "pc", "A"}}, {"x"}},
        SendXmppIqResult{"f", "t", "q"},
        SendXmppIqError{"f", "t", "q", "cancel", "item-not-found", std::nullopt},
        SendXmppCarbon{"t", "chat", "i", "b", "r", "o"},
        SendXmppAvatar{"f", "t", std::nullopt, "data", "h", std::nullopt, std::nullopt, "AA=="},
        SetXmppBookmark{"u", "i", "r", "n", false, std::nullopt},
        SendXmppMessageError{"f", "t", std::nullopt, "cancel", "forbidden", std::nullopt},
    };
    for (const auto& p : all) {
        std::string bytes = encode_effect(ef(p));
        Effect back = decode_effect(bytes);
        EXPECT_EQ(encode_effect(back), bytes);
        EXPECT_EQ(back.target(), Target::xmpp);
    }
}

TEST(XmppPayloadCodec, OldMessageEncodingIsUnchanged) {
    // Fields added to xmpp.message are optional: an event written before them decodes, and a
    // message without them encodes to the same bytes as before.
    XmppMessage m{"a@b/c", "1@d", "chat", "i", std::nullopt, "hi"};
    EXPECT_EQ(encode(m), R"({"from":"a@b/c","to":"1@d","type":"chat","id":"i","body":"hi"})");
}

TEST(XmppPayloadCodec, MissingRequiredFieldIsNamed) {
    try {
        decode_event(
            R"({"v":1,"origin":"xmpp","origin_seq":1,"ts":1,"user":"u",)"
            R"("type":"xmpp.marker","payload":{"from":"f","to":"t","type":"chat","marker":"x"}})");
        FAIL() << "decoded without target_id";
    } catch (const CodecError& e) {
        EXPECT_NE(std::string(e.what()).find("payload.target_id"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace cordgate::core
