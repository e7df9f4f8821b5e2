/* proc.h - test helpers: free loopback ports, child servers with piped stdin/stdout. */
#ifndef PROC_H
#define PROC_H

#include <sys/types.h>

typedef struct proc {
	pid_t pid;
	int in_fd;    /* child's stdin (write end), -1 if closed */
	int out_fd;   /* child's stdout+stderr (read end) */
} proc;

/** \brief A TCP port on 127.0.0.1 that was free a moment ago. */
int proc_free_port(void);

/** \brief Start argv[0] (PATH search) with pipes.  Returns 0 or -1. */
int proc_start(proc *p, char *const argv[]);

/** \brief Wait until 127.0.0.1:port accepts connections (probe connect). */
int proc_wait_port(int port, int timeout_ms);

/** \brief Read the child's output for up to timeout_ms, appending to buf; returns bytes read. */
size_t proc_read(proc *p, char *buf, size_t cap, size_t have, int timeout_ms);

/** \brief Read until `needle` (of nlen bytes) appears; returns 1 if found. */
int proc_expect(proc *p, const void *needle, size_t nlen, int timeout_ms);

/** \brief Terminate (SIGTERM, then wait) and return the exit status, or -1 if killed. */
int proc_stop(proc *p);

/** \brief Wait for the child to exit on its own (up to timeout_ms); exit status or -1. */
int proc_wait(proc *p, int timeout_ms);

#endif
