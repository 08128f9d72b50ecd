/* Finding gnuplot in $PATH and running it on a script: fork and execv, no shell, stdin and
 * stdout on /dev/null, stderr collected for the error message. Why apart: the only process
 * handling of the plot module. Invariants: the child runs in the script's folder (the script
 * names its files by base name); the pipe is drained to the end so gnuplot never blocks, and
 * the child is always waited for. */
#include "plot_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int xf_plot_find_program(const char *name, char *path, size_t n)
{
    if (strchr(name, '/')) {
        snprintf(path, n, "%s", name);
        return access(path, X_OK) == 0;
    }
    const char *p = getenv("PATH");
    if (!p || !*p)
        p = "/usr/local/bin:/usr/bin:/bin";
    while (*p) {
        const char *c = strchr(p, ':');
        size_t len = c ? (size_t)(c - p) : strlen(p);
        snprintf(path, n, "%.*s/%s", (int)(len ? len : 1), len ? p : ".", name);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0)
            return 1;
        if (!c)
            break;
        p = c + 1;
    }
    return 0;
}

/* Run gnuplot on the script in its folder; collect the first line of its stderr. */
int xf_plot_run_gnuplot(const char *prog, const char *folder, const char *script, xf_err *err)
{
    int pfd[2];
    if (pipe(pfd) != 0)
        return xf_err_set(err, XF_ERR_RUNTIME, "cannot run gnuplot: %s", strerror(errno));
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(pfd[0]);
        close(pfd[1]);
        return xf_err_set(err, XF_ERR_RUNTIME, "cannot run gnuplot: %s", strerror(errno));
    }
    if (pid == 0) {
        int nul = open("/dev/null", O_RDWR);
        if (nul >= 0) {
            dup2(nul, 0);
            dup2(nul, 1);
        }
        dup2(pfd[1], 2);
        close(pfd[0]);
        close(pfd[1]);
        if (chdir(folder) != 0)
            _exit(126);
        char *const args[] = {(char *)prog, (char *)script, NULL};
        execv(prog, args);
        _exit(127);
    }
    close(pfd[1]);
    char msg[4096];
    size_t got = 0;
    ssize_t r;
    while ((r = read(pfd[0], msg + got, sizeof msg - 1 - got)) > 0) {
        got += (size_t)r;
        if (got >= sizeof msg - 1) { /* keep draining so gnuplot never blocks */
            char sink[4096];
            while (read(pfd[0], sink, sizeof sink) > 0)
                ;
            break;
        }
    }
    msg[got] = '\0';
    close(pfd[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return XF_OK;
    /* the most telling line: the last non-empty one */
    char *line = NULL;
    for (char *t = strtok(msg, "\n"); t; t = strtok(NULL, "\n"))
        if (strspn(t, " \t^") != strlen(t))
            line = t;
    return xf_err_set(err, XF_ERR_RUNTIME, "gnuplot failed on %s/%s%s%s", folder, script,
                      line ? ": " : "", line ? line : "");
}
