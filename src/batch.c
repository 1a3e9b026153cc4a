#include "batch.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "cleanup.h"
#include "convert.h"
#include "format.h"

static const struct dc_pos S_nowhere = {0};

/* ---- Signals ------------------------------------------------------------
 *
 * Global, as in cleanup.c, for the same reason: the handler can reach
 * nothing else.  S_pids holds the running children; it changes only
 * while the fatal signals are blocked, so the handler never sees half a
 * change.  The handler passes the signal on and notes it; the parent goes
 * on relaying and reaping until every child has ended, then ends itself
 * by that signal. */
static pid_t S_pids[DC_MAX_JOBS];
static volatile sig_atomic_t S_caught;

static void S_forward(int sig)
{
	int errnum = errno;
	if (!S_caught)
		S_caught = sig;
	for (size_t i = 0; i < DC_MAX_JOBS; i++)
		if (S_pids[i] > 0)
			(void)kill(S_pids[i], sig);
	errno = errnum;
}

static void S_block(sigset_t *old)
{
	sigset_t set;
	(void)sigemptyset(&set);
	for (size_t i = 0; i < dc_n_fatal_signals; i++)
		(void)sigaddset(&set, dc_fatal_signals[i]);
	(void)sigprocmask(SIG_BLOCK, &set, old);
}

/* The forwarding handler for each fatal signal not ignored (cleanup.c
 * left those ignored at the start ignored, and so do we). */
static bool S_install_forward(void)
{
	for (size_t i = 0; i < dc_n_fatal_signals; i++) {
		struct sigaction old, act = {.sa_handler = S_forward};
		int sig = dc_fatal_signals[i];
		if (sigaction(sig, NULL, &old) != 0)
			return false;
		if (old.sa_handler == SIG_IGN)
			continue;
		(void)sigemptyset(&act.sa_mask);
		if (sigaction(sig, &act, NULL) != 0)
			return false;
	}
	return true;
}

/* End the parent as the signal it passed on would have: status 128+N. */
static void S_die_by(int sig)
{
	sigset_t set;
	(void)signal(sig, SIG_DFL);
	(void)sigemptyset(&set);
	(void)sigaddset(&set, sig);
	(void)sigprocmask(SIG_UNBLOCK, &set, NULL);
	(void)raise(sig);
}

/* ---- The batch ----------------------------------------------------------- */

/* One running child. */
struct S_job {
	pid_t pid;          /* 0: the slot is free */
	int fd;             /* the read end of its standard error */
	size_t input;       /* its input's index */
	struct dc_buf line; /* what came of a line not yet ended */
};

struct S_batch {
	const struct dc_options *opts;
	struct dc_diag *diag;
	char **outputs;     /* per input: DIR/NAME.EXT */
	struct S_job *jobs;
	size_t slots;       /* -j, at most one per input */
	size_t next;        /* the next input to start */
	size_t running, done, failed;
	int worst;          /* the highest exit status so far */
	bool progress;      /* a progress line on the terminal */
	size_t shown;       /* the length of the progress line shown */
};

static void S_free(struct S_batch *b)
{
	for (size_t i = 0; b->outputs && i < b->opts->n_inputs; i++)
		free(b->outputs[i]);
	free(b->outputs);
	for (size_t i = 0; b->jobs && i < b->slots; i++)
		dc_buf_free(&b->jobs[i].line);
	free(b->jobs);
}

/* DIR/BASE with BASE's extension (after the last dot that does not begin
 * it) replaced by EXT: "in/a.md" -> "DIR/a.pdf", ".notes" ->
 * "DIR/.notes.pdf".  The format's first extension is its usual one. */
static char *S_output_name(const char *dir, const char *input,
			   const char *ext)
{
	const char *slash = strrchr(input, '/');
	const char *base = slash ? slash + 1 : input;
	const char *dot = strrchr(base, '.');
	int stem = (int)(dot && dot != base ? (size_t)(dot - base)
					    : strlen(base));
	size_t dir_len = strlen(dir);
	const char *sep = dir_len && dir[dir_len - 1] == '/' ? "" : "/";
	size_t size = dir_len + 1 + (size_t)stem + 1 + strlen(ext) + 1;
	char *name = malloc(size);
	if (name)
		snprintf(name, size, "%s%s%.*s.%s", dir, sep, stem, base, ext);
	return name;
}

struct S_named {
	const char *output;
	size_t input;
};

