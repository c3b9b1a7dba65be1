// plugin.cpp — the library's entry symbol.
#include "physics_app.hpp"

#include <taps/plugin.hpp>

TAPS_PLUGINS(taps::app<taps::physics::PhysicsApp>)
