#pragma once
// Shared by the XMPP adapter tests: parse stanza text the way the connection does, and a
// translation context with a throw-away key pair.

#include <adapters/xmpp/inbound.hpp>
#include <adapters/xmpp/stream_parser.hpp>
#include <common/sealed_box.hpp>

#include <gtest/gtest.h>
#include <sodium.h>

#include <string>

namespace cordgate::adapters::xmpp::testing {

inline const char* kGateway = "discord.localhost";
inline const char* kRomeo = "romeo@localhost/phone";

inline Element parse(const std::string& xml) {
    static StanzaParser parser;
    auto e = parser.parse(xml);
    if (!e) ADD_FAILURE() << "not well-formed: " << xml;
    return e.value_or(Element{});
}

struct Keys {
    common::KeyPair pair;
    Keys() {
        if (sodium_init() < 0) throw std::runtime_error("sodium_init");
        crypto_box_keypair(pair.public_key.data(), pair.secret_key.data());
    }
};

inline InboundContext context(const Keys& keys) {
    InboundContext ctx;
    ctx.gateway = kGateway;
    ctx.allowed_domains = {"localhost"};
    ctx.max_body_bytes = 4096;
    ctx.discord_key = keys.pair.public_key;
    return ctx;
}

// By value: tests often call it on a temporary Inbound.
template <class T>
T event_as(const Inbound& in) {
    EXPECT_TRUE(in.event.has_value()) << in.note;
    if (!in.event) return T{};
    const T* p = std::get_if<T>(&*in.event);
    EXPECT_NE(p, nullptr) << "event is " << core::variant_type_name(*in.event);
    return p ? *p : T{};
}

inline std::string error_condition(const Inbound& in) {
    if (!in.reply || in.reply->attr_or("type") != "error") return "";
    const Element* error = in.reply->child("error", in.reply->ns);
    if (!error || error->children.empty()) return "?";
    return error->children.front().name;
}

// A fixture for translate() tests: a throw-away key pair, the context, and in(xml) that parses
// the stanza as the link does and translates it (iq() wraps a query in an iq).
class InboundTest : public ::testing::Test {
  protected:
    Keys keys;
    InboundContext ctx = context(keys);

    Inbound in(const std::string& xml) {
        Element e = parse(xml);
        return translate(e, ctx);
    }
    // An iq from romeo's phone with the id q1.
    Inbound iq(const std::string& type, const std::string& to, const std::string& inner) {
        return in("<iq type='" + type + "' id='q1' from='romeo@localhost/phone' to='" + to + "'>" +
                  inner + "</iq>");
    }
};

}  // namespace cordgate::adapters::xmpp::testing
