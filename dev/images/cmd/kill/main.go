// Command kill sends a signal to processes: `kill [-SIGNAL | -s SIGNAL] pid...`, where SIGNAL is
// a name (QUIT, SIGQUIT) or a number; the default is TERM. The sidecar image has no shell and no
// procps, and Java 17 cannot send SIGQUIT by itself, so the sidecar runs this to wake a JVM's
// attach listener.
package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

var names = map[string]syscall.Signal{
	"HUP": syscall.SIGHUP, "INT": syscall.SIGINT, "QUIT": syscall.SIGQUIT, "KILL": syscall.SIGKILL,
	"USR1": syscall.SIGUSR1, "USR2": syscall.SIGUSR2, "TERM": syscall.SIGTERM,
	"CONT": syscall.SIGCONT, "STOP": syscall.SIGSTOP,
}

func main() {
	args := os.Args[1:]
	sig := syscall.SIGTERM
	if len(args) > 0 && strings.HasPrefix(args[0], "-") && args[0] != "--" {
		name := strings.TrimPrefix(args[0], "-")
		args = args[1:]
		if name == "s" {
			if len(args) == 0 {
				fail("-s needs a signal")
			}
			name, args = args[0], args[1:]
		}
		sig = parseSignal(name)
	}
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) == 0 {
		fail("usage: kill [-SIGNAL | -s SIGNAL] pid...")
	}
	failed := false
	for _, arg := range args {
		pid, err := strconv.Atoi(arg)
		if err != nil {
			fmt.Fprintf(os.Stderr, "kill: %q is not a pid\n", arg)
			failed = true
			continue
		}
		if err := syscall.Kill(pid, sig); err != nil {
			fmt.Fprintf(os.Stderr, "kill: (%d): %v\n", pid, err)
			failed = true
		}
	}
	if failed {
		os.Exit(1)
	}
}

func parseSignal(name string) syscall.Signal {
	if n, err := strconv.Atoi(name); err == nil && n >= 0 && n < 65 {
		return syscall.Signal(n)
	}
	if s, ok := names[strings.TrimPrefix(strings.ToUpper(name), "SIG")]; ok {
		return s
	}
	fail("unknown signal " + name)
	return 0
}

func fail(message string) {
	fmt.Fprintln(os.Stderr, "kill: "+message)
	os.Exit(2)
}
