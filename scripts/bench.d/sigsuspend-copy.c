// Preloaded into Ferry under valgrind by `scripts/bench --profile`.
//
// libdispatch's main thread waits in sigsuspend() with a mask that lives in read-only memory. Valgrind 3.19 (Debian
// 12) edits the mask it is given in place (to keep its own signals deliverable) and crashes on the read-only page
// ("VALGRIND INTERNAL ERROR: Valgrind received a signal 11", faulting address inside libdispatch.so). This
// sigsuspend() hands the kernel a writable copy instead; it changes nothing else.
#define _GNU_SOURCE
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

int sigsuspend(const sigset_t *mask) {
    sigset_t copy = *mask;
    return (int)syscall(SYS_rt_sigsuspend, &copy, (size_t)(_NSIG / 8));
}
