// cordgate.toml's one parser: each class of problem check-config reports, named with its key
// and place, and every problem of a file at once.

#include <config/nearest.hpp>
#include <config/parse.hpp>
#include <config/url_check.hpp>

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

using namespace cordgate::config;
namespace fs = std::filesystem;

const std::string kXmppBasics = R"(
[bus]
endpoint = "ipc:///tmp/x/bus.sock"
[xmpp]
component_jid = "discord.example.org"
secret = "s"
[discord]
public_key_file = "k.pub"
)";

std::vector<Problem> problems_of(const std::string& text) {
    return parse(text, "/etc/cordgate", "c.toml", kEveryProcess).problems;
}

// The one problem of `text`, or a failure naming what came instead.
Problem only_problem(const std::string& text) {
    auto problems = problems_of(text);
    EXPECT_EQ(problems.size(), 1u);
    for (const auto& p : problems) std::cerr << describe("c.toml", p) << "\n";
    return problems.empty() ? Problem{} : problems.front();
}

TEST(ConfigParse, AValidFileHasNoProblemAndTypedValues) {
    auto parsed = parse(kXmppBasics + "[log]\nlevel = \"warn\"\n[core]\nsync = \"never\"\n",
                        "/etc/cordgate", "c.toml", kEveryProcess);
    EXPECT_TRUE(parsed.problems.empty());
    EXPECT_EQ(parsed.config.log.level, LogLevel::warn);
    EXPECT_EQ(parsed.config.core.sync, Sync::never);
    EXPECT_EQ(parsed.config.discord.public_key_file, "/etc/cordgate/k.pub");
    EXPECT_EQ(parsed.config.discord.key_file, "/etc/cordgate/discord.key");
    EXPECT_EQ(parsed.config.xmpp.allowed_domains, std::vector<std::string>{"example.org"});
    EXPECT_EQ(parsed.config.files.discord_upload_limit_mib, 10u);
}

std::string with_admins(const std::string& admins) {
    return "[bus]\nendpoint = \"ipc:///tmp/x/bus.sock\"\n[xmpp]\ncomponent_jid = "
           "\"discord.example.org\"\nsecret = \"s\"\nadmins = " +
           admins + "\n[discord]\npublic_key_file = \"k.pub\"\n";
}

TEST(ConfigParse, AdminsAreBareJidsOfAnAllowedDomain) {
    auto parsed = parse(with_admins(R"(["Admin@Example.org", "ops@example.org"])"), "/etc/cordgate",
                        "c.toml", kEveryProcess);
    EXPECT_TRUE(parsed.problems.empty());
    EXPECT_EQ(parsed.config.xmpp.admins,
              (std::vector<std::string>{"admin@example.org", "ops@example.org"}));
    EXPECT_TRUE(
        parse(kXmppBasics, "/etc/cordgate", "c.toml", kEveryProcess).config.xmpp.admins.empty());

    for (const char* bad : {"admin@example.org/laptop", "example.org", "a b@example.org"}) {
        Problem p = only_problem(with_admins("[\"" + std::string(bad) + "\"]"));
        EXPECT_EQ(p.key, "xmpp.admins") << bad;
        EXPECT_EQ(p.what, "'" + std::string(bad) + "' is no bare JID (user@domain)");
    }
    Problem foreign = only_problem(with_admins(R"(["admin@elsewhere.net"])"));
    EXPECT_EQ(foreign.key, "xmpp.admins");
    EXPECT_NE(foreign.what.find("not of an allowed domain"), std::string::npos);
    EXPECT_EQ(only_problem(with_admins(R"("admin@example.org")")).what,
              "expected an array of strings");
}

TEST(ConfigParse, UnknownKeyNamesTheNearestKnownOne) {
    Problem p = only_problem(kXmppBasics + "[log]\nlevle = \"info\"\n");
    EXPECT_EQ(p.key, "log.levle");
    EXPECT_EQ(p.line, 10u);
    EXPECT_EQ(p.column, 1u);
    EXPECT_EQ(p.what, "unknown key; did you mean log.level?");
    EXPECT_EQ(only_problem(kXmppBasics + "[files]\nstore_qouta_mb = 5\n").what,
              "unknown key; did you mean files.store_quota_mib?");
    // Nothing near enough: no guess.
    EXPECT_EQ(only_problem(kXmppBasics + "[core]\nbananas = 1\n").what, "unknown key");
}

