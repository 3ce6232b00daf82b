#pragma once
// The effects of one kind among what apply() returned, in order: tests look at what they are
// about and stay correct when an event also makes effects of other kinds.

#include <core/effect.hpp>

#include <vector>

namespace cordgate::tests {

template <class T>
std::vector<T> effects_of(const core::Effects& out) {
    std::vector<T> found;
    for (const auto& e : out) {
        if (const T* p = std::get_if<T>(&e.payload)) found.push_back(*p);
    }
    return found;
}

}  // namespace cordgate::tests
