// What the running process has cost so far.
#pragma once

namespace modelarts::bench {

/// Peak resident set (VmHWM) in MiB; 0 when /proc is not readable.
double peak_rss_mib();
/// User + system CPU seconds of every thread of this process.
double cpu_seconds();
/// A monotonic clock in seconds.
double now_seconds();

} // namespace modelarts::bench
