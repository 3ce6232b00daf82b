// The administrators' ad-hoc commands in the core (core/admin_commands.hpp): the refusal without
// the adapter's `admin` mark, the users' list, ending sessions, unregistering, announcing.

#include <core/command_list.hpp>
#include <core/projection.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace cordgate::core {
namespace {

constexpr const char* kRomeo = "romeo@localhost";
constexpr const char* kRomeoPhone = "romeo@localhost/phone";
constexpr const char* kJuliet = "juliet@localhost";
constexpr const char* kAdmin = "admin@localhost";
constexpr const char* kAdminLaptop = "admin@localhost/laptop";
constexpr const char* kGateway = "discord.localhost";

DiscordUser user(std::uint64_t id, const char* name) {
    return DiscordUser{Snowflake{id}, name, std::nullopt, std::nullopt, false};
}

XmppCommand admin_command(std::string_view node, const char* action = "execute",
                          std::optional<std::string> session_id = std::nullopt,
                          std::map<std::string, std::string> values = {}) {
    XmppCommand c{kAdminLaptop,          kGateway,         "iq1", std::string(node), action,
                  std::move(session_id), std::move(values)};
    c.admin = true;
    return c;
}

// The submitted form of an administrator's command (its second step).
XmppCommand submitted(std::string_view node, std::map<std::string, std::string> values) {
    return admin_command(node, "complete", "cg9-0", std::move(values));
}

class AdminCommands : public ::testing::Test {
  protected:
    State state;
    archive::MemoryStore store;
    std::uint64_t position = 0;

    Effects feed(EventPayload payload, const std::string& who) {
        ++position;
        return apply(state, store, Event{kEventVersion, "t", position, 0, who, std::move(payload)},
                     position);
    }
    Effects feed_admin(XmppCommand c) { return feed(std::move(c), kAdmin); }

    // romeo: logged in to Discord with a friend online and a client online; juliet: registered,
    // still logging in.
    void SetUp() override {
        feed(
            XmppPrivileges{
                "localhost", "urn:xmpp:privilege:2", {XmppPermission{"roster", "both", {}}}},
            "");
        feed(XmppRegister{kGateway, "sealed-romeo"}, kRomeo);
        feed(
            DiscordReady{
                user(1, "romeo"), {DiscordRelationship{1, std::nullopt, user(20, "alice")}}, {}},
            kRomeo);
        feed(XmppPresence{kRomeoPhone, kGateway, std::nullopt, std::nullopt, std::nullopt,
                          std::nullopt},
             kRomeo);
        feed(DiscordPresenceUpdate{Snowflake{20}, std::nullopt, "online", std::nullopt}, kRomeo);
        feed(XmppRegister{kGateway, "sealed-juliet"}, kJuliet);
        ASSERT_EQ(state.sessions.at(kRomeo).login_state, "ready");
        ASSERT_EQ(state.sessions.at(kRomeo).contacts.at(Snowflake{20}).status, "online");
    }

