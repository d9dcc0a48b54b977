/*
 * lazyfs: a pass-through FUSE filesystem that can forget what was never fsynced, as a power cut does.
 *
 *   lazyfs BACKING MOUNTPOINT CONTROL_SOCKET OWNER_PID
 *
 * Every operation goes to BACKING at once, so reads (and mmap) see every write. For each file written since its
 * last fsync the daemon keeps an undo record: the file's length at that sync ("synced length") and the old bytes
 * of every 4 KiB block below that length that was overwritten or truncated away since. fsync/fdatasync forget the
 * record; "drop" (on CONTROL_SOCKET) applies every record: truncate to the synced length, write the saved blocks
 * back. Metadata (create, rename, unlink, mkdir) is durable at once. Appends, Kafka's common case, cost no memory.
 *
 * Control protocol (one line in, lines out, then "end"): "ping" -> "pong"; "stats" -> "dirty files=N bytes=M";
 * "drop" -> "file PATH synced=L length=C restored=R" per file, then "dropped files=N bytes=M".
 * The daemon unmounts itself (lazily) and exits when OWNER_PID dies, so a killed harness leaves no live mount.
 */
#define FUSE_USE_VERSION 31
#define _GNU_SOURCE
#include <fuse.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/un.h>
#include <unistd.h>

#define BLOCK 4096
#define BUCKETS 509

struct saved { off_t block; size_t len; char *data; };

struct state {
    dev_t dev; ino_t ino;
    int fd;                  /* our own O_RDWR descriptor: follows renames, outlives the writer's */
    off_t synced;            /* length at the last sync (or when first touched) */
    struct saved *blocks; size_t count, capacity;  /* sorted by block */
    struct state *next;
};

