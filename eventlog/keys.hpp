#pragma once
// Key layout of the column families (see log.hpp). Numbers are stored big-endian so that
// RocksDB's bytewise key order is numeric order: iteration by position needs no comparator.
//
//   events, snapshots   be64(position)
//   effects             target, 0x00, be64(first id of the run)   (target names never contain
//                       0x00; a run is one target's effects with consecutive ids, see log.hpp)
//   meta                one tag byte, then the name it is about (an origin or a target)

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace cordgate::eventlog::keys {

using U64Key = std::array<char, 8>;

inline U64Key be64(std::uint64_t v) {
    U64Key out;
    for (int i = 7; i >= 0; --i) {
        out[static_cast<std::size_t>(i)] = static_cast<char>(v & 0xff);
        v >>= 8;
    }
    return out;
}

// `bytes` must hold at least 8 bytes; the last 8 are read.
inline std::uint64_t read_be64(std::string_view bytes) {
    std::uint64_t v = 0;
    for (char c : bytes.substr(bytes.size() - 8)) v = (v << 8) | static_cast<unsigned char>(c);
    return v;
}

inline std::string effect_key(std::string_view target, std::uint64_t id) {
    std::string key;
    key.reserve(target.size() + 9);
    key.append(target);
    key.push_back('\0');
    U64Key n = be64(id);
    key.append(n.data(), n.size());
    return key;
}

// The first key of `target`'s effects: ids start at 1, so every one of its keys is above this.
inline std::string effects_begin(std::string_view target) {
    std::string key(target);
    key.push_back('\0');
    return key;
}

// The first key past every effect of `target`: separator 0x00 + 1.
inline std::string effects_end(std::string_view target) {
    std::string key(target);
    key.push_back('\x01');
    return key;
}

// Meta tags. One byte each so that a name can be anything after it.
inline constexpr char kLastPosition = 'p';   // no name
inline constexpr char kOriginSeq = 'o';      // origin -> highest origin_seq kept
inline constexpr char kEffectId = 'e';       // target -> highest effect id written
inline constexpr char kAckedId = 'a';        // target -> highest effect id acknowledged
inline constexpr char kEffectsFormat = 'f';  // no name; how the effects family stores effects

// Values of kEffectsFormat. A database from before the tag holds one record per effect.
inline constexpr std::uint64_t kEffectsOnePerRecord = 0;
inline constexpr std::uint64_t kEffectsInRuns = 2;

inline std::string meta_key(char tag, std::string_view name = {}) {
    std::string key(1, tag);
    key.append(name);
    return key;
}

}  // namespace cordgate::eventlog::keys