static int S_by_name(const void *a, const void *b)
{
	const struct S_named *x = a, *y = b;
	int c = strcmp(x->output, y->output);
	return c ? c : (x->input > y->input) - (x->input < y->input);
}

/* Two inputs that would write one file: refused before anything runs,
 * since the second would silently replace the first. */
static enum dc_status S_check_names(struct S_batch *b)
{
	size_t n = b->opts->n_inputs;
	struct S_named *named = calloc(n, sizeof *named);
	if (!named)
		return dc_fail_oom(b->diag);
	for (size_t i = 0; i < n; i++)
		named[i] = (struct S_named){.output = b->outputs[i],
					    .input = i};
	qsort(named, n, sizeof *named, S_by_name);
	enum dc_status st = DC_OK;
	for (size_t i = 1; st == DC_OK && i < n; i++)
		if (strcmp(named[i - 1].output, named[i].output) == 0)
			st = dc_fail(b->diag, DC_ERR_USAGE, S_nowhere,
				     "'%s' and '%s' would both be written "
				     "to %s",
				     b->opts->inputs[named[i - 1].input],
				     b->opts->inputs[named[i].input],
				     named[i].output);
	free(named);
	return st;
}

static enum dc_status S_name_outputs(struct S_batch *b)
{
	const struct dc_format *to;
	/* Checked once here rather than in every child. */
	DC_TRY(dc_convert_output_format(b->opts, &to, b->diag));
	const char *ext = to->extensions && to->extensions[0]
				  ? to->extensions[0]
				  : to->name;
	b->outputs = calloc(b->opts->n_inputs, sizeof *b->outputs);
	if (!b->outputs)
		return dc_fail_oom(b->diag);
	for (size_t i = 0; i < b->opts->n_inputs; i++)
		if (!(b->outputs[i] = S_output_name(b->opts->outdir,
						    b->opts->inputs[i], ext)))
			return dc_fail_oom(b->diag);
	return S_check_names(b);
}

/* mkdir -p: each missing folder of PATH, with the usual permissions. */
static enum dc_status S_make_dir(const char *path, struct dc_diag *diag)
{
	struct dc_pos pos = {.file = path};
	char *dir = strdup(path);
	if (!dir)
		return dc_fail_oom(diag);
	int errnum = 0;
	for (char *p = dir + 1; !errnum; p++) {
		bool end = *p == '\0';
		if (*p != '/' && !end)
			continue;
		*p = '\0';
		if (mkdir(dir, 0777) != 0 && errno != EEXIST)
			errnum = errno;
		if (end)
			break;
		*p = '/';
	}
	struct stat st;
	if (!errnum && stat(path, &st) != 0)
		errnum = errno;
	else if (!errnum && !S_ISDIR(st.st_mode))
		errnum = ENOTDIR;
	free(dir);
	if (errnum)
		return dc_fail_errno(diag, DC_ERR_CANTCREAT, errnum, pos,
				     "cannot create output folder");
	return DC_OK;
}

/* ---- Standard error: relayed lines and the progress line ---------------- */

/* All of LEN bytes of DATA to standard error; a failure to write there
 * has nowhere to be reported. */
static void S_put(const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(STDERR_FILENO, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		data += n;
		len -= (size_t)n;
	}
}

static void S_progress_clear(struct S_batch *b)
{
	if (!b->shown)
		return;
	char blank[128];
	size_t n = b->shown < sizeof blank - 2 ? b->shown : sizeof blank - 2;
	blank[0] = '\r';
	memset(blank + 1, ' ', n);
	blank[n + 1] = '\r';
	S_put(blank, n + 2);
	b->shown = 0;
}

/* "docconv: 3/10 done, 1 failed", over the line shown before. */
static void S_progress_show(struct S_batch *b)
{
	if (!b->progress)
		return;
	char line[120];
	int n = snprintf(line, sizeof line, "\r%s: %zu/%zu done",
			 b->diag->program, b->done, b->opts->n_inputs);
	if (n > 0 && b->failed && (size_t)n < sizeof line)
		n += snprintf(line + n, sizeof line - (size_t)n,
			      ", %zu failed", b->failed);
	if (n <= 0 || (size_t)n >= sizeof line)
		return;
	S_progress_clear(b);
	S_put(line, (size_t)n);
	b->shown = (size_t)n - 1;
}

/* Pass on the whole lines of JOB's standard error (the last one too when
 * AT_END), with the progress line out of their way.  Lines are written
 * whole, one child's never inside another's. */