static int backing_fd = -1;
static char mountpoint[PATH_MAX];
static char control_path[PATH_MAX];
static pid_t owner_pid;
static struct state *table[BUCKETS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static const char *rel(const char *path) { return path[1] ? path + 1 : "."; }

static struct state *find(dev_t dev, ino_t ino) {
    for (struct state *s = table[ino % BUCKETS]; s; s = s->next)
        if (s->dev == dev && s->ino == ino) return s;
    return NULL;
}

/* The undo record of the file open as fd (or at path when fd < 0), created on first touch. Caller holds lock. */
static struct state *touch(int fd, const char *path) {
    struct stat st;
    if ((fd >= 0 ? fstat(fd, &st) : fstatat(backing_fd, rel(path), &st, 0)) != 0 || !S_ISREG(st.st_mode)) return NULL;
    struct state *s = find(st.st_dev, st.st_ino);
    if (s) return s;
    int own = openat(backing_fd, rel(path), O_RDWR | O_CLOEXEC);
    if (own < 0) return NULL;
    s = calloc(1, sizeof *s);
    s->dev = st.st_dev; s->ino = st.st_ino; s->fd = own; s->synced = st.st_size;
    s->next = table[st.st_ino % BUCKETS];
    table[st.st_ino % BUCKETS] = s;
    return s;
}

static void forget(struct state *s) {
    struct state **p = &table[s->ino % BUCKETS];
    while (*p != s) p = &(*p)->next;
    *p = s->next;
    for (size_t i = 0; i < s->count; i++) free(s->blocks[i].data);
    free(s->blocks);
    close(s->fd);
    free(s);
}

/* Forgets the record of an inode that has no name left (unlinked, or replaced by a rename). */
static void forget_if_unlinked(struct state *s) {
    struct stat st;
    if (s && fstat(s->fd, &st) == 0 && st.st_nlink == 0) forget(s);
}

static long find_block(struct state *s, off_t block, int *found) {
    long lo = 0, hi = (long)s->count;
    while (lo < hi) {
        long mid = (lo + hi) / 2;
        if (s->blocks[mid].block < block) lo = mid + 1; else hi = mid;
    }
    *found = lo < (long)s->count && s->blocks[lo].block == block;
    return lo;
}

/* Saves the synced bytes of every block of [off, off+len) not saved yet, before they change. */
static int save_range(struct state *s, off_t off, off_t len) {
    off_t end = off + len < s->synced ? off + len : s->synced;
    if (off >= end) return 0;   /* all at or past the synced length: nothing synced changes */
    for (off_t b = off / BLOCK; b * BLOCK < end; b++) {
        int found;
        long at = find_block(s, b, &found);
        if (found) continue;
        size_t n = (size_t)((b + 1) * BLOCK < s->synced ? BLOCK : s->synced - b * BLOCK);
        char *data = malloc(n);
        ssize_t got = pread(s->fd, data, n, b * BLOCK);
        if (got < 0) { free(data); return -errno; }
        if ((size_t)got < n) memset(data + got, 0, n - (size_t)got);
        if (s->count == s->capacity) {
            s->capacity = s->capacity ? s->capacity * 2 : 16;
            s->blocks = realloc(s->blocks, s->capacity * sizeof *s->blocks);
        }
        memmove(&s->blocks[at + 1], &s->blocks[at], (s->count - (size_t)at) * sizeof *s->blocks);
        s->blocks[at] = (struct saved){ b, n, data };
        s->count++;
    }
    return 0;
}

static off_t length_of(int fd) { struct stat st; return fstat(fd, &st) == 0 ? st.st_size : 0; }

static off_t unsynced_bytes(struct state *s) {
    off_t current = length_of(s->fd), bytes = current > s->synced ? current - s->synced : 0;
    for (size_t i = 0; i < s->count; i++) bytes += (off_t)s->blocks[i].len;
    return bytes;
}

/* ---- FUSE operations: pass-through to the backing directory, with undo records for data changes ---- */

static void *lz_init(struct fuse_conn_info *conn, struct fuse_config *cfg);

static int lz_getattr(const char *path, struct stat *st, struct fuse_file_info *fi) {
    int r = fi ? fstat((int)fi->fh, st) : fstatat(backing_fd, rel(path), st, AT_SYMLINK_NOFOLLOW);
    return r == 0 ? 0 : -errno;
}

static int lz_access(const char *path, int mask) { return faccessat(backing_fd, rel(path), mask, 0) == 0 ? 0 : -errno; }

static int lz_readlink(const char *path, char *buf, size_t size) {
    ssize_t n = readlinkat(backing_fd, rel(path), buf, size - 1);
    if (n < 0) return -errno;
    buf[n] = 0;
    return 0;
}

static int lz_readdir(const char *path, void *buf, fuse_fill_dir_t fill, off_t off, struct fuse_file_info *fi,
                      enum fuse_readdir_flags flags) {
    (void)off; (void)fi; (void)flags;
    int fd = openat(backing_fd, rel(path), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return -errno;
    DIR *dir = fdopendir(fd);
    if (!dir) { close(fd); return -errno; }
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        struct stat st = { .st_ino = e->d_ino, .st_mode = (mode_t)DTTOIF(e->d_type) };
        if (fill(buf, e->d_name, &st, 0, 0)) break;
    }
    closedir(dir);
    return 0;
}

static int lz_mkdir(const char *path, mode_t mode) { return mkdirat(backing_fd, rel(path), mode) == 0 ? 0 : -errno; }
static int lz_rmdir(const char *path) { return unlinkat(backing_fd, rel(path), AT_REMOVEDIR) == 0 ? 0 : -errno; }
static int lz_symlink(const char *target, const char *path) { return symlinkat(target, backing_fd, rel(path)) == 0 ? 0 : -errno; }

static int lz_link(const char *from, const char *to) {
    return linkat(backing_fd, rel(from), backing_fd, rel(to), 0) == 0 ? 0 : -errno;
}

static struct state *record_at(const char *path) {
    struct stat st;
    return fstatat(backing_fd, rel(path), &st, AT_SYMLINK_NOFOLLOW) == 0 ? find(st.st_dev, st.st_ino) : NULL;
}

static int lz_unlink(const char *path) {
    pthread_mutex_lock(&lock);
    struct state *s = record_at(path);
    int r = unlinkat(backing_fd, rel(path), 0) == 0 ? 0 : -errno;
    if (r == 0) forget_if_unlinked(s);
    pthread_mutex_unlock(&lock);
    return r;
}

static int lz_rename(const char *from, const char *to, unsigned int flags) {
    pthread_mutex_lock(&lock);
    struct state *replaced = record_at(to);
    int r = renameat2(backing_fd, rel(from), backing_fd, rel(to), flags) == 0 ? 0 : -errno;
    if (r == 0 && replaced != record_at(to)) forget_if_unlinked(replaced);
    pthread_mutex_unlock(&lock);
    return r;
}

static int lz_chmod(const char *path, mode_t mode, struct fuse_file_info *fi) {
    int r = fi ? fchmod((int)fi->fh, mode) : fchmodat(backing_fd, rel(path), mode, 0);
    return r == 0 ? 0 : -errno;
}

static int lz_chown(const char *path, uid_t uid, gid_t gid, struct fuse_file_info *fi) {
    int r = fi ? fchown((int)fi->fh, uid, gid) : fchownat(backing_fd, rel(path), uid, gid, AT_SYMLINK_NOFOLLOW);
    return r == 0 ? 0 : -errno;
}

static int lz_utimens(const char *path, const struct timespec tv[2], struct fuse_file_info *fi) {
    int r = fi ? futimens((int)fi->fh, tv) : utimensat(backing_fd, rel(path), tv, AT_SYMLINK_NOFOLLOW);
    return r == 0 ? 0 : -errno;
}

static int truncate_locked(struct state *s, int fd, off_t size) {
    if (!s) return -EIO;
    off_t current = length_of(fd);
    if (size < current) { int r = save_range(s, size, current - size); if (r) return r; }
    return ftruncate(fd, size) == 0 ? 0 : -errno;
}

static int lz_truncate(const char *path, off_t size, struct fuse_file_info *fi) {
    pthread_mutex_lock(&lock);
    struct state *s = touch(fi ? (int)fi->fh : -1, path);
    int r = truncate_locked(s, fi ? (int)fi->fh : s ? s->fd : -1, size);
    pthread_mutex_unlock(&lock);
    return r;
}

static int open_backing(const char *path, struct fuse_file_info *fi, int flags, mode_t mode) {
    int fd = openat(backing_fd, rel(path), (flags & ~O_TRUNC) | O_CLOEXEC, mode);
    if (fd < 0) return -errno;
    if (flags & O_TRUNC) {
        pthread_mutex_lock(&lock);
        int r = truncate_locked(touch(fd, path), fd, 0);
        pthread_mutex_unlock(&lock);
        if (r) { close(fd); return r; }
    }
    fi->fh = (uint64_t)fd;
    return 0;
}

static int lz_create(const char *path, mode_t mode, struct fuse_file_info *fi) { return open_backing(path, fi, fi->flags | O_CREAT, mode); }
static int lz_open(const char *path, struct fuse_file_info *fi) { return open_backing(path, fi, fi->flags, 0); }

static int lz_read(const char *path, char *buf, size_t size, off_t off, struct fuse_file_info *fi) {
    (void)path;
    ssize_t n = pread((int)fi->fh, buf, size, off);
    return n < 0 ? -errno : (int)n;
}

static int lz_write(const char *path, const char *buf, size_t size, off_t off, struct fuse_file_info *fi) {
    pthread_mutex_lock(&lock);
    int fd = (int)fi->fh;
    if (fi->flags & O_APPEND) off = length_of(fd);
    struct state *s = touch(fd, path);
    int r = s ? save_range(s, off, (off_t)size) : -EIO;
    ssize_t n = r ? r : pwrite(fd, buf, size, off);
    if (n < 0 && !r) r = -errno;
    pthread_mutex_unlock(&lock);
    return r ? r : (int)n;
}

static int lz_fsync(const char *path, int datasync, struct fuse_file_info *fi) {
    (void)path;
    int fd = (int)fi->fh;
    int r = (datasync ? fdatasync(fd) : fsync(fd)) == 0 ? 0 : -errno;
    pthread_mutex_lock(&lock);
    struct stat st;
    struct state *s = fstat(fd, &st) == 0 ? find(st.st_dev, st.st_ino) : NULL;
    if (r == 0 && s) forget(s);
    pthread_mutex_unlock(&lock);
    return r;
}

static int lz_fallocate(const char *path, int mode, off_t off, off_t len, struct fuse_file_info *fi) {
    pthread_mutex_lock(&lock);
    struct state *s = touch((int)fi->fh, path);
    int r = s ? save_range(s, off, len) : -EIO;
    if (!r && fallocate((int)fi->fh, mode, off, len) != 0) r = -errno;
    pthread_mutex_unlock(&lock);
    return r;
}

static int lz_statfs(const char *path, struct statvfs *st) { (void)path; return fstatvfs(backing_fd, st) == 0 ? 0 : -errno; }
static int lz_flush(const char *path, struct fuse_file_info *fi) { (void)path; (void)fi; return 0; }
static int lz_release(const char *path, struct fuse_file_info *fi) { (void)path; close((int)fi->fh); return 0; }
static int lz_fsyncdir(const char *path, int datasync, struct fuse_file_info *fi) { (void)path; (void)datasync; (void)fi; return 0; }

/* ---- control socket ---- */

static void drop_all(FILE *out) {
    pthread_mutex_lock(&lock);
    long files = 0; off_t bytes = 0;
    for (int i = 0; i < BUCKETS; i++) {
        while (table[i]) {
            struct state *s = table[i];
            off_t current = length_of(s->fd), restored = 0;
            off_t cut = current > s->synced ? current - s->synced : 0;
            int failed = ftruncate(s->fd, s->synced) != 0;
            for (size_t b = 0; b < s->count; b++) {
                if (pwrite(s->fd, s->blocks[b].data, s->blocks[b].len, s->blocks[b].block * BLOCK) != (ssize_t)s->blocks[b].len) failed = 1;
                restored += (off_t)s->blocks[b].len;
            }
            char link[64], name[PATH_MAX];
            snprintf(link, sizeof link, "/proc/self/fd/%d", s->fd);
            ssize_t n = readlink(link, name, sizeof name - 1);
            name[n < 0 ? 0 : n] = 0;
            if (cut + restored > 0 || failed) {
                files++; bytes += cut + restored;
                fprintf(out, "file %s synced=%lld length=%lld restored=%lld%s\n", name, (long long)s->synced, (long long)current,
                        (long long)restored, failed ? " failed" : "");
            }
            forget(s);
        }
    }
    pthread_mutex_unlock(&lock);
    fprintf(out, "dropped files=%ld bytes=%lld\n", files, (long long)bytes);
}

static void stats(FILE *out) {
    pthread_mutex_lock(&lock);
    long files = 0; off_t bytes = 0;
    for (int i = 0; i < BUCKETS; i++)
        for (struct state *s = table[i]; s; s = s->next) {
            off_t b = unsynced_bytes(s);
            if (b > 0) { files++; bytes += b; }
        }
    pthread_mutex_unlock(&lock);
    fprintf(out, "dirty files=%ld bytes=%lld\n", files, (long long)bytes);
}

static void *control_loop(void *arg) {
    int server = (int)(long)arg;
    for (;;) {
        int client = accept4(server, NULL, NULL, SOCK_CLOEXEC);
        if (client < 0) { if (errno == EINTR) continue; return NULL; }
        FILE *in = fdopen(client, "r+");
        char line[64];
        while (in && fgets(line, sizeof line, in)) {
            line[strcspn(line, "\r\n")] = 0;
            if (strcmp(line, "ping") == 0) fprintf(in, "pong\n");
            else if (strcmp(line, "stats") == 0) stats(in);
            else if (strcmp(line, "drop") == 0) drop_all(in);
            else fprintf(in, "error unknown command '%s' (ping, stats, drop)\n", line);
            fprintf(in, "end\n");
            fflush(in);
        }
        if (in) fclose(in); else close(client);
    }
}

static void detach_and_exit(void) {
    if (geteuid() == 0) umount2(mountpoint, MNT_DETACH);
    else { pid_t p = fork(); if (p == 0) { execlp("fusermount3", "fusermount3", "-u", "-z", mountpoint, (char *)NULL); _exit(127); } }
    unlink(control_path);
    _exit(0);
}

static void *owner_watch(void *arg) {
    (void)arg;
    for (;;) {
        if (kill(owner_pid, 0) != 0 && errno == ESRCH) {
            fprintf(stderr, "lazyfs: owner %d is gone; unmounting %s\n", (int)owner_pid, mountpoint);
            detach_and_exit();
        }
        usleep(500 * 1000);
    }
    return NULL;
}

static void *lz_init(struct fuse_conn_info *conn, struct fuse_config *cfg) {
    (void)conn;
    /* No kernel caching of attributes or names: a drop changes lengths behind the kernel's back. Page data is
       revalidated at every open (no kernel_cache), and direct_io stays off so mmap works. */
    cfg->attr_timeout = 0; cfg->entry_timeout = 0; cfg->negative_timeout = 0;
    cfg->kernel_cache = 0; cfg->direct_io = 0; cfg->use_ino = 1;
    int server = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un address = { .sun_family = AF_UNIX };
    size_t length = strlen(control_path);
    memcpy(address.sun_path, control_path, length < sizeof address.sun_path ? length : sizeof address.sun_path - 1);
    unlink(control_path);
    if (server < 0 || length >= sizeof address.sun_path || bind(server, (struct sockaddr *)&address, sizeof address) != 0 || listen(server, 4) != 0) {
        perror("lazyfs: control socket");
        detach_and_exit();
    }
    pthread_t thread;
    pthread_create(&thread, NULL, control_loop, (void *)(long)server);
    pthread_detach(thread);
    pthread_create(&thread, NULL, owner_watch, NULL);
    pthread_detach(thread);
    fprintf(stderr, "lazyfs: mounted %s\n", mountpoint);
    return NULL;
}

static const struct fuse_operations operations = {
    .init = lz_init, .getattr = lz_getattr, .access = lz_access, .readlink = lz_readlink, .readdir = lz_readdir,
    .mkdir = lz_mkdir, .rmdir = lz_rmdir, .symlink = lz_symlink, .link = lz_link, .unlink = lz_unlink,
    .rename = lz_rename, .chmod = lz_chmod, .chown = lz_chown, .utimens = lz_utimens, .truncate = lz_truncate,
    .create = lz_create, .open = lz_open, .read = lz_read, .write = lz_write, .fsync = lz_fsync,
    .fallocate = lz_fallocate, .statfs = lz_statfs, .flush = lz_flush, .release = lz_release, .fsyncdir = lz_fsyncdir,
};

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: lazyfs BACKING MOUNTPOINT CONTROL_SOCKET OWNER_PID\n");
        return 2;
    }
    backing_fd = open(argv[1], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (backing_fd < 0) { perror(argv[1]); return 2; }
    if (!realpath(argv[2], mountpoint)) { perror(argv[2]); return 2; }
    strncpy(control_path, argv[3], sizeof control_path - 1);
    owner_pid = (pid_t)atoi(argv[4]);
    char *fuse_argv[] = { argv[0], "-f", "-o", "fsname=lazyfs,subtype=lazyfs,max_threads=16", mountpoint, NULL };
    umask(0);
    int r = fuse_main(5, fuse_argv, &operations, NULL);
    unlink(control_path);
    return r;
}
