// The journal's log format: which stderr counts as the journal, and the syslog prefixes.

#include <common/logging.hpp>

#include <gtest/gtest.h>

namespace {

using cordgate::common::journal_stream_names;
using cordgate::common::syslog_prefix;

TEST(JournalStream, NamesTheFileWithThatDeviceAndInode) {
    EXPECT_TRUE(journal_stream_names("8:123456", 8, 123456));
    EXPECT_FALSE(journal_stream_names("8:123456", 8, 123457));
    EXPECT_FALSE(journal_stream_names("9:123456", 8, 123456));
}

TEST(JournalStream, MalformedValuesNameNothing) {
    EXPECT_FALSE(journal_stream_names("", 0, 0));
    EXPECT_FALSE(journal_stream_names(":", 0, 0));
    EXPECT_FALSE(journal_stream_names("8:", 8, 0));
    EXPECT_FALSE(journal_stream_names("8", 8, 0));
    EXPECT_FALSE(journal_stream_names("8:12x", 8, 12));
    EXPECT_FALSE(journal_stream_names("-8:12", 8, 12));
}

TEST(SyslogPrefix, EachLevelHasItsPriority) {
    EXPECT_EQ(syslog_prefix(spdlog::level::trace), "<7>");
    EXPECT_EQ(syslog_prefix(spdlog::level::debug), "<7>");
    EXPECT_EQ(syslog_prefix(spdlog::level::info), "<6>");
    EXPECT_EQ(syslog_prefix(spdlog::level::warn), "<4>");
    EXPECT_EQ(syslog_prefix(spdlog::level::err), "<3>");
    EXPECT_EQ(syslog_prefix(spdlog::level::critical), "<2>");
}

TEST(LogLevel, UnknownNamesAreRefused) {
    EXPECT_EQ(cordgate::common::parse_log_level("warn"), spdlog::level::warn);
    EXPECT_EQ(cordgate::common::parse_log_level("off"), spdlog::level::off);
    EXPECT_THROW(cordgate::common::parse_log_level("verbose"), std::invalid_argument);
}

}  // namespace