static void S_relay(struct S_batch *b, struct S_job *job, bool at_end)
{
	struct dc_buf *line = &job->line;
	size_t len = line->len;
	if (!at_end)
		while (len > 0 && line->data[len - 1] != '\n')
			len--;
	if (len == 0)
		return;
	S_progress_clear(b);
	S_put(line->data, len);
	if (at_end && line->data[len - 1] != '\n')
		S_put("\n", 1);
	memmove(line->data, line->data + len, line->len - len);
	line->len -= len;
	S_progress_show(b);
}

/* Read what JOB's child wrote; false at the end (the pipe closed, as
 * the child ended). */
static bool S_read(struct S_batch *b, struct S_job *job)
{
	char chunk[4096];
	ssize_t n = read(job->fd, chunk, sizeof chunk);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return true;
	if (n <= 0)
		return false;
	if (!dc_buf_append(&job->line, chunk, (size_t)n)) {
		/* No room to gather a line: pass the bytes on as they are. */
		S_relay(b, job, true);
		S_put(chunk, (size_t)n);
		return true;
	}
	S_relay(b, job, false);
	return true;
}

/* ---- Children ------------------------------------------------------------ */

/* In the child: standard error into the pipe, the cleanup handlers in
 * place of the parent's forwarding ones (signals are still blocked, so
 * none is missed in between), then the one conversion. */
static int S_child(struct S_batch *b, size_t input, int fds[2],
		   const sigset_t *mask)
{
	struct dc_diag *diag = b->diag;
	for (size_t i = 0; i < b->slots; i++)
		if (b->jobs[i].pid > 0)
			(void)close(b->jobs[i].fd);
	(void)close(fds[0]);
	bool ok = dup2(fds[1], STDERR_FILENO) >= 0;
	int errnum = errno;
	(void)close(fds[1]);
	if (ok) {
		ok = dc_cleanup_install();
		errnum = errno;
	}
	(void)sigprocmask(SIG_SETMASK, mask, NULL);
	enum dc_status st;
	if (!ok) {
		st = dc_fail_errno(diag, DC_ERR_SOFTWARE, errnum, S_nowhere,
				   "cannot set up a conversion");
	} else {
		struct dc_options one = *b->opts;
		one.inputs = &b->opts->inputs[input];
		one.n_inputs = 1;
		one.output = b->outputs[input];
		one.outdir = NULL;
		st = dc_convert(&one, diag);
	}
	S_free(b);
	return (int)st;
}

/* Start the next input in the free slot JOB.  Returns -1 in the parent
 * (DIAG holds why when the start failed: *ST), else, in the child, the
 * child's exit status. */
static int S_spawn(struct S_batch *b, struct S_job *job, enum dc_status *st)
{
	int fds[2];
	*st = DC_OK;
	if (pipe(fds) != 0) {
		*st = dc_fail_errno(b->diag, DC_ERR_SOFTWARE, errno,
				    S_nowhere, "cannot start a conversion");
		return -1;
	}
	sigset_t old;
	S_block(&old);
	/* Checked with the signals blocked: a signal that came in the
	 * meantime starts no new child, and one that comes later finds
	 * this child in S_pids. */
	pid_t pid = S_caught ? -1 : fork();
	int errnum = errno;
	if (pid == 0)
		return S_child(b, b->next, fds, &old);
	(void)close(fds[1]);
	if (pid < 0) {
		(void)close(fds[0]);
		(void)sigprocmask(SIG_SETMASK, &old, NULL);
		if (!S_caught)
			*st = dc_fail_errno(b->diag, DC_ERR_SOFTWARE, errnum,
					    S_nowhere,
					    "cannot start a conversion");
		return -1;
	}
	*job = (struct S_job){.pid = pid, .fd = fds[0], .input = b->next,
			      .line = job->line};
	S_pids[job - b->jobs] = pid;
	(void)sigprocmask(SIG_SETMASK, &old, NULL);
	b->next++;
	b->running++;
	return -1;
}

/* The exit status of a child as the shell would give it. */
static int S_status(struct S_batch *b, const struct S_job *job, int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	int sig = WIFSIGNALED(wstatus) ? WTERMSIG(wstatus) : 0;
	if (!S_caught) {  /* not ours to pass on: say so */
		char msg[256];
		int n = snprintf(msg, sizeof msg,
				 "%s: error: %s: the conversion was killed "
				 "by signal %d\n", b->diag->program,
				 b->opts->inputs[job->input], sig);
		S_progress_clear(b);
		if (n > 0)
			S_put(msg, (size_t)n < sizeof msg ? (size_t)n
							  : sizeof msg - 1);
	}
	return 128 + sig;
}

