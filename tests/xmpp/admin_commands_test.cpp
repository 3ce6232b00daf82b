// The administrators' commands at the edge: who sees them (disco#items of the commands node,
// disco#info of their nodes), who may execute them (<forbidden/> for anyone not in [xmpp]
// admins, the `admin` mark for those who are), multi-valued form fields, the result form on the
// wire, and the status command answered from the core's control endpoint.

#include <tests/xmpp/helpers.hpp>

#include <adapters/xmpp/admin_status.hpp>
#include <adapters/xmpp/namespaces.hpp>
#include <adapters/xmpp/outbound.hpp>
#include <core/command_list.hpp>
#include <runtime/control_protocol.hpp>
#include <runtime/status_report.hpp>

#include <chrono>
#include <thread>

namespace cordgate::adapters::xmpp::testing {
namespace {

using namespace std::chrono_literals;

const std::string kUsersNode(core::kAdminUsers);
const std::string kStatusNode(core::kAdminStatus);

class AdminCommands : public InboundTest {
  protected:
    AdminCommands() { ctx.admins = {"admin@localhost"}; }

    Inbound command_from(const std::string& from, const std::string& attrs,
                         const std::string& inner = "") {
        return in("<iq type='set' id='q1' from='" + from + "' to='discord.localhost'>" +
                  "<command xmlns='http://jabber.org/protocol/commands' " + attrs + ">" + inner +
                  "</command></iq>");
    }
    std::vector<std::string> listed_nodes(const std::string& from) {
        Inbound r = in("<iq type='get' id='q1' from='" + from +
                       "' to='discord.localhost'><query "
                       "xmlns='http://jabber.org/protocol/disco#items' "
                       "node='http://jabber.org/protocol/commands'/></iq>");
        EXPECT_FALSE(r.event);
        std::vector<std::string> nodes;
        if (!r.reply) return nodes;
        const Element* query = r.reply->child("query", ns::kDiscoItems);
        if (!query) return nodes;
        for (const auto& item : query->children) nodes.push_back(item.attr_or("node"));
        return nodes;
    }
};

bool has(const std::vector<std::string>& v, std::string_view s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

TEST_F(AdminCommands, OnlyAdministratorsAreShownTheirCommands) {
    auto romeo = listed_nodes("romeo@localhost/phone");
    auto admin = listed_nodes("Admin@localhost/laptop");  // JIDs compare case-insensitively
    for (const auto& c : core::kCommands) {
        EXPECT_TRUE(has(romeo, c.node)) << c.node;
        EXPECT_TRUE(has(admin, c.node)) << c.node;
    }
    for (const auto& c : core::kAdminCommands) {
        EXPECT_FALSE(has(romeo, c.node)) << c.node;
        EXPECT_TRUE(has(admin, c.node)) << c.node;
    }
    const std::string info_query =
        "<query xmlns='http://jabber.org/protocol/disco#info' node='" + kUsersNode + "'/>";
    Inbound romeo_info =
        in("<iq type='get' id='q1' from='romeo@localhost/phone' to='discord.localhost'>" +
           info_query + "</iq>");
    EXPECT_EQ(error_condition(romeo_info), "item-not-found");
    Inbound admin_info =
        in("<iq type='get' id='q1' from='admin@localhost/laptop' to='discord.localhost'>" +
           info_query + "</iq>");
    ASSERT_TRUE(admin_info.reply);
    EXPECT_EQ(admin_info.reply->attr_or("type"), "result");
}

TEST_F(AdminCommands, AnyoneElseExecutingOneIsForbiddenAtTheEdge) {
    for (const auto& c : core::kAdminCommands) {
        for (const char* from : {"romeo@localhost/phone", "admin@localhost.evil/x", "localhost",
                                 "administrator@localhost/x"}) {
            Inbound r = command_from(from, "node='" + std::string(c.node) + "'");
            EXPECT_FALSE(r.event) << c.node << " from " << from;
            EXPECT_FALSE(r.status_command) << c.node;
            ASSERT_TRUE(r.reply) << c.node << " from " << from << ": " << r.note;
            const Element* error = r.reply->child("error", r.reply->ns);
            if (std::string(from) == "admin@localhost.evil/x") {
                // Not an allowed domain: refused before the command is read.
                EXPECT_EQ(r.reply->attr_or("type"), "error");
                continue;
            }
            ASSERT_NE(error, nullptr);
            EXPECT_EQ(error->attr_or("type"), "auth") << c.node;
            EXPECT_EQ(error_condition(r), "forbidden") << c.node;
        }
    }
}

TEST_F(AdminCommands, AnAdministratorsCommandIsMarkedAndMultiValuesArriveOneALine) {
    Inbound r = command_from(
        "admin@localhost/laptop",
        "node='" + std::string(core::kAdminAnnounce) + "' action='complete' sessionid='s1'",
        "<x xmlns='jabber:x:data' type='submit'><field var='announcement'>"
        "<value>first line</value><value>second line</value></field>"
        "<field var='FORM_TYPE'><value>http://jabber.org/protocol/admin</value></field></x>");
    const auto& c = event_as<core::XmppCommand>(r);
    EXPECT_EQ(c.admin, true);
    EXPECT_EQ(c.values.at("announcement"), "first line\nsecond line");
    EXPECT_EQ(r.user, "admin@localhost");

    // The users' own commands carry no mark, from an administrator or anyone.
    EXPECT_FALSE(
        event_as<core::XmppCommand>(command_from("admin@localhost/laptop", "node='status'")).admin);
}

TEST_F(AdminCommands, TheStatusCommandStaysInTheAdapter) {
    Inbound r = command_from("admin@localhost/laptop", "node='" + kStatusNode + "'");
    EXPECT_FALSE(r.event);
    EXPECT_FALSE(r.reply);
    ASSERT_TRUE(r.status_command);
    EXPECT_EQ(r.status_command->node, kStatusNode);
    EXPECT_EQ(r.status_command->iq_id, "q1");
    EXPECT_EQ(r.status_command->admin, true);
}

TEST_F(AdminCommands, AResultFormGoesOnTheWireWithEveryValueAndOption) {
    core::SendXmppCommandResult p;
    p.from = kGateway;
    p.to = "admin@localhost/laptop";
    p.iq_id = "q1";
    p.node = kUsersNode;
    p.session_id = "cg3-0";
    p.status = "completed";
    core::FormField jids{"registereduserjids", "jid-multi", "Users", std::nullopt, false};
    jids.values = std::vector<std::string>{"juliet@localhost", "romeo@localhost"};
    core::FormField max{"max_items", "list-single", std::nullopt, "none", true};
    max.options = std::vector<core::FormOption>{{"25", "25"}, {"none", std::nullopt}};
    p.form = core::DataForm{"Registered users", std::nullopt, {jids, max}, "result"};
    core::Effect e;
    e.id = 1;
    e.user = "admin@localhost";
    e.payload = p;
    auto stanza = serialise(e, OutboundContext{kGateway});
    ASSERT_TRUE(stanza);
    EXPECT_EQ(stanza->str(ns::kComponent),
              "<iq from='discord.localhost' to='admin@localhost/laptop' type='result' id='q1'>"
              "<command xmlns='http://jabber.org/protocol/commands' "
              "node='http://jabber.org/protocol/admin#get-registered-users-list' "
              "sessionid='cg3-0' status='completed'>"
              "<x xmlns='jabber:x:data' type='result'><title>Registered users</title>"
              "<field var='registereduserjids' type='jid-multi' label='Users'>"
              "<value>juliet@localhost</value><value>romeo@localhost</value></field>"
              "<field var='max_items' type='list-single'><required/><value>none</value>"
              "<option label='25'><value>25</value></option><option><value>none</value></option>"
              "</field></x></command></iq>");
}

core::XmppCommand status_command() {
    core::XmppCommand c;
    c.from = "admin@localhost/laptop";
    c.to = kGateway;
    c.iq_id = "q9";
    c.node = kStatusNode;
    c.admin = true;
    return c;
}

runtime::StatusReport report(bool healthy) {
    runtime::StatusReport r;
    r.at_ms = 1765130000000;
    r.processes = {{"core", runtime::Liveness::up, 1765120000000, std::nullopt},
                   {"xmpp", runtime::Liveness::up, 1765120000000, 1000},
                   {"discord", healthy ? runtime::Liveness::up : runtime::Liveness::down,
                    1765120000000, 1000}};
    r.component = {runtime::LinkState::up, 1765120000000};
    runtime::UserStatus romeo;
    romeo.jid = "romeo@localhost";
    romeo.login_state = "ready";
    r.users = {romeo};
    r.problems = runtime::find_problems(r);
    return r;
}

TEST_F(AdminCommands, TheStatusAnswerIsTheToolsReport) {
    const auto ok = report(true);
    auto answer = status_answer(status_command(), core::encode(ok), "ipc:///x", 3000ms);
    EXPECT_EQ(answer.to, "admin@localhost/laptop");
    EXPECT_EQ(answer.iq_id, "q9");
    EXPECT_EQ(answer.status, "completed");
    EXPECT_EQ(answer.note_type, "info");
    EXPECT_EQ(answer.note, runtime::render_text(ok));
    EXPECT_NE(answer.note->find("romeo@localhost"), std::string::npos);

    const auto down = report(false);
    ASSERT_FALSE(down.problems.empty());
    EXPECT_EQ(status_answer(status_command(), core::encode(down), "ipc:///x", 3000ms).note_type,
              "warn");

    auto silent = status_answer(status_command(), std::nullopt, "ipc:///x", 3000ms);
    EXPECT_EQ(silent.note_type, "error");
    EXPECT_NE(silent.note->find("ipc:///x"), std::string::npos);
    EXPECT_EQ(
        status_answer(status_command(), std::string("{\"error\":\"busy\"}"), "ipc:///x", 3000ms)
            .note_type,
        "error");
}

TEST_F(AdminCommands, TheStatusIsAskedOffTheLoopAndAnsweredWhenTheReplyComes) {
    std::string asked;
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    const std::string reply = core::encode(report(true));
    AdminStatus status(
        "ipc:///x", [&](const std::string&, const std::string& request, std::chrono::milliseconds) {
            asked = request;
            released.wait();
            return std::optional<std::string>(reply);
        });
    EXPECT_FALSE(status.start(status_command()));
    EXPECT_EQ(status.waiting(), 1u);
    EXPECT_TRUE(status.finished().empty());  // the core has not answered yet
    release.set_value();
    std::vector<Element> answers;
    for (int i = 0; i < 200 && answers.empty(); ++i) {
        answers = status.finished();
        if (answers.empty()) std::this_thread::sleep_for(10ms);
    }
    ASSERT_EQ(answers.size(), 1u);
    EXPECT_EQ(asked,
              core::encode(runtime::ControlRequest{runtime::ControlCommand::status, std::nullopt}));
    EXPECT_EQ(status.waiting(), 0u);
    const Element* command = answers[0].child("command", ns::kCommands);
    ASSERT_NE(command, nullptr);
    EXPECT_EQ(command->attr_or("status"), "completed");
    EXPECT_EQ(answers[0].attr_or("id"), "q9");

    auto cancel = status_command();
    cancel.action = "cancel";
    auto canceled = status.start(cancel);
    ASSERT_TRUE(canceled);
    EXPECT_EQ(canceled->child("command", ns::kCommands)->attr_or("status"), "canceled");
    EXPECT_EQ(status.waiting(), 0u);
}

}  // namespace
}  // namespace cordgate::adapters::xmpp::testing