    static SendXmppCommandResult result(const Effects& out) {
        const SendXmppCommandResult* found = nullptr;
        for (const auto& e : out) {
            if (const auto* r = std::get_if<SendXmppCommandResult>(&e.payload)) {
                EXPECT_EQ(found, nullptr) << "two results";
                EXPECT_EQ(e.user, kAdmin);
                found = r;
            }
        }
        EXPECT_NE(found, nullptr);
        if (!found) return {};
        EXPECT_EQ(found->from, kGateway);
        EXPECT_EQ(found->to, kAdminLaptop);
        EXPECT_EQ(found->iq_id, "iq1");
        return *found;
    }
    // Effects of type T with the user each is for.
    template <class T>
    static std::vector<std::pair<std::string, T>> all(const Effects& out) {
        std::vector<std::pair<std::string, T>> v;
        for (const auto& e : out) {
            if (const auto* p = std::get_if<T>(&e.payload)) v.emplace_back(e.user, *p);
        }
        return v;
    }
    static const FormField* field(const DataForm& form, const std::string& var) {
        for (const auto& f : form.form_fields) {
            if (f.var == var) return &f;
        }
        return nullptr;
    }
};

TEST_F(AdminCommands, WithoutTheAdaptersMarkEveryAdminCommandIsForbidden) {
    const std::string before = encode(state.sessions);
    for (const auto& info : kAdminCommands) {
        for (std::optional<bool> mark : {std::optional<bool>{}, std::optional<bool>{false}}) {
            // A registered user, executing and submitting.
            for (const char* action : {"execute", "complete"}) {
                XmppCommand c{kRomeoPhone,
                              kGateway,
                              "iq7",
                              std::string(info.node),
                              action,
                              std::string("cg9-0"),
                              {{"accountjids", kJuliet}, {"announcement", "hi"}}};
                c.admin = mark;
                Effects out = feed(c, kRomeo);
                ASSERT_EQ(out.size(), 1u) << info.node;
                const auto* error = std::get_if<SendXmppIqError>(&out[0].payload);
                ASSERT_NE(error, nullptr) << info.node;
                EXPECT_EQ(error->from, kGateway);
                EXPECT_EQ(error->to, kRomeoPhone);
                EXPECT_EQ(error->iq_id, "iq7");
                EXPECT_EQ(error->error_type, "auth");
                EXPECT_EQ(error->condition, "forbidden");
            }
        }
    }
    // Nothing changed: no session ended, nobody unregistered.
    EXPECT_EQ(encode(state.sessions), before);
}

TEST_F(AdminCommands, ListAsksHowManyThenListsEveryUserWithTheirSession) {
    Effects form_step = feed_admin(admin_command(kAdminUsers));
    ASSERT_EQ(form_step.size(), 1u);
    auto form = result(form_step);
    EXPECT_EQ(form.status, "executing");
    ASSERT_TRUE(form.form);
    EXPECT_EQ(form.form->form_type, std::nullopt);  // a form to fill in
    const FormField* type = field(*form.form, "FORM_TYPE");
    ASSERT_NE(type, nullptr);
    EXPECT_EQ(type->value, "http://jabber.org/protocol/admin");
    const FormField* max = field(*form.form, "max_items");
    ASSERT_NE(max, nullptr);
    EXPECT_EQ(max->type, "list-single");
    ASSERT_TRUE(max->options);
    EXPECT_EQ(max->options->back().value, "none");

    Effects done = feed_admin(submitted(kAdminUsers, {{"max_items", "none"}}));
    ASSERT_EQ(done.size(), 1u);
    auto r = result(done);
    EXPECT_EQ(r.status, "completed");
    EXPECT_EQ(r.note, "2 registered users.");
    ASSERT_TRUE(r.form);
    EXPECT_EQ(r.form->form_type, "result");
    const FormField* jids = field(*r.form, "registereduserjids");
    ASSERT_NE(jids, nullptr);
    EXPECT_EQ(jids->type, "jid-multi");
    EXPECT_EQ(jids->values, (std::vector<std::string>{kJuliet, kRomeo}));
    const FormField* sessions = field(*r.form, "sessions");
    ASSERT_NE(sessions, nullptr);
    EXPECT_EQ(sessions->type, "text-multi");
    EXPECT_EQ(sessions->values,
              (std::vector<std::string>{"juliet@localhost: logging_in, 0 XMPP clients online",
                                        "romeo@localhost: ready as romeo, 1 XMPP client online"}));

    auto limited = result(feed_admin(submitted(kAdminUsers, {{"max_items", "1"}})));
    EXPECT_EQ(limited.note, "2 registered users, 1 shown.");
    EXPECT_EQ(field(*limited.form, "registereduserjids")->values->size(), 1u);
}

TEST_F(AdminCommands, EndSessionLogsTheUserOutOfDiscordAndKeepsTheRegistration) {
    Effects form_step = feed_admin(admin_command(kAdminEndSession));
    auto form = result(form_step);
    ASSERT_TRUE(form.form);
    const FormField* accounts = field(*form.form, "accountjids");
    ASSERT_NE(accounts, nullptr);
    EXPECT_EQ(accounts->type, "jid-multi");
    EXPECT_TRUE(accounts->required);

    Effects out = feed_admin(
        submitted(kAdminEndSession, {{"accountjids", "Romeo@localhost/phone\nnobody@localhost"}}));
    auto logouts = all<LogoutDiscord>(out);
    ASSERT_EQ(logouts.size(), 1u);
    EXPECT_EQ(logouts[0].first, kRomeo);  // the Discord adapter closes romeo's gateway
    EXPECT_EQ(logouts[0].second.reason, "ended by an administrator");
    // alice goes offline on romeo's client; the gateway's contact says logged out.
    auto presences = all<SendXmppPresence>(out);
    ASSERT_EQ(presences.size(), 2u);
    EXPECT_EQ(presences[0].first, kRomeo);
    EXPECT_EQ(presences[0].second.from, "20@discord.localhost");
    EXPECT_EQ(presences[0].second.presence_type, "unavailable");
    EXPECT_EQ(presences[1].second.status, "Logged out");
    auto told = all<SendXmppMessage>(out);
    ASSERT_EQ(told.size(), 1u);
    EXPECT_EQ(told[0].first, kRomeo);
    EXPECT_EQ(told[0].second.to, kRomeo);
    EXPECT_EQ(told[0].second.from, kGateway);

    auto r = result(out);
    EXPECT_EQ(r.status, "completed");
    EXPECT_EQ(r.note_type, "info");
    EXPECT_EQ(r.note,
              "Ended the Discord session of romeo@localhost. Not registered: nobody@localhost.");
    EXPECT_EQ(state.sessions.at(kRomeo).login_state, "logged_out");
    EXPECT_EQ(state.sessions.at(kJuliet).login_state, "logging_in");

    auto nobody = result(feed_admin(submitted(kAdminEndSession, {{"accountjids", "x@y"}})));
    EXPECT_EQ(nobody.note_type, "error");
}

TEST_F(AdminCommands, DeleteUserDoesWhatTheUsersOwnUnregisterDoes) {
    // The same state unregistered by romeo himself.
    State by_user = state;
    archive::MemoryStore by_user_store;
    Effects own = apply(
        by_user, by_user_store,
        Event{kEventVersion, "t", position + 1, 0, kRomeo, XmppUnregister{kGateway}}, position + 1);

    Effects out = feed_admin(submitted(kAdminDeleteUser, {{"accountjids", kRomeo}}));
    EXPECT_FALSE(state.sessions.contains(kRomeo));
    EXPECT_TRUE(state.sessions.contains(kJuliet));
    EXPECT_EQ(encode(state.sessions), encode(by_user.sessions));
    // Every effect of the user's unregister, for the same user, in the same order; then the
    // administrator's answer.
    ASSERT_EQ(out.size(), own.size() + 1);
    for (std::size_t i = 0; i < own.size(); ++i) {
        EXPECT_EQ(out[i].user, own[i].user) << i;
        EXPECT_EQ(out[i].type(), own[i].type()) << i;
    }
    ASSERT_FALSE(all<LogoutDiscord>(out).empty());
    EXPECT_EQ(result(out).note, "Unregistered romeo@localhost.");
}

TEST_F(AdminCommands, AnnounceSendsTheTextToEveryRegisteredUser) {
    Effects form_step = feed_admin(admin_command(kAdminAnnounce));
    const FormField* text = field(*result(form_step).form, "announcement");
    ASSERT_NE(text, nullptr);
    EXPECT_EQ(text->type, "text-multi");

    Effects out = feed_admin(
        submitted(kAdminAnnounce, {{"announcement", "Maintenance tonight\nat 22:00 UTC"}}));
    auto messages = all<SendXmppMessage>(out);
    ASSERT_EQ(messages.size(), 2u);
    std::vector<std::string> ids;
    for (const auto& [who, m] : messages) {
        EXPECT_EQ(m.to, who);
        EXPECT_EQ(m.from, kGateway);
        EXPECT_EQ(m.body, "Maintenance tonight\nat 22:00 UTC");
        ids.push_back(m.id);
    }
    EXPECT_EQ(messages[0].first, kJuliet);
    EXPECT_EQ(messages[1].first, kRomeo);
    // Ids stay unique within the event across the users it acts for.
    EXPECT_NE(ids[0], ids[1]);
    EXPECT_EQ(result(out).note, "Sent to 2 registered users.");

    Effects empty = feed_admin(submitted(kAdminAnnounce, {{"announcement", "\n"}}));
    ASSERT_EQ(empty.size(), 1u);
    EXPECT_EQ(result(empty).note_type, "error");
}

TEST_F(AdminCommands, CancelEndsTheCommandWithoutActing) {
    const std::string before = encode(state.sessions);
    Effects out = feed_admin(admin_command(kAdminDeleteUser, "cancel", "cg9-0"));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(result(out).status, "canceled");
    EXPECT_EQ(encode(state.sessions), before);
}

}  // namespace
}  // namespace cordgate::core
