namespace SuperNet.Linux.Native;

/// <summary>Linux x86-64 / glibc constants (linux-process-notes §2 for the spawn flags and sizes).</summary>
internal static class Consts
{
    // Opaque glibc structure sizes, rounded up for safety.
    internal const int SpawnAttrSize = 336;
    internal const int FileActionsSize = 80;
    internal const int SigSetSize = 128;
    internal const int SigActionSize = 152;
    internal const int SigInfoSize = 128;

    internal const short POSIX_SPAWN_SETPGROUP = 0x2;
    internal const short POSIX_SPAWN_SETSIGDEF = 0x4;
    internal const short POSIX_SPAWN_SETSIGMASK = 0x8;
    internal const short POSIX_SPAWN_SETSID = 0x80;

    internal const int O_RDONLY = 0;
    internal const int O_WRONLY = 1;
    internal const int O_RDWR = 2;
    internal const int O_NONBLOCK = 0x800;
    internal const int O_CLOEXEC = 0x80000;
    internal const int O_NOFOLLOW = 0x20000;
    internal const int O_PATH = 0x200000;

    // statx: the same layout on every architecture, unlike struct stat.
    internal const int AT_EMPTY_PATH = 0x1000;
    internal const uint STATX_TYPE = 0x1;
    internal const int StatxSize = 256;
    internal const int StatxModeOffset = 28;
    internal const uint STATX_INO = 0x100;
    internal const int StatxInoOffset = 32;
    // stx_dev_major and stx_dev_minor, two u32 side by side: the device the inode lives on.
    internal const int StatxDevOffset = 136;
    internal const int AT_FDCWD = -100;
    internal const int S_IFMT = 0xF000;
    internal const int S_IFREG = 0x8000;
    internal const int S_IFSOCK = 0xC000;
    internal const int S_IFIFO = 0x1000;
    internal const int S_IFCHR = 0x2000;
    // stx_rdev_major and stx_rdev_minor: the device a character or block special file stands for.
    internal const int StatxRdevOffset = 128;

    internal const int F_SETFD = 2;
    internal const int FD_CLOEXEC = 1;
    internal const int F_GETFL = 3;
    internal const int F_SETFL = 4;
    internal const int F_DUPFD_CLOEXEC = 1030;
    internal const int F_SETPIPE_SZ = 1031;

    internal const int X_OK = 1;

    internal const int AF_UNIX = 1;
    internal const int AF_INET = 2;
    internal const int SOCK_STREAM = 1;
    internal const int SOCK_CLOEXEC = 0x80000;
    internal const int SOL_SOCKET = 1;
    internal const int SO_REUSEADDR = 2;
    // Python's socket.SOMAXCONN on this glibc; the kernel clamps it to net.core.somaxconn.
    internal const int SOMAXCONN = 4096;
    internal const int SockAddrUnSize = 110;
    internal const int SockAddrInSize = 16;

    internal const int SIG_UNBLOCK = 1;
    internal const int SIG_SETMASK = 2;
    internal const nint SIG_DFL = 0;
    internal const nint SIG_IGN = 1;

    internal const int P_ALL = 0;
    internal const int P_PID = 1;
    internal const int WNOHANG = 1;
    internal const int WEXITED = 4;
    internal const int WNOWAIT = 0x01000000;
    internal const int SigInfoPidOffset = 16;
    internal const short POLLIN = 1;

    internal const int PR_SET_PDEATHSIG = 1;
    internal const int PR_SET_NAME = 15;
    internal const int PR_SET_CHILD_SUBREAPER = 36;

    internal const int RLIMIT_NPROC = 6;
    internal const int RLIMIT_NOFILE = 7;
    internal const ulong RLIM_INFINITY = ulong.MaxValue;

    internal const int CLOSE_RANGE_CLOEXEC = 4;

    internal const int EPOLL_CLOEXEC = 0x80000;
    internal const int EPOLL_CTL_ADD = 1;
    internal const int EPOLL_CTL_DEL = 2;
    internal const int EPOLL_CTL_MOD = 3;
    internal const uint EPOLLIN = 0x1;
    internal const uint EPOLLOUT = 0x4;
    internal const uint EPOLLERR = 0x8;
    internal const uint EPOLLHUP = 0x10;
    internal const uint EPOLLONESHOT = 0x40000000;
    internal const int SOCK_NONBLOCK = 0x800;
    internal const int SO_SNDBUF = 7;
    internal const int IPPROTO_TCP = 6;
    internal const int TCP_NODELAY = 1;
    internal const int MSG_NOSIGNAL = 0x4000;
    internal const int EFD_NONBLOCK = 0x800;
    internal const uint SPLICE_F_MOVE = 1;
    internal const uint SPLICE_F_NONBLOCK = 2;
    internal const int EFD_CLOEXEC = 0x80000;
}
