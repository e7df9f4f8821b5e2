/* proc.c - child processes and ports for host tests (see proc.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "proc.h"

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* see proc.h */
int
proc_free_port(void)
{
	struct sockaddr_in a;
	socklen_t alen = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM, 0), port = -1;

	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0
		&& getsockname(fd, (struct sockaddr *)&a, &alen) == 0) {
		port = ntohs(a.sin_port);
	}
	if (fd >= 0) {
		close(fd);
	}
	return port;
}

/* see proc.h */
int
proc_start(proc *p, char *const argv[])
{
	int in[2], out[2];

	if (pipe(in) != 0 || pipe(out) != 0) {
		return -1;
	}
	p->pid = fork();
	if (p->pid < 0) {
		return -1;
	}
	if (p->pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		dup2(out[1], 2);
		close(in[1]);
		close(out[0]);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	p->in_fd = in[1];
	p->out_fd = out[0];
	fcntl(p->out_fd, F_SETFL, O_NONBLOCK);
	return 0;
}

/* see proc.h */
int
proc_wait_port(int port, int timeout_ms)
{
	long end = now_ms() + timeout_ms;

	while (now_ms() < end) {
		struct sockaddr_in a;
		int fd = socket(AF_INET, SOCK_STREAM, 0);

		memset(&a, 0, sizeof a);
		a.sin_family = AF_INET;
		a.sin_port = htons((uint16_t)port);
		a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		if (connect(fd, (struct sockaddr *)&a, sizeof a) == 0) {
			close(fd);
			return 0;
		}
		close(fd);
		usleep(20000);
	}
	return -1;
}

/* see proc.h */
size_t
proc_read(proc *p, char *buf, size_t cap, size_t have, int timeout_ms)
{
	struct pollfd pfd = { p->out_fd, POLLIN, 0 };
	long end = now_ms() + timeout_ms;

	while (have < cap) {
		long left = end - now_ms();
		ssize_t n;

		if (left <= 0 || poll(&pfd, 1, (int)left) <= 0) {
			break;
		}
		n = read(p->out_fd, buf + have, cap - have);
		if (n <= 0) {
			break;
		}
		have += (size_t)n;
		break;   /* return what came; callers loop */
	}
	return have;
}

/* see proc.h */
int
proc_expect(proc *p, const void *needle, size_t nlen, int timeout_ms)
{
	static char buf[1 << 16];
	size_t have = 0;
	long end = now_ms() + timeout_ms;

	while (now_ms() < end && have < sizeof buf) {
		size_t before = have;

		have = proc_read(p, buf, sizeof buf, have, 50);
		if (have >= nlen && have != before) {
			for (size_t i = 0; i + nlen <= have; i++) {
				if (memcmp(buf + i, needle, nlen) == 0) {
					return 1;
				}
			}
		}
	}
	return 0;
}

/* see proc.h */
int
proc_wait(proc *p, int timeout_ms)
{
	long end = now_ms() + timeout_ms;
	int st;

	while (now_ms() < end) {
		pid_t w = waitpid(p->pid, &st, WNOHANG);

		if (w == p->pid) {
			p->pid = -1;
			proc_stop(p);   /* closes the pipes */
			return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
		}
		usleep(5000);
	}
	return proc_stop(p);
}

/* see proc.h */
int
proc_stop(proc *p)
{
	int st = 0;

	if (p->in_fd >= 0) {
		close(p->in_fd);
		p->in_fd = -1;
	}
	if (p->pid > 0) {
		kill(p->pid, SIGTERM);
		waitpid(p->pid, &st, 0);
		p->pid = -1;
	}
	if (p->out_fd >= 0) {
		close(p->out_fd);
		p->out_fd = -1;
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}
