// The readers of Discord's REST answers, over any body: user profiles (profile_read.hpp), channel
// history (translate.hpp), error bodies (refusal.hpp), 429 bodies (rate_limiter.hpp), the opened
// DM's id (rest_request.hpp) and the upload URL of a file (file_requests.hpp). The first byte
// picks the HTTP status the body came with. What becomes an event must go on the bus and come
// back; a refusal always has a reason to show.

#include <adapters/discord/file_requests.hpp>
#include <adapters/discord/json_read.hpp>
#include <adapters/discord/profile_read.hpp>
#include <adapters/discord/rate_limiter.hpp>
#include <adapters/discord/refusal.hpp>
#include <adapters/discord/rest_request.hpp>
#include <adapters/discord/translate.hpp>
#include <core/event.hpp>
#include <tests/fuzz/fuzz_check.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

using namespace cordgate;
using namespace cordgate::adapters::discord;

constexpr std::array<int, 8> kStatuses{0, 200, 400, 401, 403, 404, 429, 503};

void check_bus(core::EventPayload payload) {
    core::Event event;
    event.origin = "discord";
    event.user = "fuzz@localhost";
    event.payload = std::move(payload);
    const std::string sent = core::encode_event(event);
    fuzz::check_equal("a REST answer's event does not survive the bus", sent,
                      core::encode_event(core::decode_event(sent)));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const int status = kStatuses[data[0] % kStatuses.size()];
    const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);

    try {
        check_bus(read_user_profile(body));
    } catch (const MalformedPayload&) {
    }
    try {
        check_bus(translate_history(core::Snowflake{42}, body).history);
    } catch (const MalformedPayload&) {
    }
    if (status >= 400 || status == 0) {
        if (classify_refusal(status, body).reason.empty())
            fuzz::fail("a refusal without a reason", body);
    }
    parse_rate_limit(status, "5", "0", "1.5", "bucket", "", "2", body);
    channel_id_of(body);
    cloud_upload_of(body);
    return 0;
}
