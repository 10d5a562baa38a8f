// testbox is the one program in the node tests' fixture image: a static binary with a mode for
// each thing a test pod must do, so the tests need no base image with a shell.
//
//	testbox                     sleep until SIGTERM, reaping children (also the pod's pause)
//	testbox exit CODE           exit at once with CODE
//	testbox alloc MIB           allocate and touch MIB MiB, print "allocated", then sleep
//	testbox serve PORT TEXT     answer every HTTP request on PORT with TEXT
//	testbox find NAME SECONDS   print "found NAME pid N" once a process with NAME in its
//	                            command line shows in /proc, or "absent NAME" after SECONDS
//	testbox write FILE TEXT     write TEXT to FILE, then sleep
//	testbox read FILE SECONDS   print "read: <contents>" once FILE exists, or "missing FILE"
//	testbox dial ADDR SECONDS   print "connected ADDR" once a TCP connection to ADDR opens, or
//	                            "unreachable ADDR" after SECONDS
package main

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	args := os.Args[1:]
	if len(args) == 0 {
		sleep()
	}
	switch args[0] {
	case "exit":
		code, _ := strconv.Atoi(arg(args, 1))
		os.Exit(code)
	case "alloc":
		alloc(atoi(arg(args, 1)))
	case "serve":
		serve(arg(args, 1), arg(args, 2))
	case "find":
		find(arg(args, 1), atoi(arg(args, 2)))
	case "write":
		if err := os.WriteFile(arg(args, 1), []byte(arg(args, 2)), 0o644); err != nil {
			fail(err)
		}
		fmt.Println("wrote", arg(args, 1))
	case "read":
		read(arg(args, 1), atoi(arg(args, 2)))
	case "dial":
		dial(arg(args, 1), atoi(arg(args, 2)))
	default:
		fail(fmt.Errorf("unknown mode %q", args[0]))
	}
	sleep()
}

// sleep waits for SIGTERM or SIGINT and exits 0; as PID 1 it also reaps orphans, as a pause must.
func sleep() {
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT, syscall.SIGCHLD)
	for s := range signals {
		if s != syscall.SIGCHLD {
			os.Exit(0)
		}
		for {
			pid, err := syscall.Wait4(-1, nil, syscall.WNOHANG, nil)
			if pid <= 0 || err != nil {
				break
			}
		}
	}
}

// alloc holds the memory: a page touched is a page the cgroup counts.
var held [][]byte

func alloc(mib int) {
	for i := 0; i < mib; i++ {
		chunk := make([]byte, 1<<20)
		for j := 0; j < len(chunk); j += 4096 {
			chunk[j] = 1
		}
		held = append(held, chunk)
	}
	fmt.Println("allocated", mib, "MiB")
}

func serve(port, text string) {
	fmt.Println("serving on", port)
	err := http.ListenAndServe(":"+port, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, text)
	}))
	fail(err)
}

func find(name string, seconds int) {
	deadline := time.Now().Add(time.Duration(seconds) * time.Second)
	self := strconv.Itoa(os.Getpid())
	for time.Now().Before(deadline) {
		dirs, _ := filepath.Glob("/proc/[0-9]*")
		for _, dir := range dirs {
			pid := filepath.Base(dir)
			cmdline, err := os.ReadFile(dir + "/cmdline")
			if err != nil || pid == self {
				continue
			}
			if strings.Contains(strings.ReplaceAll(string(cmdline), "\x00", " "), name) {
				fmt.Println("found", name, "pid", pid)
				return
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	fmt.Println("absent", name)
}

func read(file string, seconds int) {
	deadline := time.Now().Add(time.Duration(seconds) * time.Second)
	for time.Now().Before(deadline) {
		if data, err := os.ReadFile(file); err == nil {
			fmt.Println("read:", string(data))
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	fmt.Println("missing", file)
}

func dial(addr string, seconds int) {
	deadline := time.Now().Add(time.Duration(seconds) * time.Second)
	for time.Now().Before(deadline) {
		if conn, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
			conn.Close()
			fmt.Println("connected", addr)
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	fmt.Println("unreachable", addr)
}

func arg(args []string, i int) string {
	if i >= len(args) {
		fail(fmt.Errorf("%s needs %d arguments", args[0], i))
	}
	return args[i]
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		fail(err)
	}
	return n
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "testbox:", err)
	os.Exit(2)
}