/* JOB's pipe closed: its child has ended, or is ending; wait for it. */
static void S_reap(struct S_batch *b, struct S_job *job)
{
	S_relay(b, job, true);
	(void)close(job->fd);
	int wstatus = 0;
	while (waitpid(job->pid, &wstatus, 0) < 0 && errno == EINTR)
		continue;
	sigset_t old;
	S_block(&old);
	S_pids[job - b->jobs] = 0;
	(void)sigprocmask(SIG_SETMASK, &old, NULL);
	int status = S_status(b, job, wstatus);
	job->pid = 0;
	b->running--;
	b->done++;
	if (status != 0)
		b->failed++;
	if (status > b->worst)
		b->worst = status;
	S_progress_show(b);
}

/* Wait until some child has written or ended, and deal with it. */
static void S_wait(struct S_batch *b)
{
	struct pollfd fds[DC_MAX_JOBS];
	struct S_job *which[DC_MAX_JOBS];
	nfds_t n = 0;
	for (size_t i = 0; i < b->slots; i++) {
		if (b->jobs[i].pid <= 0)
			continue;
		fds[n] = (struct pollfd){.fd = b->jobs[i].fd,
					 .events = POLLIN};
		which[n++] = &b->jobs[i];
	}
	if (poll(fds, n, -1) < 0)
		return;  /* EINTR: a signal, passed on; look again */
	for (nfds_t i = 0; i < n; i++)
		if (fds[i].revents && !S_read(b, which[i]))
			S_reap(b, which[i]);
}

/* -j, else the number of CPUs online; never more than one per input. */
static size_t S_slots(const struct dc_options *opts)
{
	long jobs = opts->jobs;
	if (jobs < 1)
		jobs = sysconf(_SC_NPROCESSORS_ONLN);
	if (jobs < 1)
		jobs = 1;
	if (jobs > DC_MAX_JOBS)
		jobs = DC_MAX_JOBS;
	return (size_t)jobs < opts->n_inputs ? (size_t)jobs : opts->n_inputs;
}

static enum dc_status S_prepare(struct S_batch *b)
{
	DC_TRY(S_name_outputs(b));
	DC_TRY(S_make_dir(b->opts->outdir, b->diag));
	b->slots = S_slots(b->opts);
	b->jobs = calloc(b->slots, sizeof *b->jobs);
	if (!b->jobs)
		return dc_fail_oom(b->diag);
	if (!S_install_forward())
		return dc_fail_errno(b->diag, DC_ERR_SOFTWARE, errno,
				     S_nowhere,
				     "cannot install signal handlers");
	/* Nothing buffered may be written twice, once by each child. */
	(void)fflush(NULL);
	return DC_OK;
}

/* Keep every slot busy until the inputs run out, then let the last ones
 * end.  Returns -1 in the parent, else (in a child) its exit status. */
static int S_loop(struct S_batch *b, enum dc_status *st)
{
	while (b->running > 0 || (b->next < b->opts->n_inputs && !S_caught &&
				   *st == DC_OK)) {
		for (size_t i = 0; i < b->slots && *st == DC_OK && !S_caught &&
				   b->next < b->opts->n_inputs;
		     i++) {
			if (b->jobs[i].pid > 0)
				continue;
			int child = S_spawn(b, &b->jobs[i], st);
			if (child >= 0)
				return child;
		}
		if (b->running > 0)
			S_wait(b);
	}
	return -1;
}

int dc_batch(const struct dc_options *opts, struct dc_diag *diag)
{
	struct S_batch b = {
		.opts = opts,
		.diag = diag,
		.progress = diag->verbosity != DC_QUIET &&
			    isatty(STDERR_FILENO),
	};
	enum dc_status st = S_prepare(&b);
	if (st == DC_OK) {
		S_progress_show(&b);
		int child = S_loop(&b, &st);
		if (child >= 0)
			return child;
	}
	S_progress_clear(&b);
	S_free(&b);
	if (S_caught)
		S_die_by(S_caught);
	/* The batch's own failure (nothing started, or a start failed)
	 * outranks none of the conversions': the highest wins. */
	return (int)st > b.worst ? (int)st : b.worst;
}