TEST(ConfigParse, UnknownSectionNamesTheNearestKnownOne) {
    Problem p = only_problem(kXmppBasics + "[discrod.client]\nos = \"Linux\"\n");
    EXPECT_EQ(p.key, "discrod");
    EXPECT_EQ(p.what, "unknown section; did you mean discord?");
    EXPECT_EQ(only_problem(kXmppBasics + "[discord.clinet]\nos = \"Linux\"\n").what,
              "unknown section; did you mean discord.client?");
    EXPECT_EQ(only_problem(kXmppBasics + "stray = 1\n[log]\n").key, "discord.stray");
}

TEST(ConfigParse, WrongTypes) {
    Problem p = only_problem(kXmppBasics + "[core]\nsnapshot_every = \"often\"\n");
    EXPECT_EQ(p.key, "core.snapshot_every");
    EXPECT_EQ(p.line, 10u);
    EXPECT_EQ(p.column, 18u);
    EXPECT_EQ(p.what, "expected an integer");
    EXPECT_EQ(only_problem(kXmppBasics + "bot = 1\n").what, "expected true or false");
    EXPECT_EQ(only_problem(kXmppBasics + "[files]\nupload_hosts = \"a.example\"\n").what,
              "expected an array of strings");
    EXPECT_EQ(only_problem(kXmppBasics + "[xmpp.port]\n").what, "expected an integer");
    EXPECT_EQ(only_problem(kXmppBasics + "[log]\nlevel = 3\n").what, "expected a string");
    EXPECT_EQ(only_problem("log = 1\n" + kXmppBasics).what, "expected a section (a table)");
}

TEST(ConfigParse, NamesThatDoNotExist) {
    Problem p = only_problem(kXmppBasics + "[log]\nlevel = \"verbose\"\n");
    EXPECT_EQ(p.key, "log.level");
    EXPECT_EQ(p.what, "'verbose' is not one of trace, debug, info, warn, error, critical, off");
    EXPECT_NE(only_problem(kXmppBasics + "[core]\nsync = \"always\"\n").what.find("every_batch"),
              std::string::npos);
    EXPECT_NE(only_problem(kXmppBasics + "status_without_xmpp = \"away\"\n").what.find("invisible"),
              std::string::npos);
    EXPECT_EQ(only_problem(kXmppBasics + "[core]\nwal_spare_mib = 5000\n").what,
              "must be between 0 and 4096");
}

TEST(ConfigParse, RetentionNeedsSnapshots) {
    Problem p = only_problem(kXmppBasics + "[core]\nsnapshot_every = 0\nretain_events = 100\n");
    EXPECT_EQ(p.key, "core.retain_events");
    EXPECT_NE(p.what.find("snapshot_every"), std::string::npos) << p.what;
    EXPECT_EQ(only_problem(kXmppBasics + "[core]\nsnapshot_every = 0\nretain_days = 3\n").key,
              "core.retain_days");
    EXPECT_EQ(only_problem(kXmppBasics + "[core]\nretain_days = 40000\n").what,
              "must be between 0 and 36500");
}

TEST(ConfigParse, BadUrls) {
    EXPECT_EQ(only_problem(kXmppBasics + "api_base = \"http://discord.com/api\"\n").what,
              "'http://discord.com/api' is plain text to a host that is not loopback: use "
              "https/wss");
    EXPECT_EQ(only_problem(kXmppBasics + "cdn_base = \"cdn.discordapp.com\"\n").what,
              "'cdn.discordapp.com' is not an http(s) or ws(s) URL");
    EXPECT_EQ(only_problem(kXmppBasics + "gateway_url = \"wss://\"\n").key, "discord.gateway_url");
    EXPECT_EQ(only_problem(kXmppBasics + "[files]\nupload_hosts = [\"a.example/x\"]\n").key,
              "files.upload_hosts");
    EXPECT_EQ(only_problem(kXmppBasics + "[files]\nstore_base_url = \"ftp://x\"\n").key,
              "files.store_base_url");
    EXPECT_FALSE(url_problem("http://127.0.0.1:5000/api/v9"));
    EXPECT_FALSE(url_problem("wss://gateway.discord.gg/?v=9"));
}

TEST(ConfigParse, KeysAProcessRequires) {
    // The core and the Discord adapter need no key at all; the XMPP adapter needs four.
    const std::array<Process, 2> core_and_discord{Process::core, Process::discord};
    EXPECT_TRUE(parse("", "/", "c.toml", core_and_discord).problems.empty());
    const std::array<Process, 1> xmpp{Process::xmpp};
    auto problems = parse("[log]\n", "/", "c.toml", xmpp).problems;
    std::vector<std::string> keys;
    for (const auto& p : problems) {
        EXPECT_EQ(p.what, "missing");
        keys.push_back(p.key);
    }
    std::sort(keys.begin(), keys.end());
    EXPECT_EQ(keys, (std::vector<std::string>{"bus.endpoint", "discord.public_key_file",
                                              "xmpp.component_jid", "xmpp.secret"}));
}

