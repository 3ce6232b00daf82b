// The example /etc/cordgate/cordgate.toml the package installs: every process reads it without
// an error, and it puts the state where the units give write access (/var/lib/cordgate) and the
// bus where the three units share a folder (/run/cordgate).

#include <adapters/discord/config.hpp>
#include <adapters/xmpp/config.hpp>
#include <config/parse.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

const std::filesystem::path kExample = CORDGATE_EXAMPLE_CONFIG;

cordgate::config::Config read_example() {
    std::ifstream in(kExample);
    std::ostringstream text;
    text << in.rdbuf();
    auto parsed = cordgate::config::parse(text.str(), kExample.parent_path(), kExample.string(),
                                          cordgate::config::kEveryProcess);
    if (!parsed.problems.empty())
        throw cordgate::config::ConfigError(kExample, std::move(parsed.problems));
    return parsed.config;
}

TEST(ExampleConfig, TheCoreReadsIt) {
    namespace config = cordgate::config;
    // Parsed for every process: no unknown key, no missing one (the disk is not the one the
    // package makes, so check_file's folder checks are left to package_install).
    std::ifstream in(kExample);
    std::ostringstream text;
    text << in.rdbuf();
    auto parsed =
        config::parse(text.str(), kExample.parent_path(), kExample.string(), config::kEveryProcess);
    for (const auto& p : parsed.problems) ADD_FAILURE() << config::describe(kExample, p);
    EXPECT_EQ(parsed.config.bus.endpoint, "ipc:///run/cordgate/bus.sock");
    EXPECT_EQ(parsed.config.core.data_dir, "/var/lib/cordgate/log");
    EXPECT_EQ(parsed.config.core.sync, config::Sync::every_batch);
    EXPECT_EQ(parsed.config.log.level, config::LogLevel::info);
}

TEST(ExampleConfig, TheXmppAdapterReadsIt) {
    auto config = cordgate::adapters::xmpp::settings_from(read_example());
    EXPECT_EQ(config.bus_endpoint, "ipc:///run/cordgate/bus.sock");
    EXPECT_EQ(config.component_jid, "discord.example.org");
    EXPECT_EQ(config.discord_public_key_file, "/var/lib/cordgate/discord.key.pub");
    EXPECT_EQ(config.log_level, cordgate::config::LogLevel::info);
}

TEST(ExampleConfig, TheDiscordAdapterReadsIt) {
    auto config = cordgate::adapters::discord::settings_from(read_example());
    EXPECT_EQ(config.bus_endpoint, "ipc:///run/cordgate/bus.sock");
    EXPECT_EQ(config.key_file, "/var/lib/cordgate/discord.key");
    EXPECT_EQ(config.log_level, cordgate::config::LogLevel::info);
}

// The README's TOML blocks, read together as one file: every key they show exists, with the
// type and values they show.
TEST(ExampleConfig, TheReadmeBlocksAreOneValidFile) {
    std::ifstream in(CORDGATE_README);
    std::string line, toml;
    bool inside = false;
    int blocks = 0;
    while (std::getline(in, line)) {
        if (line == "```toml") {
            inside = true;
            ++blocks;
        } else if (inside && line == "```") {
            inside = false;
        } else if (inside) {
            toml += line + "\n";
        }
    }
    EXPECT_GE(blocks, 3);
    auto parsed = cordgate::config::parse(toml, "/etc/cordgate", "README.md",
                                          cordgate::config::kEveryProcess);
    for (const auto& p : parsed.problems) ADD_FAILURE() << cordgate::config::describe("README", p);
    EXPECT_EQ(parsed.config.xmpp.component_jid, "discord.example.org");
    EXPECT_EQ(parsed.config.discord.client.client_build_number, 470000);
    EXPECT_EQ(parsed.config.core.wal_spare_mib, 64u);
}

}  // namespace
