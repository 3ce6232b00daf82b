#pragma once
// What the emulator holds against each account: the client-profile flags raised so far and
// the account's required_action (Discord's "verify your account" lock). In strict mode an
// account that collects `threshold` flags gets a required_action, as Discord locks accounts
// whose clients look automated. Pure bookkeeping; the caller sends the gateway dispatch.

#include <tests/emulator/client_profile_check.hpp>
#include <tests/emulator/json_out.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>

namespace cordgate::tests::emulator {

struct StrictMode {
    bool enabled = false;
    std::uint64_t threshold = 1;  // flags (summed counts) of one account
    std::string action = "REQUIRE_VERIFIED_PHONE";
};

class AccountStanding {
  public:
    // Records one mismatch (same user, kind and detail: count + 1). Returns the account's new
    // required_action when this flag crossed the strict threshold and the account had none.
    std::optional<std::string> record(std::uint64_t user_id, const ProfileMismatch& m);

    // Sets ("" clears) an account's required_action; true when it changed.
    bool set_required_action(std::uint64_t user_id, const std::string& action);
    // "" = none.
    const std::string& required_action(std::uint64_t user_id) const;

    void set_strict(StrictMode s) { strict_ = std::move(s); }
    const StrictMode& strict() const { return strict_; }
    void clear_flags() { flags_.clear(); }
    std::uint64_t flag_count(std::uint64_t user_id) const;

    // {"flags":[{user_id, kind, detail, count}]}, ordered by user, kind, detail.
    void write_flags(JsonOut& j) const;

  private:
    std::map<std::tuple<std::uint64_t, std::string, std::string>, std::uint64_t> flags_;
    std::map<std::uint64_t, std::string> required_;
    StrictMode strict_;
};

}  // namespace cordgate::tests::emulator