TEST(ConfigParse, EveryProblemAtOnceInFileOrder) {
    auto problems = problems_of(R"([bus]
endpoint = "ipc:///tmp/x/bus.sock"
[xmpp]
component_jid = "discord.example.org"
secret = "s"
prot = 5347
[discord]
public_key_file = "k.pub"
bot = "yes"
[log]
level = "loud"
)");
    ASSERT_EQ(problems.size(), 3u);
    std::vector<std::uint32_t> lines;
    for (const auto& p : problems) lines.push_back(p.line);
    EXPECT_EQ(lines, (std::vector<std::uint32_t>{6, 9, 11}));
    std::string all = ConfigError("c.toml", problems).what();
    EXPECT_NE(all.find("c.toml:6:1: xmpp.prot: unknown key; did you mean xmpp.port?"),
              std::string::npos)
        << all;
    EXPECT_NE(all.find("c.toml:9:7: discord.bot: expected true or false"), std::string::npos);
    EXPECT_NE(all.find("c.toml:11:9: log.level: 'loud' is not one of"), std::string::npos);
}

TEST(ConfigParse, InvalidTomlHasItsPlace) {
    Problem p = only_problem("[xmpp]\nport = = 1\n");
    EXPECT_EQ(p.line, 2u);
    EXPECT_NE(p.what.find("not valid TOML"), std::string::npos);
}

class ConfigDisk : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("cordgate-config-test-" + std::to_string(::getpid()));
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::vector<Problem> check(const std::string& text, Processes processes = kEveryProcess) {
        std::ofstream(dir_ / "c.toml") << text;
        return check_file(dir_ / "c.toml", processes).problems;
    }

    fs::path dir_;
};

TEST_F(ConfigDisk, AFileWhosePathsAreFineHasNoProblem) {
    auto problems = check(kXmppBasics + "[core]\ndata_dir = \"" + (dir_ / "log").string() + "\"\n");
    for (const auto& p : problems) ADD_FAILURE() << describe("c.toml", p);
}

TEST_F(ConfigDisk, MissingFiles) {
    auto problems = check(kXmppBasics +
                          "key_file = \"/nonexistent/discord.key\"\n"
                          "ca_file = \"extra-ca.pem\"\n");
    ASSERT_EQ(problems.size(), 2u);
    EXPECT_EQ(problems[0].key, "discord.key_file");
    EXPECT_EQ(problems[0].what, "no such file, and no folder /nonexistent to create it in");
    EXPECT_EQ(problems[0].line, 9u);
    EXPECT_EQ(problems[1].key, "discord.ca_file");
    EXPECT_EQ(problems[1].what, "no such file: " + (dir_ / "extra-ca.pem").string());
    // The public key is written by the Discord adapter: only its folder must exist.
    const std::array<Process, 1> xmpp{Process::xmpp};
    const std::string xmpp_only =
        "[bus]\nendpoint = \"stdio\"\n[xmpp]\ncomponent_jid = "
        "\"d.example.org\"\nsecret = \"s\"\n[discord]\n";
    auto elsewhere = check(xmpp_only + "public_key_file = \"/nonexistent/k.pub\"\n", xmpp);
    ASSERT_EQ(elsewhere.size(), 1u);
    EXPECT_EQ(elsewhere[0].key, "discord.public_key_file");
    EXPECT_EQ(elsewhere[0].what, "no such file, and no folder /nonexistent to create it in");
    EXPECT_TRUE(check(xmpp_only + "public_key_file = \"k.pub\"\n", xmpp).empty());
}

TEST_F(ConfigDisk, FoldersThatAreNotFolders) {
    std::ofstream(dir_ / "plain") << "x";
    auto problems =
        check(kXmppBasics + "[files]\nstore_dir = \"plain/store\"\n[core]\ndata_dir = \"" +
              (dir_ / "plain").string() + "\"\n");
    ASSERT_EQ(problems.size(), 2u);
    EXPECT_EQ(problems[0].key, "files.store_dir");
    EXPECT_EQ(problems[1].key, "core.data_dir");
    EXPECT_EQ(problems[1].what, (dir_ / "plain").string() + " is not a folder");
}

