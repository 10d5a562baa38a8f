/**
 * The figures threshold rules watch: JVM heap and GC from hsperfdata, container memory from the
 * target's cgroup (v1 and v2), and a process's resident set.
 */
package io.heapcapture.sidecar.memory;
