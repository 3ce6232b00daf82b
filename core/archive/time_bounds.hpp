#pragma once
// MAM's time bounds as snowflake bounds: a snowflake's top 42 bits are its milliseconds since
// Discord's epoch (discord-userdoccers, reference.mdx "Snowflakes"), so "sent at or after T" is
// "id at or above the smallest snowflake of T".

#include <core/snowflake.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

namespace cordgate::core::archive {

// XEP-0082 DateTime (CCYY-MM-DDThh:mm:ss[.sss](Z|(+|-)hh:mm)) as Unix milliseconds.
std::optional<std::int64_t> parse_datetime_ms(std::string_view text);

// The smallest snowflake of that millisecond (0 before Discord's epoch).
Snowflake first_snowflake_at(std::int64_t unix_ms);

}  // namespace cordgate::core::archive
