// xtb.hpp — the xtb program (Debian package `xtb`) run as a command line
// tool: a geometry optimisation, then the vertical ionization potential of
// the optimised geometry (GFN2-xTB, IPEA-xTB for the IP, as `xtb --vip`).
#pragma once

#include <string>

namespace taps::moldesign {

/// Optimises the geometry in `xyz` (XYZ text of a neutral closed-shell
/// molecule) and returns its vertical IP in eV, as xtb prints it
/// ("delta SCC IP (eV):"). Each call runs in a private temporary directory,
/// removed after, with OMP_NUM_THREADS=1 and XTBPATH defaulting to
/// /usr/share/xtb (where --vip finds its IPEA parameters).
///
/// Each xtb call may take `timeout` seconds (0: no limit) before it is
/// killed. An xtb still running when the calling thread's process dies (a
/// worker killed by an executor's timeout) is killed with it.
///
/// Throws an XtbError carrying the tail of xtb's own error output when a
/// call exits nonzero, is killed, or prints no IP; a ToolMissing error
/// naming the Debian package when there is no `xtb` on PATH.
double vertical_ip(const std::string& xyz, double timeout);

}  // namespace taps::moldesign
