// The example /etc/cordgate/cordgate.toml the package installs: every process reads it without
// an error, and it puts the state where the units give write access (/var/lib/cordgate) and the
// bus where the three units share a folder (/run/cordgate).

#include <adapters/discord/config.hpp>
#include <adapters/xmpp/config.hpp>
#include <common/config.hpp>
#include <common/logging.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace {

const std::filesystem::path kExample = CORDGATE_EXAMPLE_CONFIG;

TEST(ExampleConfig, TheCoreReadsIt) {
    auto config = cordgate::common::load_common_config(kExample.string());
    EXPECT_EQ(config.bus.endpoint, "ipc:///run/cordgate/bus.sock");
    EXPECT_EQ(config.core.data_dir, "/var/lib/cordgate/log");
    EXPECT_EQ(config.core.sync, "every_batch");
    EXPECT_NO_THROW(cordgate::common::parse_log_level(config.log.level));
}

TEST(ExampleConfig, TheXmppAdapterReadsIt) {
    auto config = cordgate::adapters::xmpp::load_config(kExample);
    EXPECT_EQ(config.bus_endpoint, "ipc:///run/cordgate/bus.sock");
    EXPECT_EQ(config.component_jid, "discord.example.org");
    EXPECT_EQ(config.discord_public_key_file, "/var/lib/cordgate/discord.key.pub");
    EXPECT_NO_THROW(cordgate::common::parse_log_level(config.log_level));
}

TEST(ExampleConfig, TheDiscordAdapterReadsIt) {
    auto config = cordgate::adapters::discord::load_config(kExample);
    EXPECT_EQ(config.bus_endpoint, "ipc:///run/cordgate/bus.sock");
    EXPECT_EQ(config.key_file, "/var/lib/cordgate/discord.key");
    EXPECT_NO_THROW(cordgate::common::parse_log_level(config.log_level));
}

}  // namespace
