// XEP-0050 ad-hoc commands in the core: status, logout, login (form, then submit), resync,
// cancel, and the answer for someone who is not registered.

#include <core/projection.hpp>

#include <gtest/gtest.h>

namespace cordgate::core {
namespace {

constexpr const char* kUser = "romeo@localhost";
constexpr const char* kClient = "romeo@localhost/phone";
constexpr const char* kGateway = "discord.localhost";

DiscordUser user(std::uint64_t id, const char* name, bool bot = false) {
    return DiscordUser{Snowflake{id}, name, std::nullopt, std::nullopt, bot};
}

XmppCommand command(const char* node, const char* action = "execute",
                    std::optional<std::string> session_id = std::nullopt,
                    std::map<std::string, std::string> values = {}) {
    return XmppCommand{kClient,          kGateway, "iq1", node, action, std::move(session_id),
                       std::move(values)};
}

class Commands : public ::testing::Test {
  protected:
    State state;
    archive::MemoryStore store;
    std::uint64_t position = 0;

    Effects feed(EventPayload payload, const std::string& who = kUser) {
        ++position;
        return apply(state, store, Event{kEventVersion, "t", position, 0, who, std::move(payload)},
                     position);
    }
    void login() {
        feed(
            XmppPrivileges{
                "localhost", "urn:xmpp:privilege:2", {XmppPermission{"roster", "both", {}}}},
            "");
        feed(XmppRegister{kGateway, "sealed-old"});
        feed(DiscordReady{user(1, "romeo"),
                          {DiscordRelationship{1, std::nullopt, user(20, "alice")},
                           DiscordRelationship{1, std::nullopt, user(30, "botty", true)}},
                          {}});
    }
    Session& session() { return state.sessions.at(kUser); }

