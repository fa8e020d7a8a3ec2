// supernetd runs on Linux only (unix sockets with modes and owners, signals, posix_spawn).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