TEST_F(ConfigDisk, AnUnreadableFileIsNamed) {
    auto problems = check_file(dir_ / "absent.toml", kEveryProcess).problems;
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].what, "cannot be read: No such file or directory");
    EXPECT_THROW(load(dir_ / "absent.toml", Process::core), ConfigError);
}

TEST(Nearest, EditDistance) {
    EXPECT_EQ(edit_distance("level", "level"), 0u);
    EXPECT_EQ(edit_distance("levle", "level"), 1u);  // a swap of neighbours
    EXPECT_EQ(edit_distance("prot", "port"), 1u);
    EXPECT_EQ(edit_distance("", "abc"), 3u);
    EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
    EXPECT_EQ(nearest("xmpp.secrte", {"xmpp.secret", "xmpp.host"}), "xmpp.secret");
    EXPECT_FALSE(nearest("core.bananas", {"core.data_dir", "core.sync"}));
}

}  // namespace

namespace {

TEST(ConfigControlEndpoint, ByDefaultBesideTheLogFolder) {
    auto parsed = parse(kXmppBasics + "[core]\ndata_dir = \"/var/lib/cordgate/log\"\n",
                        "/etc/cordgate", "c.toml", kEveryProcess);
    EXPECT_TRUE(parsed.problems.empty());
    EXPECT_EQ(control_endpoint(parsed.config.core), "ipc:///var/lib/cordgate/control.sock");
    parsed = parse(kXmppBasics + "[core]\ndata_dir = \"/var/lib/cordgate/log/\"\n", "/etc/cordgate",
                   "c.toml", kEveryProcess);
    EXPECT_EQ(control_endpoint(parsed.config.core), "ipc:///var/lib/cordgate/control.sock");
    // A relative data_dir is the working directory's, as the core reads it.
    CoreSection relative;
    relative.data_dir = "state/log";
    EXPECT_EQ(control_endpoint(relative),
              "ipc://" + (fs::current_path() / "state" / "control.sock").string());
}

TEST(ConfigControlEndpoint, SetOrRefusedWhenNotLocal) {
    auto parsed = parse(kXmppBasics + "[core]\ncontrol_endpoint = \"tcp://127.0.0.1:5702\"\n",
                        "/etc/cordgate", "c.toml", kEveryProcess);
    EXPECT_TRUE(parsed.problems.empty());
    EXPECT_EQ(control_endpoint(parsed.config.core), "tcp://127.0.0.1:5702");

    Problem p = only_problem(kXmppBasics + "[core]\ncontrol_endpoint = \"tcp://0.0.0.0:5702\"\n");
    EXPECT_EQ(p.key, "core.control_endpoint");
    EXPECT_NE(p.what.find("a local socket"), std::string::npos) << p.what;

    p = only_problem(kXmppBasics + "[core]\ncontrol_endpoint = \"ipc:///" + std::string(120, 'x') +
                     "\"\n");
    EXPECT_EQ(p.key, "core.control_endpoint");
    EXPECT_NE(p.what.find("longer than 107 bytes"), std::string::npos) << p.what;
}

}  // namespace

namespace {

TEST(ConfigParse, MetricsAddressesAreLoopbackHostAndPort) {
    auto parsed = parse(kXmppBasics +
                            "metrics_address = \"127.0.0.1:9466\"\n"
                            "[core]\nmetrics_address = \"localhost:9464\"\n",
                        "/etc/cordgate", "c.toml", kEveryProcess);
    // kXmppBasics ends in [discord]: the first key is the Discord adapter's.
    EXPECT_TRUE(parsed.problems.empty());
    EXPECT_EQ(parsed.config.discord.metrics_address, "127.0.0.1:9466");
    EXPECT_EQ(parsed.config.core.metrics_address, "localhost:9464");
    EXPECT_EQ(parsed.config.xmpp.metrics_address, "");  // absent: off

    Problem p = only_problem(kXmppBasics + "[core]\nmetrics_address = \"0.0.0.0:9464\"\n");
    EXPECT_EQ(p.key, "core.metrics_address");
    EXPECT_EQ(p.line, 10u);
    EXPECT_EQ(p.what,
              "'0.0.0.0' is not a loopback address (127.0.0.1, localhost or [::1]): the endpoint "
              "has no authentication");
    EXPECT_EQ(describe("c.toml", p).rfind("c.toml:10:", 0), 0u) << describe("c.toml", p);
    EXPECT_EQ(only_problem(kXmppBasics + "metrics_address = \"127.0.0.1:metrics\"\n").what,
              "port 'metrics' is not a number");
    EXPECT_EQ(only_problem(kXmppBasics + "metrics_address = 9464\n").key,
              "discord.metrics_address");
}

}  // namespace