    // The one command result among `out`, checked to answer the request.
    static SendXmppCommandResult result(const Effects& out) {
        const SendXmppCommandResult* found = nullptr;
        for (const auto& e : out) {
            if (const auto* r = std::get_if<SendXmppCommandResult>(&e.payload)) {
                EXPECT_EQ(found, nullptr) << "two results";
                found = r;
            }
        }
        EXPECT_NE(found, nullptr);
        if (!found) return {};
        EXPECT_EQ(found->from, kGateway);
        EXPECT_EQ(found->to, kClient);
        EXPECT_EQ(found->iq_id, "iq1");
        return *found;
    }
    template <class T>
    static std::vector<T> all(const Effects& out) {
        std::vector<T> v;
        for (const auto& e : out) {
            if (const auto* p = std::get_if<T>(&e.payload)) v.push_back(*p);
        }
        return v;
    }
};

TEST_F(Commands, WithoutARegistrationEveryCommandAnswersNotRegistered) {
    for (const char* node : {"status", "login", "logout", "resync"}) {
        Effects out = feed(command(node));
        ASSERT_EQ(out.size(), 1u) << node;
        auto r = result(out);
        EXPECT_EQ(r.node, node);
        EXPECT_EQ(r.status, "completed");
        EXPECT_EQ(r.note_type, "error");
        EXPECT_NE(r.note->find("not registered"), std::string::npos);
    }
    EXPECT_TRUE(state.sessions.empty());
}

TEST_F(Commands, StatusTellsLoginStateUsernameAndContactCount) {
    login();
    auto r = result(feed(command("status")));
    EXPECT_EQ(r.status, "completed");
    EXPECT_EQ(r.note_type, "info");
    EXPECT_EQ(r.note, "Discord: ready as romeo; 2 contacts.");
    EXPECT_EQ(r.session_id, "cg" + std::to_string(position) + "-0");
}

TEST_F(Commands, LogoutTakesOnlinePuppetsOfflineAndLogsOut) {
    login();
    feed(XmppPresence{kClient, kGateway, std::nullopt, std::nullopt, std::nullopt, std::nullopt});
    ASSERT_FALSE(session().online_resources.empty());
    session().contacts.at(Snowflake{20}).status = "online";  // botty stays offline

    Effects out = feed(command("logout"));
    auto presences = all<SendXmppPresence>(out);
    ASSERT_EQ(presences.size(), 2u);
    EXPECT_EQ(presences[0].from, "20@discord.localhost");
    EXPECT_EQ(presences[0].to, kUser);
    EXPECT_EQ(presences[0].presence_type, "unavailable");
    // The gateway's own contact says the user is logged out.
    EXPECT_EQ(presences[1].from, kGateway);
    EXPECT_EQ(presences[1].presence_type, "unavailable");
    EXPECT_EQ(presences[1].status, "Logged out");
    auto logouts = all<LogoutDiscord>(out);
    ASSERT_EQ(logouts.size(), 1u);
    EXPECT_EQ(logouts[0].reason, "logged out by the user");
    EXPECT_EQ(result(out).status, "completed");
    EXPECT_EQ(session().login_state, "logged_out");
    EXPECT_EQ(session().contacts.at(Snowflake{20}).status, "offline");

    EXPECT_EQ(result(feed(command("status"))).note, "Discord: logged_out; 2 contacts.");
}

TEST_F(Commands, LoginAsksForATokenThenLogsInWithTheNewOne) {
    login();
    feed(command("logout"));
    Effects form_step = feed(command("login"));
    ASSERT_EQ(form_step.size(), 1u);
    auto form = result(form_step);
    EXPECT_EQ(form.status, "executing");
    const std::string sid = "cg" + std::to_string(position) + "-0";
    EXPECT_EQ(form.session_id, sid);
    ASSERT_TRUE(form.form);
    ASSERT_EQ(form.form->form_fields.size(), 1u);
    EXPECT_EQ(form.form->form_fields[0].var, "token");
    EXPECT_EQ(form.form->form_fields[0].type, "text-private");
    EXPECT_FALSE(form.form->form_fields[0].required);
    EXPECT_EQ(session().login_state, "logged_out");  // nothing happens before the submit

    Effects out = feed(command("login", "complete", sid, {{"token", "sealed-new"}}));
    auto logins = all<LoginDiscord>(out);
    ASSERT_EQ(logins.size(), 1u);
    EXPECT_EQ(logins[0].sealed_token, "sealed-new");
    EXPECT_EQ(session().sealed_token, "sealed-new");
    EXPECT_EQ(session().login_state, "logging_in");
    auto shown = all<SendXmppPresence>(out);
    ASSERT_EQ(shown.size(), 1u);
    EXPECT_EQ(shown[0].status, "Logging in…");
    auto done = result(out);
    EXPECT_EQ(done.status, "completed");
    EXPECT_EQ(done.session_id, sid);
    EXPECT_FALSE(done.form);
}

TEST_F(Commands, LoginWithoutATokenUsesTheStoredOne) {
    login();
    Effects out = feed(command("login", "complete", "s1"));
    auto logins = all<LoginDiscord>(out);
    ASSERT_EQ(logins.size(), 1u);
    EXPECT_EQ(logins[0].sealed_token, "sealed-old");
    EXPECT_EQ(result(out).session_id, "s1");
}

TEST_F(Commands, ResyncSendsEveryContactAgain) {
    login();
    Effects out = feed(command("resync"));
    auto items = all<SetXmppRoster>(out);
    ASSERT_EQ(items.size(), 2u);
    EXPECT_EQ(items[0].item.jid, "20@discord.localhost");
    EXPECT_EQ(items[1].item.jid, "30@discord.localhost");
    EXPECT_EQ(items[0].item.subscription, "both");
    EXPECT_EQ(result(out).note, "Sent 2 contacts again.");
    // And again: a resync never runs dry because the contacts were offered before.
    EXPECT_EQ(all<SetXmppRoster>(feed(command("resync"))).size(), 2u);
}

TEST_F(Commands, CancelEndsTheCommandWithoutEffect) {
    login();
    Effects out = feed(command("login", "cancel", "s9"));
    ASSERT_EQ(out.size(), 1u);
    auto r = result(out);
    EXPECT_EQ(r.status, "canceled");
    EXPECT_EQ(r.session_id, "s9");
    EXPECT_EQ(session().login_state, "ready");
}

TEST_F(Commands, SomeoneElsesFullJidIsIgnored) {
    login();
    XmppCommand c = command("logout");
    c.from = "mallory@localhost/x";
    EXPECT_TRUE(feed(c).empty());
    EXPECT_EQ(session().login_state, "ready");
}

}  // namespace
}  // namespace cordgate::core
