#pragma once
// The codec's DOM reader finds an enum's read_value by argument-dependent lookup, and for an enum
// outside cordgate::core that looks in the enum's own namespace (core/codec_enum.hpp): this
// passes runtime's enums on to core's reader.

#include <core/codec_enum.hpp>

namespace cordgate::runtime {

template <core::NamedEnum E>
void read_value(const core::JsonValue& j, E& out, const core::detail::Path& p) {
    core::read_value(j, out, p);
}

}  // namespace cordgate::runtime
